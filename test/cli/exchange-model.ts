/**
 * A model of Exchange Online for the exchange-online.ps1 tests. PowerShell is not installed where the tests
 * run, so the script's top-level lines are read with the tokenizer model of vendor-fixture.ts, and each helper
 * function the script defines is modelled here as its body reads, against recipients that answer as
 * Get-Recipient documents (found by any of their addresses).
 */
import { psStrings } from './vendor-fixture';

export interface ModelRecipient {
  RecipientTypeDetails: string;
  Name: string;
  Alias: string;
  PrimarySmtpAddress: string;
  EmailAddresses: string[];
  DisplayName?: string;
  Members?: string[];
  Hidden?: boolean;
  CalendarProcessing?: string;
  /** Mailbox permissions, by the grantee's address (Get-MailboxPermission, Get-RecipientPermission, GrantSendOnBehalfTo). */
  FullAccess?: string[];
  SendAs?: string[];
  SendOnBehalf?: string[];
}

const GRANTS = { 'Grant-FullAccessOnce': 'FullAccess', 'Grant-SendAsOnce': 'SendAs', 'Grant-SendOnBehalfOnce': 'SendOnBehalf' } as const;
const CMDLET = { FullAccess: 'Add-MailboxPermission', SendAs: 'Add-RecipientPermission', SendOnBehalf: 'Set-Mailbox -GrantSendOnBehalfTo' } as const;

export interface ModelRun {
  readonly exitCode: number;
  readonly conflicts: string[];
  /** The cmdlets that change something, with their target. */
  readonly changes: string[];
  readonly recipients: ModelRecipient[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function runExchangeModel(script: string, start: readonly ModelRecipient[]): ModelRun {
  const recipients: ModelRecipient[] = structuredClone([...start]);
  const conflicts: string[] = [];
  const changes: string[] = [];
  const ready = new Set<string>();
  const holder = (address: string) => recipients.find((r) => same(r.PrimarySmtpAddress, address) || r.EmailAddresses.some((a) => same(a, address)));
  const format = (r: ModelRecipient) => `${r.RecipientTypeDetails} '${r.Name}' <${r.PrimarySmtpAddress}>`;
  const conflict = (address: string, found: ModelRecipient, intended: string) => conflicts.push(`${address} is held by ${format(found)}, not by ${intended}`);
  const intended = (r: ModelRecipient, type: string, name: string, alias: string, address: string) =>
    r.RecipientTypeDetails === type && same(r.Name, name) && same(r.Alias, alias) && same(r.PrimarySmtpAddress, address);
  const create = (type: string, name: string, displayName: string, alias: string, address: string, label: string) => {
    const found = holder(address);
    if (!found) {
      recipients.push({
        RecipientTypeDetails: type, Name: name, DisplayName: displayName, Alias: alias, PrimarySmtpAddress: address, EmailAddresses: [],
      });
      changes.push(`New ${type} ${address}`);
    } else if (!intended(found, type, name, alias, address)) {
      conflict(address, found, `${label} '${name}' (alias ${alias})`);
      return;
    }
    ready.add(address.toLowerCase());
  };

  const lines = script.replace(/^\ufeff/, '').split('\n');
  const list = (from: number) => {
    const values: string[] = [];
    let i = from + 1;
    for (; !/^\)/.test(lines[i]); i++) values.push(...psStrings(lines[i]).strings);
    return { values, end: i };
  };
  for (let i = lines.findIndex((l) => l.startsWith('# 1.') || l.startsWith('# 3.') || l.startsWith('# 4.')); i < lines.length; i++) {
    if (i < 0) break;
    const { code, strings } = psStrings(lines[i]);
    if (code.trim() === '') continue;
    if (code === 'if ($Conflicts.Count -gt 0) {') break;
    if (code === 'foreach ($mailbox in @(') {
      const { values, end } = list(i);
      for (const address of values) {
        const found = holder(address);
        if (!found) return { exitCode: 1, conflicts: [`No mailbox ${address} yet`], changes, recipients };
        if (found.RecipientTypeDetails !== 'UserMailbox' || !same(found.PrimarySmtpAddress, address)) {
          return { exitCode: 1, conflicts: [`${address} is held by ${format(found)}, not by the user of users.csv`], changes, recipients };
        }
        ready.add(address.toLowerCase());
      }
      i = end;
    } else if (/^Add-AddressOnce <S> <S> (mailbox|group)$/.test(code)) {
      const [owner, address] = strings;
      if (!ready.has(owner.toLowerCase())) continue;
      const found = holder(address);
      if (found) {
        if (!same(found.PrimarySmtpAddress, owner)) conflict(address, found, `an address of ${owner}`);
      } else {
        holder(owner)!.EmailAddresses.push(address);
        changes.push(`${code.endsWith('group') ? 'Set-DistributionGroup' : 'Set-Mailbox'} ${owner} add ${address}`);
      }
    } else if (/^Hide-Recipient <S> (mailbox|group)$/.test(code)) {
      if (ready.has(strings[0].toLowerCase()) && !holder(strings[0])!.Hidden) {
        holder(strings[0])!.Hidden = true;
        changes.push(`hide ${strings[0]}`);
      }
    } else if (code === 'New-GroupOnce -Name <S> -DisplayName <S> -Alias <S> -Address <S>') {
      create('MailUniversalDistributionGroup', strings[0], strings[1], strings[2], strings[3], 'the distribution group');
    } else if (/^New-ResourceOnce -Type (Room|Equipment) -Name <S> -DisplayName <S> -Alias <S> -Address <S>$/.test(code)) {
      const type = /-Type (\w+)/.exec(code)![1];
      create(`${type}Mailbox`, strings[0], strings[1], strings[2], strings[3], `the ${type.toLowerCase()} mailbox`);
    } else if (code === 'Add-MissingMembers -Group <S> -Members @(') {
      const { values, end } = list(i);
      i = end;
      const group = strings[0];
      if (!ready.has(group.toLowerCase())) continue;
      const found = holder(group)!;
      found.Members ??= [];
      for (const member of values) {
        if (ready.has(member.toLowerCase()) && !found.Members.some((m) => same(m, member))) {
          found.Members.push(member);
          changes.push(`Add-DistributionGroupMember ${group} ${member}`);
        }
      }
    } else if (code.startsWith('if ($Ready.Contains(<S>)) { Set-CalendarProcessing -Identity <S> ')) {
      if (!ready.has(strings[0].toLowerCase())) continue;
      const settings = `${code} ${strings.slice(2).join(',')}`;
      const found = holder(strings[0])!;
      if (found.CalendarProcessing !== settings) changes.push(`Set-CalendarProcessing ${strings[0]}`);
      found.CalendarProcessing = settings;
    } else if (/^Grant-(FullAccess|SendAs|SendOnBehalf)Once <S> <S>$/.test(code)) {
      const right = GRANTS[code.split(' ')[0] as keyof typeof GRANTS];
      const [mailbox, grantee] = strings;
      if (!ready.has(mailbox.toLowerCase()) || !ready.has(grantee.toLowerCase())) continue;
      const found = holder(mailbox)!;
      const held = (found[right] ??= []);
      if (!held.some((g) => same(g, grantee))) {
        held.push(grantee);
        changes.push(`${CMDLET[right]} ${mailbox} ${grantee}`);
      }
    } else {
      throw new Error(`the model does not know the line: ${lines[i]}`);
    }
  }
  return { exitCode: conflicts.length > 0 ? 1 : 0, conflicts, changes, recipients };
}
