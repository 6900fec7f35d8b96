/**
 * `exchange-online.ps1`: what users.csv cannot carry, for Exchange Online PowerShell: the users' other
 * addresses, distribution groups with their members and addresses, room and equipment mailboxes with
 * their addresses, booking options and delegates, then who may use each mailbox. It checks before it creates,
 * so it can run twice.
 */
import type { SeedResource, SeedUser } from '../../../local/emulator';
import { BookingOptions, seedBookingOptions } from '../../../local/emulator/state';
import type { OrganizationScan } from '../../model';
import { Directory, oneLine } from '../vendor-common';
import { ExchangeNames, RecipientNames } from './exchange-names';
import { psList, psQuote } from './powershell-quote';

export interface ExchangeScript {
  readonly text: string;
  readonly counts: { readonly groups: number; readonly resources: number; readonly aliases: number; readonly grants: number };
}

const HEADER = (org: OrganizationScan['organization'], toolVersion: string) => [
  `# exchange-online.ps1: the directory of the WorkMail organization ${org.alias} (${org.id}) for Exchange Online,`,
  `# written by cdk-workmail ${toolVersion} (export --format m365).`,
  '#',
  '# Run it after the users exist: import users.csv in the Microsoft 365 admin center first (Users > Active users >',
  '# Add multiple users) with an Exchange Online license, and wait until their mailboxes exist. Then, in PowerShell',
  '# (Windows PowerShell 5.1, or PowerShell 7 on Windows, Linux or macOS) with the ExchangeOnlineManagement module:',
  '# Connect-ExchangeOnline, then ./exchange-online.ps1. The file is UTF-8 with a byte order mark, so that Windows',
  '# PowerShell 5.1 reads it as UTF-8 and not in the ANSI code page.',
  '#',
  '# In this order, it:',
  '#   1. checks that every user of users.csv has a mailbox (and stops, changing nothing, if one has not);',
  '#   2. adds the users\' other addresses and hides the users hidden from the address list;',
  '#   3. creates the distribution groups, adds their addresses, then their members (nested groups as members);',
  '#   4. creates the room and equipment mailboxes, adds their addresses, then sets their booking options;',
  '#   5. gives the mailbox permissions WorkMail held (FullAccess, SendAs, SendOnBehalf) that are not there yet.',
  '#',
  '# It can run again and change nothing: before it creates a recipient or adds an address, it asks Exchange what',
  '# holds that address (Get-Recipient). The recipient it would make (same type, name, alias and primary address)',
  '# counts as done. Another recipient is a conflict: the script names both, leaves that recipient alone, goes on',
  '# with the rest and exits 1 at the end. Every value is a single-quoted string, so nothing in a name is run.',
  '',
  '$ErrorActionPreference = \'Stop\'',
  '# Addresses held by another recipient than the one this script makes, reported at the end.',
  '$Conflicts = [System.Collections.Generic.List[string]]::new()',
  '# The recipients this script may change: the users of users.csv, and what it made or found as it makes it.',
  '$Ready = @{}',
  '',
  '# The recipient that holds an address (primary or other), or $null. "Not found" is a non-terminating error that',
  '# -ErrorAction SilentlyContinue keeps quiet; the catch is for module versions that make it terminating.',
  'function Get-AddressHolder([string] $Address) {',
  '  try {',
  '    return Get-Recipient -Identity $Address -ErrorAction SilentlyContinue | Select-Object -First 1',
  '  } catch {',
  '    if ("$_" -match \'ManagementObjectNotFound|couldn\'\'t be found\') { return $null }',
  '    throw',
  '  }',
  '}',
  '',
  'function Format-Recipient($Recipient) { "$($Recipient.RecipientTypeDetails) \'$($Recipient.Name)\' <$($Recipient.PrimarySmtpAddress)>" }',
  '',
  'function Add-Conflict([string] $Address, $Holder, [string] $Intended) {',
  '  $script:Conflicts.Add("$Address is held by $(Format-Recipient $Holder), not by $Intended")',
  '}',
  '',
  '# Whether the recipient found is the one this script makes.',
  'function Test-Intended($Holder, [string] $Type, [string] $Name, [string] $Alias, [string] $Address) {',
  '  if ($Holder.RecipientTypeDetails -ne $Type -or [string] $Holder.PrimarySmtpAddress -ne $Address) { return $false }',
  '  $Holder.Name -eq $Name -and $Holder.Alias -eq $Alias',
  '}',
  '',
  '# Stops the script when a user of users.csv has no mailbox yet, or another recipient holds its address.',
  'function Assert-Mailbox([string] $Address) {',
  '  $holder = Get-AddressHolder $Address',
  '  if (-not $holder) {',
  '    throw "No mailbox $Address yet: import users.csv with an Exchange Online license, wait for the mailboxes, then run this script again."',
  '  }',
  '  if ($holder.RecipientTypeDetails -ne \'UserMailbox\' -or [string] $holder.PrimarySmtpAddress -ne $Address) {',
  '    throw "$Address is held by $(Format-Recipient $holder), not by the user of users.csv: resolve that, then run this script again."',
  '  }',
  '  $script:Ready[$Address] = $true',
  '}',
  '',
  '# Creates a distribution group unless the address holds it already.',
  'function New-GroupOnce([string] $Name, [string] $DisplayName, [string] $Alias, [string] $Address) {',
  '  $holder = Get-AddressHolder $Address',
  '  if (-not $holder) {',
  '    New-DistributionGroup -Name $Name -DisplayName $DisplayName -Alias $Alias -PrimarySmtpAddress $Address | Out-Null',
  '  } elseif (-not (Test-Intended $holder \'MailUniversalDistributionGroup\' $Name $Alias $Address)) {',
  '    return Add-Conflict $Address $holder "the distribution group \'$Name\' (alias $Alias)"',
  '  }',
  '  $script:Ready[$Address] = $true',
  '}',
  '',
  '# Creates a room or equipment mailbox unless the address holds it already.',
  'function New-ResourceOnce([string] $Type, [string] $Name, [string] $DisplayName, [string] $Alias, [string] $Address) {',
  '  $holder = Get-AddressHolder $Address',
  '  if (-not $holder) {',
  '    if ($Type -eq \'Room\') {',
  '      New-Mailbox -Room -Name $Name -DisplayName $DisplayName -Alias $Alias -PrimarySmtpAddress $Address | Out-Null',
  '    } else {',
  '      New-Mailbox -Equipment -Name $Name -DisplayName $DisplayName -Alias $Alias -PrimarySmtpAddress $Address | Out-Null',
  '    }',
  '  } elseif (-not (Test-Intended $holder "$($Type)Mailbox" $Name $Alias $Address)) {',
  '    return Add-Conflict $Address $holder "the $($Type.ToLower()) mailbox \'$Name\' (alias $Alias)"',
  '  }',
  '  $script:Ready[$Address] = $true',
  '}',
  '',
  '# Adds another address to a group or mailbox unless it has it; held by another recipient, it is a conflict.',
  'function Add-AddressOnce([string] $Owner, [string] $Address, [string] $Kind) {',
  '  if (-not $script:Ready.Contains($Owner)) { return }',
  '  $holder = Get-AddressHolder $Address',
  '  if ($holder) {',
  '    if ([string] $holder.PrimarySmtpAddress -ne $Owner) { Add-Conflict $Address $holder "an address of $Owner" }',
  '  } elseif ($Kind -eq \'group\') {',
  '    Set-DistributionGroup -Identity $Owner -EmailAddresses @{add = "smtp:$Address"}',
  '  } else {',
  '    Set-Mailbox -Identity $Owner -EmailAddresses @{add = "smtp:$Address"}',
  '  }',
  '}',
  '',
  '# Hides a recipient from the address lists (when this script may change it).',
  'function Hide-Recipient([string] $Address, [string] $Kind) {',
  '  if (-not $script:Ready.Contains($Address)) { return }',
  '  if ($Kind -eq \'group\') {',
  '    Set-DistributionGroup -Identity $Address -HiddenFromAddressListsEnabled $true',
  '  } else {',
  '    Set-Mailbox -Identity $Address -HiddenFromAddressListsEnabled $true',
  '  }',
  '}',
  '',
  '# Adds the members a distribution group does not have yet (Add-DistributionGroupMember refuses an existing member).',
  'function Add-MissingMembers([string] $Group, [string[]] $Members) {',
  '  if (-not $script:Ready.Contains($Group)) { return }',
  '  $present = @(Get-DistributionGroupMember -Identity $Group -ResultSize Unlimited | ForEach-Object { [string] $_.PrimarySmtpAddress })',
  '  foreach ($member in $Members) {',
  '    if ($script:Ready.Contains($member) -and $present -notcontains $member) { Add-DistributionGroupMember -Identity $Group -Member $member }',
  '  }',
  '}',
  '',
  '# Mailbox permissions, each looked up first: Add-MailboxPermission and Add-RecipientPermission would add it again.',
  '# FullAccess without AutoMapping, so that Outlook does not open the mailbox for the grantee by itself.',
  'function Grant-FullAccessOnce([string] $Mailbox, [string] $Grantee) {',
  '  if (-not ($script:Ready.Contains($Mailbox) -and $script:Ready.Contains($Grantee))) { return }',
  '  $present = @(Get-MailboxPermission -Identity $Mailbox -User $Grantee -ErrorAction SilentlyContinue | Where-Object { -not $_.Deny -and "$($_.AccessRights)" -match \'FullAccess\' })',
  '  if ($present.Count -eq 0) { Add-MailboxPermission -Identity $Mailbox -User $Grantee -AccessRights FullAccess -AutoMapping $false | Out-Null }',
  '}',
  '',
  'function Grant-SendAsOnce([string] $Mailbox, [string] $Grantee) {',
  '  if (-not ($script:Ready.Contains($Mailbox) -and $script:Ready.Contains($Grantee))) { return }',
  '  $present = @(Get-RecipientPermission -Identity $Mailbox -Trustee $Grantee -AccessRights SendAs -ErrorAction SilentlyContinue)',
  '  if ($present.Count -eq 0) { Add-RecipientPermission -Identity $Mailbox -Trustee $Grantee -AccessRights SendAs -Confirm:$false | Out-Null }',
  '}',
  '',
  '# GrantSendOnBehalfTo lists recipients by name: the grantee\'s name says whether it is there.',
  'function Grant-SendOnBehalfOnce([string] $Mailbox, [string] $Grantee) {',
  '  if (-not ($script:Ready.Contains($Mailbox) -and $script:Ready.Contains($Grantee))) { return }',
  '  $holder = Get-AddressHolder $Grantee',
  '  $present = @((Get-Mailbox -Identity $Mailbox).GrantSendOnBehalfTo | ForEach-Object { [string] $_ })',
  '  if ($present -notcontains [string] $holder.Name -and $present -notcontains [string] $holder.Identity) {',
  '    Set-Mailbox -Identity $Mailbox -GrantSendOnBehalfTo @{Add=$Grantee}',
  '  }',
  '}',
];

/** The helper of each WorkMail permission. */
const GRANT_HELPER: Readonly<Record<string, string>> = {
  FULL_ACCESS: 'Grant-FullAccessOnce',
  SEND_AS: 'Grant-SendAsOnce',
  SEND_ON_BEHALF: 'Grant-SendOnBehalfOnce',
};

const FOOTER = [
  '',
  'if ($Conflicts.Count -gt 0) {',
  '  foreach ($conflict in $Conflicts) { Write-Warning "Conflict: $conflict" }',
  '  Write-Warning "$($Conflicts.Count) conflicts: another recipient holds those addresses; nothing was done to it. Resolve each, then run this script again."',
  '  exit 1',
  '}',
];

/** The script for one organization; what it cannot carry goes to notMapped. */
export function exchangeScript(scan: OrganizationScan, toolVersion: string, notMapped: string[]): ExchangeScript {
  const org = scan.organization;
  const directory = new Directory(scan);
  const names = new ExchangeNames(org, notMapped);
  const lines: string[] = [...HEADER(org, toolVersion)];
  let aliasCount = 0;
  const addAddresses = (owner: string, aliases: readonly string[], kind: 'group' | 'mailbox') => {
    for (const alias of aliases) lines.push(`Add-AddressOnce ${psQuote(owner)} ${psQuote(alias)} ${kind}`);
    aliasCount += aliases.length;
  };

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
    addAddresses(user.email!, user.aliases ?? [], 'mailbox');
    if (user.hiddenFromAddressList) lines.push(`Hide-Recipient ${psQuote(user.email!)} mailbox`);
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
    const n = names.of('group', group.name, group.email!);
    lines.push(`New-GroupOnce -Name ${psQuote(n.name)} -DisplayName ${psQuote(n.displayName)} -Alias ${psQuote(n.alias)} -Address ${psQuote(group.email!)}`);
  }
  for (const group of groups) {
    addAddresses(group.email!, group.aliases ?? [], 'group');
    if (group.hiddenFromAddressList) lines.push(`Hide-Recipient ${psQuote(group.email!)} group`);
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
    lines.push(...resourceLines(resource, names.of('resource', resource.name, resource.email!), directory, notMapped));
    aliasCount += (resource.aliases ?? []).length;
  }
  for (const resource of resources.filter((r) => r.description)) {
    notMapped.push(`Resource “${resource.name}”: its description (“${oneLine(resource.description!, `resource “${resource.name}”: description`, notMapped)}”) `
      + 'has no place on an Exchange resource mailbox and is not carried.');
  }

  // 5. Mailbox permissions, once every mailbox exists.
  const grantLines = [...users, ...resources].flatMap((mailbox) => grantLinesOf(mailbox, directory, notMapped));
  if (grantLines.length > 0) lines.push('', '# 5. Who may use each mailbox: full access, send as, send on behalf.', ...grantLines);

  lines.push(...FOOTER);
  return {
    text: lines.join('\n') + '\n',
    counts: { groups: groups.length, resources: resources.length, aliases: aliasCount, grants: grantLines.filter((l) => l.startsWith('Grant-')).length },
  };
}

/**
 * A mailbox's grants, one helper call per grantee mailbox and permission. A group grantee stands for its members
 * with a mailbox, as a delegate group does: a distribution group cannot hold mailbox permissions.
 */
function grantLinesOf(mailbox: SeedUser | SeedResource, directory: Directory, notMapped: string[]): string[] {
  const lines: string[] = [];
  const owner = `${'type' in mailbox ? 'Resource' : 'User'} “${mailbox.name}”`;
  for (const grant of mailbox.permissions ?? []) {
    const grantees = granteeMailboxes(owner, grant.grantee, directory, notMapped, lines);
    for (const permission of grant.permissions) {
      const helper = GRANT_HELPER[permission];
      if (helper === undefined) {
        notMapped.push(`${owner}: permission ${permission} of “${grant.grantee}” has no Exchange equivalent here and is left out.`);
        continue;
      }
      for (const grantee of grantees) lines.push(`${helper} ${psQuote(mailbox.email!)} ${psQuote(grantee)}`);
    }
  }
  return lines;
}

/** The mailboxes a grantee or delegate stands for in Exchange: itself, or a group's members with a mailbox (said in notMapped). */
function granteeMailboxes(owner: string, name: string, directory: Directory, notMapped: string[], lines: string[]): string[] {
  const found = directory.entry(name);
  if (found?.kind === 'group') {
    const { mailboxes, withoutMailbox } = directory.mailboxesIn(name);
    lines.push(`# Group ${psQuote(oneLine(name, `group “${name}”: name`, notMapped))}: Exchange grants mailboxes, so its members (at any depth) are granted.`);
    notMapped.push(`${owner}: the grant to group “${name}” becomes a grant to its members with a mailbox (${mailboxes.join(', ') || 'none'}); `
      + 'later changes to the group do not follow.');
    for (const user of withoutMailbox) notMapped.push(`${owner}: grantee “${user}” (in group “${name}”) has no mailbox and is left out.`);
    return mailboxes;
  }
  if (found?.entity.email) return [found.entity.email];
  notMapped.push(`${owner}: grantee “${name}” has no mailbox and is left out.`);
  return [];
}

function resourceLines(resource: SeedResource, names: RecipientNames, directory: Directory, notMapped: string[]): string[] {
  const email = psQuote(resource.email!);
  const lines = [
    `New-ResourceOnce -Type ${resource.type === 'ROOM' ? 'Room' : 'Equipment'} -Name ${psQuote(names.name)} -DisplayName ${psQuote(names.displayName)} `
      + `-Alias ${psQuote(names.alias)} -Address ${email}`,
  ];
  for (const alias of resource.aliases ?? []) lines.push(`Add-AddressOnce ${email} ${psQuote(alias)} mailbox`);
  if (resource.hiddenFromAddressList) lines.push(`Hide-Recipient ${email} mailbox`);

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
  lines.push(`if ($Ready.Contains(${email})) { Set-CalendarProcessing -Identity ${email} ${options} }`);
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
