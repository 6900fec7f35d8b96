/**
 * `gam.sh`: what users.csv cannot carry, as GAM7 commands: users' display names and address-list
 * visibility, groups with their aliases and members, users' aliases, calendar resources and their
 * delegates, then Gmail delegation for the users' mailbox grants. Every value is one single-quoted shell word.
 */
import type { SeedResource } from '../../../local/emulator';
import type { OrganizationScan } from '../../model';
import { Directory, oneLine, truncate } from '../vendor-common';
import { shQuote } from './shell-quote';
import { googleNames, googleUsernameProblem, withoutRefused } from './users-csv';

/** The longest group name Google takes ("Username and group name guidelines"). */
export const GOOGLE_GROUP_NAME_MAX = 73;

export interface GamScript {
  readonly text: string;
  readonly counts: { readonly groups: number; readonly resources: number; readonly aliases: number; readonly delegations: number };
}

/**
 * GAM7's return codes, from its source (src/gam/__init__.py): a create that finds the address or id taken
 * answers ENTITY_DUPLICATE_RC; adding a member that is there already fails as any failed action does
 * (ACTION_FAILED_RC); `gam whatis` answers with the kind of entity that holds an address.
 */
export const GAM_RC = {
  ACTION_FAILED: 50, DUPLICATE: 57, IS_USER: 20, IS_USER_ALIAS: 21, IS_GROUP: 22, IS_GROUP_ALIAS: 23, UNKNOWN: 59,
} as const;

const HEADER = (org: OrganizationScan['organization'], toolVersion: string) => [
  '#!/usr/bin/env bash',
  `# gam.sh: the directory of the WorkMail organization ${org.alias} (${org.id}) for Google Workspace,`,
  `# written by cdk-workmail ${toolVersion} (export --format google).`,
  '#',
  '# Run it after users.csv is uploaded in the Google Admin console (see users.README.txt), with GAM7 installed',
  '# and authorized for your Google Workspace account: bash gam.sh (on Windows, in Git Bash or WSL).',
  '#',
  '# In this order, it:',
  '#   1. sets the users\' display names and hides the users hidden from the address list;',
  '#   2. creates the groups, then adds their aliases and members (nested groups as members);',
  '#   3. adds the users\' aliases;',
  '#   4. creates the calendar resources and gives their delegates writer access to their calendars;',
  '#   5. makes the grantees of each user\'s mailbox its Gmail delegates.',
  '#',
  '# It can run again and change nothing: when GAM answers that an address or resource exists already, the',
  '# script asks GAM what holds it, and counts it as done only when it is the entity this script makes. When',
  '# another entity holds it, it reports the conflict naming both, leaves that entity alone, and exits 1 at',
  '# the end. Every value is a single-quoted word, so nothing in a name is run by the shell.',
  '# It needs only bash 3.2 (the one macOS ships).',
  '# Run by sh (dash on Debian and Ubuntu), it starts again under bash before reading anything bash-only.',
  'if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi',
  'set -euo pipefail',
  '',
  `readonly RC_ACTION_FAILED=${GAM_RC.ACTION_FAILED} RC_DUPLICATE=${GAM_RC.DUPLICATE} RC_IS_USER_ALIAS=${GAM_RC.IS_USER_ALIAS} `
    + `RC_IS_GROUP=${GAM_RC.IS_GROUP} RC_IS_GROUP_ALIAS=${GAM_RC.IS_GROUP_ALIAS}`,
  'conflicts=0',
  '# Addresses and resource ids held by another entity: nothing more is done to them.',
  'held_by_other=$\'\\n\'',
  '',
  'lower() { printf \'%s\' "$1" | tr \'[:upper:]\' \'[:lower:]\'; }',
  'stop() { echo "gam.sh: gam $2 failed with return code $1; stopping." >&2; exit "$1"; }',
  'is_other() { case $held_by_other in *$\'\\n\'"$(lower "$1")"$\'\\n\'*) return 0 ;; esac; return 1; }',
  'conflict() {',
  '  echo "gam.sh: CONFLICT: $2" >&2',
  '  conflicts=$((conflicts + 1))',
  '  held_by_other+="$(lower "$1")"$\'\\n\'',
  '}',
  '',
  '# Runs one GAM command; any failure stops the script.',
  'run() { local rc=0; gam "$@" || rc=$?; if [ "$rc" -ne 0 ]; then stop "$rc" "$1 $2 $3"; fi; }',
  '',
  '# What holds an address, as GAM\'s whatis says: its return code in what_rc, its answer ("Group: g@x",',
  '# "User Alias: a@x, User: u@x") in what_is, lower-cased.',
  'whatis() {',
  '  what_rc=0',
  '  what_is=$(gam whatis "$1" noinfo noinvitablecheck 2>/dev/null) || what_rc=$?',
  '  what_is=$(lower "${what_is%%$\'\\n\'*}")',
  '  what_is=${what_is%$\'\\r\'}',
  '}',
  '',
  '# Whether GAM\'s info output ($1) has the line "$2: $3" (indented as GAM indents; Windows line ends allowed).',
  'has_line() {',
  '  local line',
  '  while IFS= read -r line; do',
  '    line=${line%$\'\\r\'}',
  '    if [ "${line#"${line%%[! ]*}"}" = "$2: $3" ]; then return 0; fi',
  '  done <<<"$1"',
  '  return 1',
  '}',
  '',
  '# Creates a group; when GAM answers duplicate, the address must be a group (whatis) with this name (info group).',
  'group_once() {',
  '  local address=$1 name=$2 rc=0 info',
  '  shift 2',
  '  gam create group "$address" name "$name" "$@" || rc=$?',
  '  if [ "$rc" -eq 0 ]; then return 0; fi',
  '  if [ "$rc" -ne "$RC_DUPLICATE" ]; then stop "$rc" "create group $address"; fi',
  '  whatis "$address"',
  '  if [ "$what_rc" -eq "$RC_IS_GROUP" ]; then',
  '    info=$(gam info group "$address" quick name 2>/dev/null) || true',
  '    if has_line "$info" name "$name"; then return 0; fi',
  '    what_is="the group named otherwise ($(printf \'%s\' "$info" | grep -m1 \'name:\' | sed \'s/^ *//\' || true))"',
  '  fi',
  '  conflict "$address" "$address is held by ${what_is:-an entity GAM does not name} (whatis $what_rc), not by the group \'$name\'"',
  '}',
  '',
  '# Adds an alias to a user or group; when GAM answers duplicate, the alias must be that user\'s or group\'s.',
  'alias_once() {',
  '  local alias=$1 kind=$2 target=$3 rc=0 want_rc want',
  '  if is_other "$target"; then return 0; fi',
  '  gam create alias "$alias" "$kind" "$target" || rc=$?',
  '  if [ "$rc" -eq 0 ]; then return 0; fi',
  '  if [ "$rc" -ne "$RC_DUPLICATE" ]; then stop "$rc" "create alias $alias"; fi',
  '  if [ "$kind" = group ]; then want_rc=$RC_IS_GROUP_ALIAS want="group alias: $alias, group: $target"',
  '  else want_rc=$RC_IS_USER_ALIAS want="user alias: $alias, user: $target"; fi',
  '  whatis "$alias"',
  '  if [ "$what_rc" -eq "$want_rc" ] && [ "$what_is" = "$(lower "$want")" ]; then return 0; fi',
  '  conflict "$alias" "$alias is held by ${what_is:-an entity GAM does not name} (whatis $what_rc), not as an alias of the $kind $target"',
  '}',
  '',
  '# Adds a member; GAM fails an add of a member that is there already, so that failure asks whether it is.',
  'member_once() {',
  '  local group=$1 member=$2 rc=0',
  '  if is_other "$group" || is_other "$member"; then return 0; fi',
  '  gam update group "$group" add member "$member" || rc=$?',
  '  if [ "$rc" -eq 0 ]; then return 0; fi',
  '  if [ "$rc" -eq "$RC_ACTION_FAILED" ] && gam info member "$member" "$group" >/dev/null 2>&1; then return 0; fi',
  '  stop "$rc" "update group $group add member $member"',
  '}',
  '',
  '# Creates a calendar resource; when GAM answers duplicate, the resource with that id must have this name.',
  'resource_once() {',
  '  local id=$1 name=$2 rc=0 info',
  '  shift 2',
  '  gam create resource "$id" "$name" "$@" || rc=$?',
  '  if [ "$rc" -eq 0 ]; then return 0; fi',
  '  if [ "$rc" -ne "$RC_DUPLICATE" ]; then stop "$rc" "create resource $id"; fi',
  '  info=$(gam info resource "$id" 2>/dev/null) || true',
  '  if has_line "$info" Name "$name"; then return 0; fi',
  '  conflict "$id" "the resource id $id is held by a resource named otherwise ($(printf \'%s\' "$info" | grep -m1 \'Name:\' || true)), not by \'$name\'"',
  '}',
  '',
  '# Gives a delegate writer access to a resource calendar (not when either is held by another entity).',
  'resource_acl() { if ! is_other "$1" && ! is_other "$3"; then run resource "$1" add acls writer "$2:$3"; fi; }',
  '',
  '# Makes a user a Gmail delegate of another. Whatever GAM answers for a delegate that is there already, a failed',
  '# add asks the mailbox\'s delegate list whether it is, so a second run changes nothing.',
  'delegate_once() {',
  '  local mailbox=$1 delegate=$2 rc=0',
  '  if is_other "$mailbox" || is_other "$delegate"; then return 0; fi',
  '  gam user "$mailbox" add delegate "$delegate" || rc=$?',
  '  if [ "$rc" -eq 0 ]; then return 0; fi',
  '  if gam user "$mailbox" print delegates 2>/dev/null | tr \',\' \'\\n\' | tr -d \'\\r\' | grep -qixF -- "$delegate"; then return 0; fi',
  '  stop "$rc" "user $mailbox add delegate $delegate"',
  '}',
];

const FOOTER = [
  '',
  'if [ "$conflicts" -gt 0 ]; then',
  '  echo "gam.sh: $conflicts conflicts (above): another entity holds those addresses or ids, and nothing was done to it or to what" >&2',
  '  echo "gam.sh: would have used it. Resolve each (rename or remove one of the two), then run gam.sh again." >&2',
  '  exit 1',
  'fi',
];

/** The script for one organization; what it cannot carry goes to notMapped. */
export function gamScript(scan: OrganizationScan, toolVersion: string, notMapped: string[]): GamScript {
  const org = scan.organization;
  const directory = new Directory(scan);
  const lines: string[] = [...HEADER(org, toolVersion)];
  const words = (...values: string[]) => values.join(' ');
  let aliasCount = 0;

  // 1. Users: Google makes a display name "First Last"; a different WorkMail display name is set after the upload.
  const users = org.users.filter((u) => u.email);
  const userLines: string[] = [];
  for (const user of users) {
    const names = googleNames(user);
    const displayName = oneLine(user.displayName ?? user.name, `user “${user.name}”: display name`, notMapped);
    const settings: string[] = [];
    if (displayName !== `${names.first} ${names.last}`) settings.push('displayname', shQuote(displayName));
    if (user.hiddenFromAddressList) settings.push('gal', 'false');
    if (settings.length > 0) userLines.push(words('run update user', shQuote(user.email!), ...settings));
  }
  if (userLines.length > 0) lines.push('', '# 1. Users\' display names and address-list visibility.');
  // One push per line: spreading a large directory's lines into one call overflows the stack.
  for (const line of userLines) lines.push(line);

  // 2. Groups: all created before any membership, so that a nested group exists when it is added.
  const groups = org.groups.filter((g) => g.email);
  for (const group of org.groups.filter((g) => !g.email)) {
    notMapped.push(`Group “${group.name}” has no address (it is not registered to WorkMail): a Google group needs one, so it is not created.`);
  }
  if (groups.length > 0) lines.push('', '# 2. Groups, their aliases, then their members.');
  for (const group of groups) {
    // Trimmed: Google keeps no leading or trailing space, and the next run compares the name it reports.
    const whole = withoutRefused(oneLine(group.name, `group “${group.name}”: name`, notMapped).trim(), /[<>=]/g,
      `Group “${group.name}”: its name`, notMapped);
    const short = truncate(whole, GOOGLE_GROUP_NAME_MAX);
    if (short !== whole) {
      notMapped.push(`Group “${group.name}”: its name has more than the ${GOOGLE_GROUP_NAME_MAX} characters Google takes: it is “${short}”.`);
    }
    const name = shQuote(short);
    const problem = googleUsernameProblem(group.email!);
    if (problem) notMapped.push(`Group “${group.name}”: Google may refuse ${group.email} as a group address: ${problem}.`);
    lines.push(words('group_once', shQuote(group.email!), name, ...(group.hiddenFromAddressList ? ['gal', 'false'] : [])));
  }
  const checkAlias = (alias: string, owner: string) => {
    const problem = googleUsernameProblem(alias);
    if (problem) notMapped.push(`Alias ${alias} of ${owner}: Google may refuse it: ${problem}.`);
  };
  for (const group of groups) {
    (group.aliases ?? []).forEach((alias) => checkAlias(alias, group.email!));
    for (const alias of group.aliases ?? []) lines.push(words('alias_once', shQuote(alias), 'group', shQuote(group.email!)));
    aliasCount += (group.aliases ?? []).length;
  }
  for (const group of groups) {
    const members: string[] = [];
    for (const member of group.members ?? []) {
      const email = directory.emailOf(member);
      if (email) {
        members.push(email);
      } else {
        notMapped.push(`Member “${member}” of group “${group.name}” has no mailbox or address in WorkMail: it is not added.`);
      }
    }
    for (const email of members.sort()) lines.push(words('member_once', shQuote(group.email!), shQuote(email)));
  }

  // 3. Users' aliases (after the groups: an alias is an address of the account, whichever its target).
  const withAliases = users.filter((u) => (u.aliases ?? []).length > 0);
  if (withAliases.length > 0) lines.push('', '# 3. Users\' aliases.');
  for (const user of withAliases) {
    user.aliases!.forEach((alias) => checkAlias(alias, user.email!));
    for (const alias of user.aliases!) lines.push(words('alias_once', shQuote(alias), 'user', shQuote(user.email!)));
    aliasCount += user.aliases!.length;
  }
  for (const user of org.users.filter((u) => !u.email && (u.aliases ?? []).length > 0)) {
    notMapped.push(`User “${user.name}” has aliases but no mailbox: its aliases are left out.`);
  }

  // 4. Calendar resources.
  const resources = org.resources.filter((r) => r.email);
  for (const resource of org.resources.filter((r) => !r.email)) {
    notMapped.push(`Resource “${resource.name}” has no address (it is not registered to WorkMail): no calendar resource is created for it.`);
  }
  if (resources.length > 0) lines.push('', '# 4. Calendar resources and their delegates.');
  for (const resource of resources) lines.push(...resourceLines(resource, directory, notMapped));

  // 5. Mailbox grants: Gmail delegation (read, send and delete the mail, sent mail shown as sent by the delegate) is the
  // one Google has, between users only; every WorkMail permission of a user grantee becomes it.
  const delegations: string[] = [];
  for (const mailbox of [...users, ...resources]) {
    for (const grant of mailbox.permissions ?? []) {
      const found = directory.entry(grant.grantee);
      const what = `${'type' in mailbox ? 'Resource' : 'User'} “${mailbox.name}”: ${grant.permissions.join(', ')} of “${grant.grantee}”`;
      if ('type' in mailbox) {
        notMapped.push(`${what} is not carried: a calendar resource has no Gmail mailbox to delegate; share its calendar (gam calendar ... add acls) by hand.`);
      } else if (found?.kind !== 'user' || !found.entity.email) {
        notMapped.push(`${what} is not carried: a Gmail delegate is a user with a mailbox; make ${found?.kind === 'group' ? 'its members' : 'one'} delegates by hand.`);
      } else {
        delegations.push(words('delegate_once', shQuote(mailbox.email!), shQuote(found.entity.email)));
        if (grant.permissions.some((p) => p !== 'SEND_ON_BEHALF')) {
          notMapped.push(`${what} becomes Gmail delegation: the delegate reads the mailbox and sends as “sent by” the delegate; `
            + 'to send as the owner without that, add the address as a "Send mail as" address of the delegate by hand.');
        }
      }
    }
  }
  if (delegations.length > 0) lines.push('', '# 5. Mailbox grants as Gmail delegates.', ...delegations);

  lines.push(...FOOTER);
  return {
    text: lines.join('\n') + '\n',
    counts: { groups: groups.length, resources: resources.length, aliases: aliasCount, delegations: delegations.length },
  };
}

function resourceLines(resource: SeedResource, directory: Directory, notMapped: string[]): string[] {
  const id = shQuote(oneLine(resource.name, `resource “${resource.name}”: name`, notMapped).trim());
  const description = resource.description
    ? ['description', shQuote(oneLine(resource.description, `resource “${resource.name}”: description`, notMapped))]
    : [];
  const [category, type] = resource.type === 'ROOM' ? ['conference_room', 'Room'] : ['other', 'Equipment'];
  const lines = [['resource_once', id, id, 'category', category, 'type', shQuote(type), ...description].join(' ')];
  if ((resource.aliases ?? []).length > 0) {
    notMapped.push(`Resource “${resource.name}”: its aliases (${resource.aliases!.join(', ')}) are not carried; Google makes a calendar resource's address.`);
  }
  // A delegate manages the resource's bookings: writer access to its calendar (a group delegate stays a group).
  for (const delegate of resource.delegates ?? []) {
    const found = directory.entry(delegate);
    if (found?.entity.email && found.kind !== 'resource') {
      lines.push(['resource_acl', id, found.kind, shQuote(found.entity.email)].join(' '));
    } else {
      notMapped.push(`Resource “${resource.name}”: delegate “${delegate}” has no mailbox or address and is left out.`);
    }
  }
  return lines;
}
