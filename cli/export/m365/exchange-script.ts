/**
 * `exchange-online.ps1`: what users.csv cannot carry, for Exchange Online PowerShell: the users' other
 * addresses, distribution groups with their members and addresses, room and equipment mailboxes with
 * their addresses, booking options and delegates. It checks before it creates, so it can run twice.
 */
import type { SeedResource } from '../../../local/emulator';
import { BookingOptions, seedBookingOptions } from '../../../local/emulator/state';
import type { OrganizationScan } from '../../model';
import { Directory, oneLine } from '../vendor-common';
import { psList, psQuote } from './powershell-quote';

export interface ExchangeScript {
  readonly text: string;
  readonly counts: { readonly groups: number; readonly resources: number; readonly aliases: number };
}

const HEADER = (org: OrganizationScan['organization'], toolVersion: string) => [
  `# exchange-online.ps1: the directory of the WorkMail organization ${org.alias} (${org.id}) for Exchange Online,`,
  `# written by cdk-workmail ${toolVersion} (export --format m365).`,
  '#',
  '# Run it after the users exist: import users.csv in the Microsoft 365 admin center first (Users > Active users >',
  '# Add multiple users) with an Exchange Online license, and wait until their mailboxes exist. Then, in PowerShell',
  '# with the ExchangeOnlineManagement module: Connect-ExchangeOnline, then ./exchange-online.ps1.',
  '#',
  '# In this order, it:',
  '#   1. checks that every user of users.csv has a mailbox (and stops, changing nothing, if one has not);',
  '#   2. adds the users\' other addresses and hides the users hidden from the address list;',
  '#   3. creates the distribution groups, adds their addresses, then their members (nested groups as members);',
  '#   4. creates the room and equipment mailboxes, adds their addresses, then sets their booking options.',
  '#',
  '# It can run again: it creates only what is missing (checking before each create), adds only missing members,',
  '# and adding an address that is there already changes nothing. Every value is a single-quoted string, so',
  '# nothing in a name is run.',
  '',
  '$ErrorActionPreference = \'Stop\'',
  '',
  '# Stops the script when a user of users.csv has no mailbox yet.',
  'function Assert-Mailbox([string] $Identity) {',
  '  if (-not (Get-Mailbox -Identity $Identity -ErrorAction SilentlyContinue)) {',
  '    throw "No mailbox $Identity yet: import users.csv with an Exchange Online license, wait for the mailboxes, then run this script again."',
  '  }',
  '}',
  '',
  '# Adds the members a distribution group does not have yet (Add-DistributionGroupMember refuses an existing member).',
  'function Add-MissingMembers([string] $Group, [string[]] $Members) {',
  '  $present = @(Get-DistributionGroupMember -Identity $Group -ResultSize Unlimited | ForEach-Object { [string] $_.PrimarySmtpAddress })',
  '  foreach ($member in $Members) {',
  '    if ($present -notcontains $member) { Add-DistributionGroupMember -Identity $Group -Member $member }',
  '  }',
  '}',
];

const smtp = (aliases: readonly string[]) => psList(aliases.map((a) => `smtp:${a}`));

/** The script for one organization; what it cannot carry goes to notMapped. */
export function exchangeScript(scan: OrganizationScan, toolVersion: string, notMapped: string[]): ExchangeScript {
  const org = scan.organization;
  const directory = new Directory(scan);
  const lines: string[] = [...HEADER(org, toolVersion)];
  let aliasCount = 0;

  // 1. Users: mailboxes first, then their addresses.
  const users = org.users.filter((u) => u.email);
  if (users.length > 0) {
    lines.push('', '# 1. Every user of users.csv has a mailbox.', 'foreach ($mailbox in @(');
    for (const user of users) lines.push(`  ${psQuote(user.email!)}`);
    lines.push(')) { Assert-Mailbox $mailbox }');
  }
  const userSettings = users.filter((u) => (u.aliases ?? []).length > 0 || u.hiddenFromAddressList);
  if (userSettings.length > 0) lines.push('', '# 2. Users\' other addresses; users hidden from the address list.');
  for (const user of userSettings) {
    const aliases = user.aliases ?? [];
    if (aliases.length > 0) lines.push(`Set-Mailbox -Identity ${psQuote(user.email!)} -EmailAddresses @{add=${smtp(aliases)}}`);
    if (user.hiddenFromAddressList) lines.push(`Set-Mailbox -Identity ${psQuote(user.email!)} -HiddenFromAddressListsEnabled $true`);
    aliasCount += aliases.length;
  }
  for (const user of org.users.filter((u) => !u.email && (u.aliases ?? []).length > 0)) {
    notMapped.push(`User “${user.name}” has addresses but no mailbox: its addresses are left out.`);
  }

  // 3. Groups: all created before any membership, so that a nested group exists when it is added.
  const groups = org.groups.filter((g) => g.email);
  for (const group of org.groups.filter((g) => !g.email)) {
    notMapped.push(`Group “${group.name}” has no address (it is not registered to WorkMail): no distribution group is created for it.`);
  }
  if (groups.length > 0) lines.push('', '# 3. Distribution groups, their addresses, then their members.');
  for (const group of groups) {
    const name = psQuote(oneLine(group.name, `group “${group.name}”: name`, notMapped));
    const email = psQuote(group.email!);
    lines.push(
      `if (-not (Get-DistributionGroup -Identity ${email} -ErrorAction SilentlyContinue)) {`,
      `  New-DistributionGroup -Name ${name} -DisplayName ${name} -PrimarySmtpAddress ${email}`,
      '}',
    );
  }
  for (const group of groups) {
    const aliases = group.aliases ?? [];
    if (aliases.length > 0) lines.push(`Set-DistributionGroup -Identity ${psQuote(group.email!)} -EmailAddresses @{add=${smtp(aliases)}}`);
    if (group.hiddenFromAddressList) lines.push(`Set-DistributionGroup -Identity ${psQuote(group.email!)} -HiddenFromAddressListsEnabled $true`);
    aliasCount += aliases.length;
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
    if (members.length === 0) continue;
    lines.push(`Add-MissingMembers -Group ${psQuote(group.email!)} -Members @(`);
    for (const email of [...members].sort()) lines.push(`  ${psQuote(email)}`);
    lines.push(')');
  }

  // 4. Rooms and equipment.
  const resources = org.resources.filter((r) => r.email);
  for (const resource of org.resources.filter((r) => !r.email)) {
    notMapped.push(`Resource “${resource.name}” has no address (it is not registered to WorkMail): no resource mailbox is created for it.`);
  }
  if (resources.length > 0) lines.push('', '# 4. Room and equipment mailboxes, their addresses and booking options.');
  for (const resource of resources) {
    lines.push(...resourceLines(resource, directory, notMapped));
    aliasCount += (resource.aliases ?? []).length;
  }
  for (const resource of resources.filter((r) => r.description)) {
    notMapped.push(`Resource “${resource.name}”: its description (“${oneLine(resource.description!, `resource “${resource.name}”: description`, notMapped)}”) `
      + 'has no place on an Exchange resource mailbox and is not carried.');
  }

  return { text: lines.join('\n') + '\n', counts: { groups: groups.length, resources: resources.length, aliases: aliasCount } };
}

function resourceLines(resource: SeedResource, directory: Directory, notMapped: string[]): string[] {
  const name = psQuote(oneLine(resource.name, `resource “${resource.name}”: name`, notMapped));
  const email = psQuote(resource.email!);
  const lines = [
    `if (-not (Get-Mailbox -Identity ${email} -ErrorAction SilentlyContinue)) {`,
    `  New-Mailbox -Name ${name} -DisplayName ${name} ${resource.type === 'ROOM' ? '-Room' : '-Equipment'} -PrimarySmtpAddress ${email}`,
    '}',
  ];
  const aliases = resource.aliases ?? [];
  if (aliases.length > 0) lines.push(`Set-Mailbox -Identity ${email} -EmailAddresses @{add=${smtp(aliases)}}`);
  if (resource.hiddenFromAddressList) lines.push(`Set-Mailbox -Identity ${email} -HiddenFromAddressListsEnabled $true`);

  // Exchange's ResourceDelegates takes mailboxes (users), not groups: a group delegate stands for its members.
  const delegates = new Set<string>();
  for (const delegate of resource.delegates ?? []) {
    const found = directory.entry(delegate);
    if (found?.kind === 'group') {
      const { mailboxes, withoutMailbox } = directory.mailboxesIn(delegate);
      mailboxes.forEach((m) => delegates.add(m));
      lines.push(`# Delegate group ${psQuote(oneLine(delegate, `group “${delegate}”: name`, notMapped))}: ResourceDelegates takes mailboxes, so its members (at any depth) are the delegates.`);
      notMapped.push(`Resource “${resource.name}”: its delegate group “${delegate}” becomes its members with a mailbox (${mailboxes.join(', ') || 'none'}), `
        + 'because Exchange resource delegates are mailboxes; later changes to the group do not follow.');
      for (const user of withoutMailbox) notMapped.push(`Resource “${resource.name}”: delegate “${user}” (in group “${delegate}”) has no mailbox and is left out.`);
    } else if (found?.entity.email) {
      delegates.add(found.entity.email);
    } else {
      notMapped.push(`Resource “${resource.name}”: delegate “${delegate}” has no mailbox and is left out.`);
    }
  }
  const booking = seedBookingOptions(resource.bookingOptions);
  const options = bookingParameters(booking, [...delegates].sort());
  if (!booking.autoAcceptRequests && delegates.size === 0) {
    notMapped.push(`Resource “${resource.name}” does not accept requests by itself, but none of its delegates has a mailbox: set -ResourceDelegates by hand.`);
  }
  lines.push(`Set-CalendarProcessing -Identity ${email} ${options}`);
  return lines;
}

/** WorkMail booking options as Set-CalendarProcessing parameters. */
export function bookingParameters(options: BookingOptions, delegates: readonly string[]): string {
  const parameters = options.autoAcceptRequests
    ? ['-AutomateProcessing AutoAccept', '-AllBookInPolicy $true']
    // Delegates decide: every request is in policy and goes to them for approval.
    : ['-AutomateProcessing AutoAccept', '-AllBookInPolicy $false', '-AllRequestInPolicy $true'];
  if (delegates.length > 0) parameters.push(`-ResourceDelegates ${psList(delegates)}`);
  parameters.push(`-AllowRecurringMeetings ${options.autoDeclineRecurringRequests ? '$false' : '$true'}`);
  parameters.push(`-AllowConflicts ${options.autoDeclineConflictingRequests ? '$false' : '$true'}`);
  return parameters.join(' ');
}
