/**
 * `gam.sh`: what users.csv cannot carry, as GAM7 commands: users' display names and address-list
 * visibility, groups with their aliases and members, users' aliases, calendar resources and their
 * delegates. Every value is one single-quoted shell word.
 */
import type { SeedResource } from '../../../local/emulator';
import type { OrganizationScan } from '../../model';
import { Directory, oneLine } from '../vendor-common';
import { shQuote } from './shell-quote';
import { googleNames } from './users-csv';

export interface GamScript {
  readonly text: string;
  readonly counts: { readonly groups: number; readonly resources: number; readonly aliases: number };
}

const HEADER = (org: OrganizationScan['organization'], toolVersion: string) => [
  '#!/usr/bin/env bash',
  `# gam.sh: the directory of the WorkMail organization ${org.alias} (${org.id}) for Google Workspace,`,
  `# written by cdk-workmail ${toolVersion} (export --format google).`,
  '#',
  '# Run it after users.csv is uploaded in the Google Admin console (see users.README.txt), with GAM7 installed',
  '# and authorized for your Google Workspace account: bash gam.sh',
  '#',
  '# In this order, it:',
  '#   1. sets the users\' display names and hides the users hidden from the address list;',
  '#   2. creates the groups, then adds their aliases and members (nested groups as members);',
  '#   3. adds the users\' aliases;',
  '#   4. creates the calendar resources and gives their delegates writer access to their calendars.',
  '#',
  '# It can run again: GAM answers 57 (ENTITY_DUPLICATE_RC) for what exists already, which counts as done.',
  '# Every value is a single-quoted word, so nothing in a name is run by the shell.',
  'set -euo pipefail',
  '',
  '# Runs one GAM command; return code 57 (it exists already) counts as done, any other failure stops the script.',
  'gam_once() {',
  '  local rc=0',
  '  gam "$@" || rc=$?',
  '  if [ "$rc" -eq 57 ]; then rc=0; fi',
  '  return "$rc"',
  '}',
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
    if (settings.length > 0) userLines.push(words('gam update user', shQuote(user.email!), ...settings));
  }
  if (userLines.length > 0) lines.push('', '# 1. Users\' display names and address-list visibility.', ...userLines);

  // 2. Groups: all created before any membership, so that a nested group exists when it is added.
  const groups = org.groups.filter((g) => g.email);
  for (const group of org.groups.filter((g) => !g.email)) {
    notMapped.push(`Group “${group.name}” has no address (it is not registered to WorkMail): a Google group needs one, so it is not created.`);
  }
  if (groups.length > 0) lines.push('', '# 2. Groups, their aliases, then their members.');
  for (const group of groups) {
    const name = shQuote(oneLine(group.name, `group “${group.name}”: name`, notMapped));
    lines.push(words('gam_once create group', shQuote(group.email!), 'name', name, ...(group.hiddenFromAddressList ? ['gal', 'false'] : [])));
  }
  for (const group of groups) {
    for (const alias of group.aliases ?? []) lines.push(words('gam_once create alias', shQuote(alias), 'group', shQuote(group.email!)));
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
    for (const email of members.sort()) lines.push(words('gam_once update group', shQuote(group.email!), 'add member', shQuote(email)));
  }

  // 3. Users' aliases (after the groups: an alias is an address of the account, whichever its target).
  const withAliases = users.filter((u) => (u.aliases ?? []).length > 0);
  if (withAliases.length > 0) lines.push('', '# 3. Users\' aliases.');
  for (const user of withAliases) {
    for (const alias of user.aliases!) lines.push(words('gam_once create alias', shQuote(alias), 'user', shQuote(user.email!)));
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

  return { text: lines.join('\n') + '\n', counts: { groups: groups.length, resources: resources.length, aliases: aliasCount } };
}

function resourceLines(resource: SeedResource, directory: Directory, notMapped: string[]): string[] {
  const id = shQuote(oneLine(resource.name, `resource “${resource.name}”: name`, notMapped));
  const description = resource.description
    ? ['description', shQuote(oneLine(resource.description, `resource “${resource.name}”: description`, notMapped))]
    : [];
  const [category, type] = resource.type === 'ROOM' ? ['conference_room', 'Room'] : ['other', 'Equipment'];
  const lines = [['gam_once create resource', id, id, 'category', category, 'type', shQuote(type), ...description].join(' ')];
  if ((resource.aliases ?? []).length > 0) {
    notMapped.push(`Resource “${resource.name}”: its aliases (${resource.aliases!.join(', ')}) are not carried; Google makes a calendar resource's address.`);
  }
  // A delegate manages the resource's bookings: writer access to its calendar (a group delegate stays a group).
  for (const delegate of resource.delegates ?? []) {
    const found = directory.entry(delegate);
    if (found?.entity.email && found.kind !== 'resource') {
      lines.push(['gam_once resource', id, 'add acls writer', shQuote(`${found.kind}:${found.entity.email}`)].join(' '));
    } else {
      notMapped.push(`Resource “${resource.name}”: delegate “${delegate}” has no mailbox or address and is left out.`);
    }
  }
  return lines;
}
