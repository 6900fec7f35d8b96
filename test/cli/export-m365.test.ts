import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ModelRecipient, runExchangeModel } from './exchange-model';
import { parseCsv, psStrings, trickyScan } from './vendor-fixture';
import { writeM365Export } from '../../cli/export/m365';
import { asciiName, exchangeAlias, ExchangeNames, truncate } from '../../cli/export/m365/exchange-names';
import { bookingParameters } from '../../cli/export/m365/exchange-script';
import { psList, psQuote } from '../../cli/export/m365/powershell-quote';
import { M365_USERS_HEADER } from '../../cli/export/m365/users-csv';
import { ExportResult } from '../../cli/export/migration';
import { OrganizationScan } from '../../cli/model';

const HEADER_LINE = 'User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,'
  + 'Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region';
const context = { log: () => undefined, toolVersion: '1.2.3' };

let scan: OrganizationScan;
let dir: string;
let result: ExportResult;
let script: string;
let scriptLines: string[];

beforeAll(async () => {
  scan = await trickyScan();
  dir = mkdtempSync(join(tmpdir(), 'm365-'));
  result = await writeM365Export(scan, dir, context);
  script = readFileSync(join(dir, 'exchange-online.ps1'), 'utf8').replace(/^\ufeff/, '');
  scriptLines = script.split('\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('psQuote', () => {
  test.each([
    ["O'Brien", "'O''Brien'"],
    ['O’Brien', "'O’’Brien'"],
    ['‘boss’', "'‘‘boss’’'"],
    ['low‚quote', "'low‚‚quote'"],
    ['rev‛quote', "'rev‛‛quote'"],
    ['$(Remove-Item C:\\ -Recurse)', "'$(Remove-Item C:\\ -Recurse)'"],
    ['`whoami`; $env:PATH', "'`whoami`; $env:PATH'"],
    ['say "hi"', "'say \"hi\"'"],
    ['“double” „low”', "'“double” „low”'"],
    ['$env:PATH ${x} @(1) !x #c <#b#>', "'$env:PATH ${x} @(1) !x #c <#b#>'"],
    ['José Müller-Łukasz 日本', "'José Müller-Łukasz 日本'"],
    ['', "''"],
  ])('%s is written %s and read back unchanged', (value, quoted) => {
    expect(psQuote(value)).toBe(quoted);
    const read = psStrings(`Set-Mailbox -DisplayName ${psQuote(value)} -Identity 'x'`);
    expect(read.strings).toEqual([value, 'x']);
    expect(read.code).toBe('Set-Mailbox -DisplayName <S> -Identity <S>');
  });

  test('every printable ASCII character and the typographic quotes read back unchanged, as one string', () => {
    const every = String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 32 + i)) + '‘’‚‛“”„ é 日本 😀';
    expect(psStrings(`Set-Mailbox -DisplayName ${psQuote(every)}`)).toEqual({ code: 'Set-Mailbox -DisplayName <S>', strings: [every] });
  });

  test('a quote of each kind next to each other stays inside the string', () => {
    const value = "'’‘‚‛'";
    expect(psStrings(psQuote(value)).strings).toEqual([value]);
  });

  test.each(['two\nlines', 'cr\r', 'tab\t', 'nul\u0000', 'next-line\u0085', 'separator\u2028'])('refuses a control character: %j', (value) => {
    expect(() => psQuote(value)).toThrow(/line break or control character/);
  });

  test('psList writes an array argument', () => {
    expect(psList(['a@x', "o'b@x"])).toBe("'a@x','o''b@x'");
  });
});

describe('users.csv', () => {
  test('is UTF-8 with a byte order mark, CRLF line ends, and the template header exactly', () => {
    const bytes = readFileSync(join(dir, 'users.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(HEADER_LINE);
    expect(M365_USERS_HEADER.join(',')).toBe(HEADER_LINE);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  test('has one row per user with a mailbox, User Name the primary address, attributes in their columns', () => {
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'users.csv'), 'utf8').slice(1));
    const byUser = new Map(rows.map((row) => [row[0], Object.fromEntries(header.map((column, i) => [column, row[i]]))]));
    expect([...byUser.keys()].sort()).toEqual(['alice@acme.example.com', 'conan@acme.example.com', 'jose@acme.example.com', 'siobhan@acme.example.com']);
    expect(rows.every((row) => row.length === 16)).toBe(true);
    expect(byUser.get('alice@acme.example.com')).toEqual({
      'User Name': 'alice@acme.example.com',
      'First Name': 'Alice',
      'Last Name': 'Liddell',
      'Display Name': 'Alice Liddell',
      'Job Title': 'Explorer',
      'Department': 'Research',
      'Office Number': 'Rabbit Hole 1',
      'Office Phone': '+44 1865 000000',
      'Mobile Phone': '',
      'Fax': '',
      'Alternate email address': '',
      'Address': '1 Oxford St',
      'City': 'Oxford',
      'State or Province': '',
      'ZIP or Postal Code': 'OX1 1AA',
      'Country or Region': 'United Kingdom',
    });
    expect(byUser.get('siobhan@acme.example.com')).toMatchObject({
      'Display Name': 'Siobhán O’Neill ‘the boss’', 'Last Name': 'O’Neill', 'Department': 'Légal & Conformité',
    });
    expect(byUser.get('conan@acme.example.com')).toMatchObject({ 'Last Name': "O'Brien", 'Display Name': "Conan O'Brien" });
    expect(byUser.get('jose@acme.example.com')).toMatchObject({ 'Display Name': 'José Müller-Łukasz 日本', 'City': 'Zürich', 'First Name': '' });
  });

  test('users without a mailbox are not in it and are listed as not mapped', () => {
    const text = readFileSync(join(dir, 'users.csv'), 'utf8');
    expect(text).not.toMatch(/svc-backup|former\.staff/);
    expect(result.notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/User “svc-backup” has no mailbox/), expect.stringMatching(/User “former\.staff” has no mailbox/),
      expect.stringMatching(/^Initials \(alice\)/), expect.stringMatching(/^Company \(alice\)/),
    ]));
  });

  test('values longer than Entra ID keeps are shortened and reported; a user name Entra ID refuses is reported', async () => {
    const { result: longResult } = await scriptFor({
      users: [
        { name: 'l', email: 'l@acme.example.com', firstName: 'F'.repeat(70), displayName: 'D'.repeat(300), zipCode: '9'.repeat(41) },
        { name: 'p', email: 'p+tag@acme.example.com' },
      ],
      groups: [],
      resources: [],
    });
    expect(longResult.notMapped).toEqual(expect.arrayContaining([
      `User “l”: First Name has more than the 64 characters Entra ID keeps: it is shortened to “${'F'.repeat(64)}”.`,
      `User “l”: Display Name has more than the 256 characters Entra ID keeps: it is shortened to “${'D'.repeat(256)}”.`,
      `User “l”: ZIP or Postal Code has more than the 40 characters Entra ID keeps: it is shortened to “${'9'.repeat(40)}”.`,
      expect.stringMatching(/^User “p”: p\+tag@acme\.example\.com holds characters that Entra ID does not allow in a user name/),
    ]));
    expect(longResult.notMapped.filter((l) => l.startsWith('User “l”: l@'))).toEqual([]);
  });

  test('a directory of more than 249 users is split over users.csv, users-2.csv, ... each with the header', async () => {
    const users = Array.from({ length: 600 }, (_, i) => ({ name: `u${String(i).padStart(3, '0')}`, email: `u${i}@big.example.com` }));
    const big: OrganizationScan = {
      organization: { ...scan.organization, users, groups: [], resources: [] },
      ids: new Map(),
      skipped: { deleted: 0, systemUsers: 0 },
    };
    const bigDir = mkdtempSync(join(tmpdir(), 'm365-big-'));
    try {
      const bigResult = await writeM365Export(big, bigDir, context);
      expect(bigResult.files).toEqual(['exchange-online.ps1', 'users-2.csv', 'users-3.csv', 'users.csv']);
      const counts = ['users.csv', 'users-2.csv', 'users-3.csv'].map((file) => {
        const [header, ...rows] = parseCsv(readFileSync(join(bigDir, file), 'utf8').slice(1));
        expect(header.join(',')).toBe(HEADER_LINE);
        return rows.length;
      });
      expect(counts).toEqual([249, 249, 102]);
      expect(bigResult.counts.users).toBe(600);
    } finally {
      rmSync(bigDir, { recursive: true, force: true });
    }
  });
});

/** The users of users.csv as Exchange has them once the admin center made their mailboxes. */
const userMailboxes = (): ModelRecipient[] => scan.organization.users.filter((u) => u.email).map((u) => ({
  RecipientTypeDetails: 'UserMailbox', Name: u.name, Alias: u.email!.split('@')[0], PrimarySmtpAddress: u.email!, EmailAddresses: [],
}));

/** Writes the m365 export of an organization made from the tricky one; returns the script without its byte order mark. */
async function scriptFor(organization: Partial<OrganizationScan['organization']>): Promise<{ text: string; result: ExportResult }> {
  const other: OrganizationScan = {
    organization: { ...scan.organization, ...organization }, ids: new Map(), skipped: { deleted: 0, systemUsers: 0 },
  };
  const otherDir = mkdtempSync(join(tmpdir(), 'm365-other-'));
  try {
    const otherResult = await writeM365Export(other, otherDir, context);
    return { text: readFileSync(join(otherDir, 'exchange-online.ps1'), 'utf8').replace(/^\ufeff/, ''), result: otherResult };
  } finally {
    rmSync(otherDir, { recursive: true, force: true });
  }
}

describe('exchange-online.ps1', () => {
  test('is UTF-8 with a byte order mark, which Windows PowerShell 5.1 needs to read it as UTF-8', () => {
    const bytes = readFileSync(join(dir, 'exchange-online.ps1'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(script);
  });

  test('every line after the helpers reads as PowerShell strings that all end, and no data reaches the code between them', () => {
    const body = scriptLines.slice(scriptLines.indexOf('# 1. Every user of users.csv has a mailbox.'), scriptLines.indexOf('if ($Conflicts.Count -gt 0) {'));
    for (const line of body) {
      const { code } = psStrings(line);
      // Between the strings: cmdlets, parameters, $true/$false/$mailbox/$Ready, @( ), { } and commas only.
      expect(code).toMatch(/^[A-Za-z0-9 \-{}()@=,<>$.]*$/);
      expect(code).not.toMatch(/\$\(|`|"/);
    }
  });

  test('its braces and parentheses balance, outside the strings, and every if is closed before the next statement', () => {
    let depth = { '{': 0, '(': 0 };
    for (const line of scriptLines) {
      // Single-quoted strings as the tokenizer model reads them; the helpers' double-quoted strings hold only balanced $(...).
      const code = psStrings(line).code.replace(/"[^"]*"/g, '""');
      for (const c of code) {
        if (c === '{' || c === '(') depth = { ...depth, [c]: depth[c] + 1 };
        if (c === '}') depth = { ...depth, '{': depth['{'] - 1 };
        if (c === ')') depth = { ...depth, '(': depth['('] - 1 };
        expect(Math.min(depth['{'], depth['('])).toBeGreaterThanOrEqual(0);
      }
    }
    expect(depth).toEqual({ '{': 0, '(': 0 });
    // No line starts with else or elseif: each follows its closing brace on the same line.
    expect(scriptLines.filter((l) => /^\s*(else|elseif)\b/.test(l))).toEqual([]);
  });

  test('starts with a header saying what it does and the order, then $ErrorActionPreference = Stop', () => {
    expect(script.startsWith('# exchange-online.ps1: the directory of the WorkMail organization acme (m-0123456789abcdef0123456789abcdef)')).toBe(true);
    expect(script).toMatch(/import users\.csv in the Microsoft 365 admin center first/);
    expect(script).toMatch(/Connect-ExchangeOnline/);
    expect(script).toMatch(/Windows PowerShell 5\.1, or PowerShell 7 on Windows, Linux or macOS/);
    const firstCode = scriptLines.findIndex((line) => line !== '' && !line.startsWith('#'));
    expect(scriptLines[firstCode]).toBe("$ErrorActionPreference = 'Stop'");
    expect(script).toMatch(/cdk-workmail 1\.2\.3/);
  });

  test('its helpers look the address up with Get-Recipient and compare type, name, alias and primary address before creating', () => {
    expect(script).toContain('return Get-Recipient -Identity $Address -ErrorAction SilentlyContinue | Select-Object -First 1');
    expect(script).toContain('  if ($Holder.RecipientTypeDetails -ne $Type -or [string] $Holder.PrimarySmtpAddress -ne $Address) { return $false }\n'
      + '  $Holder.Name -eq $Name -and $Holder.Alias -eq $Alias\n');
    expect(script).toContain("} elseif (-not (Test-Intended $holder 'MailUniversalDistributionGroup' $Name $Alias $Address)) {");
    expect(script).toContain('} elseif (-not (Test-Intended $holder "$($Type)Mailbox" $Name $Alias $Address)) {');
    expect(script).toMatch(/New-DistributionGroup -Name \$Name -DisplayName \$DisplayName -Alias \$Alias -PrimarySmtpAddress \$Address/);
    expect(script).toMatch(/New-Mailbox -Room -Name \$Name -DisplayName \$DisplayName -Alias \$Alias -PrimarySmtpAddress \$Address/);
    // A conflict is recorded, the rest goes on, and the script exits 1 at the end.
    expect(scriptLines.slice(-6)).toEqual([
      'if ($Conflicts.Count -gt 0) {',
      '  foreach ($conflict in $Conflicts) { Write-Warning "Conflict: $conflict" }',
      expect.stringMatching(/^ {2}Write-Warning "\$\(\$Conflicts\.Count\) conflicts: /),
      '  exit 1',
      '}',
      '',
    ]);
  });

  test('checks every user\'s mailbox before changing anything', () => {
    const start = scriptLines.indexOf('foreach ($mailbox in @(');
    const end = scriptLines.indexOf(')) { Assert-Mailbox $mailbox }');
    expect(start).toBeGreaterThan(0);
    expect(scriptLines.slice(start + 1, end).flatMap((l) => psStrings(l).strings))
      .toEqual(['alice@acme.example.com', 'conan@acme.example.com', 'jose@acme.example.com', 'siobhan@acme.example.com']);
    const firstChange = scriptLines.findIndex((l) => /^(Add-|New-|Hide-|if \(\$Ready)/.test(l));
    expect(firstChange).toBeGreaterThan(end);
  });

  test('creates each group once with a name, display name and an alias from its address, quotes doubled', () => {
    const creates = scriptLines.map(psStrings).filter((l) => l.code.startsWith('New-GroupOnce '));
    expect(creates.map((c) => c.strings)).toEqual([
      ['All Staff', 'All Staff', 'all', 'all@acme.example.com'],
      ['Engineering Team', 'Engineering Team', 'engineering', 'engineering@acme.example.com'],
      ["O'Brien's Fans", "O'Brien's Fans", 'fans', 'fans@acme.example.com'],
    ]);
    expect(script).toContain("New-GroupOnce -Name 'O''Brien''s Fans' -DisplayName 'O''Brien''s Fans' -Alias 'fans' -Address 'fans@acme.example.com'");
    expect(script).not.toMatch(/unregistered-group/);
    expect(result.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/Group “unregistered-group” has no address/)]));
  });

  test('adds members through the guard that skips present ones; nested groups are members by address; no-mailbox members are reported', () => {
    expect(script).toContain('if ($script:Ready.Contains($member) -and $present -notcontains $member) { Add-DistributionGroupMember -Identity $Group -Member $member }');
    const members = new Map<string, string[]>();
    scriptLines.forEach((line, i) => {
      const call = psStrings(line);
      if (call.code !== 'Add-MissingMembers -Group <S> -Members @(') return;
      const end = scriptLines.indexOf(')', i);
      members.set(call.strings[0], scriptLines.slice(i + 1, end).flatMap((l) => psStrings(l).strings));
    });
    expect(Object.fromEntries(members)).toEqual({
      'all@acme.example.com': ['engineering@acme.example.com', 'fans@acme.example.com'],
      'engineering@acme.example.com': ['alice@acme.example.com', 'jose@acme.example.com'],
      'fans@acme.example.com': ['conan@acme.example.com', 'siobhan@acme.example.com'],
    });
    const lastCreate = Math.max(...scriptLines.map((l, i) => (l.startsWith('New-GroupOnce ') ? i : -1)));
    expect(scriptLines.findIndex((l) => l.startsWith('Add-MissingMembers'))).toBeGreaterThan(lastCreate);
    expect(result.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/Member “svc-backup” of group “All Staff” has no mailbox/)]));
  });

  test('adds every other address of users, groups and resources through Add-AddressOnce', () => {
    const adds = scriptLines.map(psStrings).filter((l) => /^Add-AddressOnce <S> <S> (mailbox|group)$/.test(l.code));
    expect(adds.map((a) => [...a.strings, a.code.split(' ').pop()])).toEqual([
      ['alice@acme.example.com', 'a.liddell@acme.example.com', 'mailbox'],
      ['alice@acme.example.com', 'alice.l@acme.example.com', 'mailbox'],
      ['alice@acme.example.com', 'wonder@acme-mail.example.org', 'mailbox'],
      ['engineering@acme.example.com', 'dev@acme.example.com', 'group'],
      ['engineering@acme.example.com', 'eng@acme.example.com', 'group'],
      ['boardroom@acme.example.com', 'board@acme.example.com', 'mailbox'],
    ]);
    expect(result.counts.aliases).toBe(6);
  });

  test('creates rooms and equipment with booking options and delegates, set only on the ones it made or found as it makes them', () => {
    const creates = scriptLines.map(psStrings).filter((l) => l.code.startsWith('New-ResourceOnce '));
    expect(creates.map((c) => c.code)).toEqual([
      'New-ResourceOnce -Type Room -Name <S> -DisplayName <S> -Alias <S> -Address <S>',
      'New-ResourceOnce -Type Equipment -Name <S> -DisplayName <S> -Alias <S> -Address <S>',
    ]);
    expect(creates.map((c) => c.strings)).toEqual([
      ['boardroom', 'boardroom', 'boardroom', 'boardroom@acme.example.com'], ['projector', 'projector', 'projector', 'projector@acme.example.com'],
    ]);
    const booking = Object.fromEntries(scriptLines.map(psStrings).filter((l) => l.code.includes('Set-CalendarProcessing')).map((c) => [c.strings[0], c]));
    expect(booking['boardroom@acme.example.com'].code).toBe('if ($Ready.Contains(<S>)) { Set-CalendarProcessing -Identity <S> -AutomateProcessing AutoAccept '
      + '-AllBookInPolicy $false -AllRequestInPolicy $true -ResourceDelegates <S>,<S> -AllowRecurringMeetings $false -AllowConflicts $false }');
    expect(booking['boardroom@acme.example.com'].strings.slice(1)).toEqual(['boardroom@acme.example.com', 'alice@acme.example.com', 'jose@acme.example.com']);
    expect(booking['projector@acme.example.com'].code).toBe('if ($Ready.Contains(<S>)) { Set-CalendarProcessing -Identity <S> -AutomateProcessing AutoAccept '
      + '-AllBookInPolicy $true -ResourceDelegates <S> -AllowRecurringMeetings $true -AllowConflicts $false }');
    expect(script).toContain("# Delegate group 'Engineering Team': ResourceDelegates takes mailboxes");
    expect(result.notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Resource “boardroom”: its delegate group “Engineering Team” becomes its members with a mailbox \(alice@acme\.example\.com, jose@acme\.example\.com\)/),
      expect.stringMatching(/Resource “old-room” has no address/),
      expect.stringMatching(/Resource “boardroom”: its description \(“Board room – 12 seats, O’Neill’s”\)/),
    ]));
    expect(result.counts).toEqual({ users: 4, groups: 3, resources: 2, aliases: 6, grants: 7 });
  });

  test('grants each mailbox permission through a helper that looks it up first; a group grantee becomes its members', () => {
    expect(script).toContain('  $present = @(Get-MailboxPermission -Identity $Mailbox -User $Grantee -ErrorAction SilentlyContinue');
    expect(script).toContain('Add-MailboxPermission -Identity $Mailbox -User $Grantee -AccessRights FullAccess -AutoMapping $false');
    expect(script).toContain('$present = @(Get-RecipientPermission -Identity $Mailbox -Trustee $Grantee -AccessRights SendAs');
    expect(script).toContain('Add-RecipientPermission -Identity $Mailbox -Trustee $Grantee -AccessRights SendAs -Confirm:$false');
    expect(script).toContain('Set-Mailbox -Identity $Mailbox -GrantSendOnBehalfTo @{Add=$Grantee}');
    const section = script.slice(script.indexOf('# 5. Who may use each mailbox'));
    expect(section.split('\n').filter((l) => l.startsWith('Grant-'))).toEqual([
      "Grant-FullAccessOnce 'alice@acme.example.com' 'conan@acme.example.com'",
      "Grant-SendAsOnce 'alice@acme.example.com' 'conan@acme.example.com'",
      "Grant-SendOnBehalfOnce 'alice@acme.example.com' 'conan@acme.example.com'",
      "Grant-SendOnBehalfOnce 'alice@acme.example.com' 'siobhan@acme.example.com'",
      "Grant-SendAsOnce 'jose@acme.example.com' 'alice@acme.example.com'",
      "Grant-SendOnBehalfOnce 'jose@acme.example.com' 'alice@acme.example.com'",
      "Grant-FullAccessOnce 'boardroom@acme.example.com' 'siobhan@acme.example.com'",
    ]);
    expect(section).toContain("# Group 'O''Brien''s Fans': Exchange grants mailboxes");
    expect(result.notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^User “alice”: the grant to group “O'Brien's Fans” becomes a grant to its members with a mailbox \(conan@acme.example.com, siobhan@/),
    ]));
  });

  test('booking parameters for each combination of options', () => {
    const options = (accept: boolean, recurring: boolean, conflicting: boolean) => (
      { autoAcceptRequests: accept, autoDeclineRecurringRequests: recurring, autoDeclineConflictingRequests: conflicting });
    expect(bookingParameters(options(true, false, false), [])).toBe('-AutomateProcessing AutoAccept -AllBookInPolicy $true -AllowRecurringMeetings $true -AllowConflicts $true');
    expect(bookingParameters(options(true, true, false), [])).toBe('-AutomateProcessing AutoAccept -AllBookInPolicy $true -AllowRecurringMeetings $false -AllowConflicts $true');
    expect(bookingParameters(options(false, false, true), ["o'b@x"])).toBe(
      "-AutomateProcessing AutoAccept -AllBookInPolicy $false -AllRequestInPolicy $true -ResourceDelegates 'o''b@x' -AllowRecurringMeetings $true -AllowConflicts $false");
  });

  test('a group delegate is expanded through nested groups to users with a mailbox, each once, and a cycle ends', async () => {
    const { text, result: nestedResult } = await scriptFor({
      users: [{ name: 'a', email: 'a@acme.example.com' }, { name: 'b', email: 'b@acme.example.com' }, { name: 'nobox' }],
      groups: [
        { name: 'outer', email: 'outer@acme.example.com', members: ['a', 'inner'] },
        { name: 'inner', email: 'inner@acme.example.com', members: ['b', 'a', 'nobox', 'outer'] },
      ],
      resources: [{ name: 'room', type: 'ROOM', email: 'room@acme.example.com', bookingOptions: { autoAcceptRequests: false }, delegates: ['outer'] }],
    });
    const booking = text.split('\n').map(psStrings).find((l) => l.code.includes('Set-CalendarProcessing'))!;
    expect(booking.strings).toEqual(['room@acme.example.com', 'room@acme.example.com', 'a@acme.example.com', 'b@acme.example.com']);
    expect(nestedResult.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/delegate “nobox” \(in group “outer”\) has no mailbox/)]));
  });

  test('names with typographic quotes, $(...), backticks, “double” quotes, NUL and line breaks read back as data; hidden stays hidden', async () => {
    const names = [scan.organization.users.find((u) => u.name === 'siobhan')!.displayName!, 'Former Staff; $(rm -rf /) `x` $env:USER', 'say "‚hi‛" “„quoted”'];
    const { text, result: quotedResult } = await scriptFor({
      users: [{ name: 'hidden', email: 'hidden@acme.example.com', hiddenFromAddressList: true }],
      groups: [{ name: names[0], email: 'g@acme.example.com' }, { name: `${names[2]}\u0000\r\n`, email: 'h@acme.example.com', hiddenFromAddressList: true }],
      resources: [{ name: names[1], type: 'ROOM', email: 'r@acme.example.com' }],
    });
    const lines = text.split('\n').map(psStrings);
    expect(lines.filter((l) => /^New-(GroupOnce|ResourceOnce) /.test(l.code)).map((l) => l.strings[1]))
      .toEqual([names[0], names[2], names[1]]);
    expect(text).toContain("-Name 'Siobhán O’’Neill ‘‘the boss’’'");
    expect(text).toContain("Hide-Recipient 'hidden@acme.example.com' mailbox");
    expect(text).toContain("Hide-Recipient 'h@acme.example.com' group");
    expect(text).not.toContain("Hide-Recipient 'g@acme.example.com'");
    expect(quotedResult.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/name holds line breaks or control characters/)]));
  });
});

describe('Exchange names', () => {
  test.each([
    ['all@acme.example.com', 'all'],
    ['o\'brien+fans@x', 'o\'brien+fans'],
    ['.a..b.@x', 'a.b'],
    ['josé.müller@x', 'josé.müller'],
    ['日本.team@x', 'team'],
    ['"quoted local"@x', 'quotedlocal'],
    [`${'a'.repeat(63)}.b@x`, 'a'.repeat(63)],
    [`${'x'.repeat(80)}@x`, 'x'.repeat(64)],
  ])('the alias of %s is %s', (address, alias) => {
    expect(exchangeAlias(address)).toBe(alias);
    expect(alias.length).toBeLessThanOrEqual(64);
  });

  test('truncate keeps surrogate pairs whole; asciiName drops accents for mailbox names', () => {
    expect(truncate(`${'a'.repeat(63)}😀`, 64)).toBe('a'.repeat(63));
    expect(asciiName('Salle Ø Müller 会議室')).toBe('Salle Muller');
  });

  test('long, accented and clashing names are shortened, made unique and reported', () => {
    const notMapped: string[] = [];
    const names = new ExchangeNames({ ...scan.organization, users: [{ name: 'all', email: 'all@acme.example.com' }] }, notMapped);
    const long = `Team ${'ü'.repeat(300)}`;
    const group = names.of('group', long, 'all@other.example.com');
    expect(group.name).toBe(long.slice(0, 64));
    expect(group.displayName).toBe(long.slice(0, 256));
    expect(group.alias).toBe('all2');
    const again = names.of('group', `${long}!`, 'team@acme.example.com');
    expect(again.name).toBe(`${long.slice(0, 62)} 2`);
    const room = names.of('resource', 'Salle Müller', 'salle@acme.example.com');
    expect(room).toEqual({ name: 'Salle Muller', displayName: 'Salle Müller', alias: 'salle' });
    expect(notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Group “Team ü+”: its name is longer than the 256 characters of Exchange's DisplayName/),
      expect.stringMatching(/^Group “Team ü+”: Exchange's Name is “Team ü{59}”, because Name takes at most 64 characters/),
      expect.stringMatching(/^Group “Team ü+”: its Exchange alias is “all2”, the local part of all@other\.example\.com made valid/),
      expect.stringMatching(/^Resource “Salle Müller”: Exchange's Name is “Salle Muller”, .*no accented letters for a mailbox/),
    ]));
  });
});

describe('exchange-online.ps1 against a model of Exchange Online', () => {
  test('the first run creates everything; the second finds each recipient as it makes it and changes nothing', () => {
    const first = runExchangeModel(script, userMailboxes());
    expect(first.conflicts).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.changes.filter((c) => c.startsWith('New '))).toHaveLength(5);
    expect(first.changes.filter((c) => c.startsWith('Add-DistributionGroupMember'))).toHaveLength(6);
    expect(first.changes.filter((c) => /^(Add-MailboxPermission|Add-RecipientPermission|Set-Mailbox -GrantSendOnBehalfTo) /.test(c)).sort()).toEqual([
      'Add-MailboxPermission alice@acme.example.com conan@acme.example.com',
      'Add-MailboxPermission boardroom@acme.example.com siobhan@acme.example.com',
      'Add-RecipientPermission alice@acme.example.com conan@acme.example.com',
      'Add-RecipientPermission jose@acme.example.com alice@acme.example.com',
      'Set-Mailbox -GrantSendOnBehalfTo alice@acme.example.com conan@acme.example.com',
      'Set-Mailbox -GrantSendOnBehalfTo alice@acme.example.com siobhan@acme.example.com',
      'Set-Mailbox -GrantSendOnBehalfTo jose@acme.example.com alice@acme.example.com',
    ]);
    const second = runExchangeModel(script, first.recipients);
    expect(second).toEqual({ exitCode: 0, conflicts: [], changes: [], recipients: first.recipients });
  });

  test('an address held by another recipient is a conflict naming both; nothing is done to it; exit 1', () => {
    const before = [
      ...userMailboxes(),
      { RecipientTypeDetails: 'SharedMailbox', Name: 'Fan mail', Alias: 'fans', PrimarySmtpAddress: 'fans@acme.example.com', EmailAddresses: [] },
      { RecipientTypeDetails: 'MailUniversalDistributionGroup', Name: 'Everyone', Alias: 'everyone', PrimarySmtpAddress: 'all@acme.example.com', EmailAddresses: [] },
      { RecipientTypeDetails: 'UserMailbox', Name: 'conan.obrien', Alias: 'conan', PrimarySmtpAddress: 'conan2@acme.example.com', EmailAddresses: ['eng@acme.example.com'] },
    ];
    before[1].EmailAddresses.push('board@acme.example.com');
    const run = runExchangeModel(script, before);
    expect(run.exitCode).toBe(1);
    expect(run.conflicts).toEqual([
      "all@acme.example.com is held by MailUniversalDistributionGroup 'Everyone' <all@acme.example.com>, not by the distribution group 'All Staff' (alias all)",
      "fans@acme.example.com is held by SharedMailbox 'Fan mail' <fans@acme.example.com>, not by the distribution group 'O'Brien's Fans' (alias fans)",
      "eng@acme.example.com is held by UserMailbox 'conan.obrien' <conan2@acme.example.com>, not by an address of engineering@acme.example.com",
      "board@acme.example.com is held by UserMailbox 'conan.obrien' <conan@acme.example.com>, not by an address of boardroom@acme.example.com",
    ]);
    expect(run.changes.filter((c) => /all@|fans@/.test(c) && !c.includes('Add-DistributionGroupMember engineering'))).toEqual([]);
    expect(run.changes).toContain('Add-DistributionGroupMember engineering@acme.example.com alice@acme.example.com');
    const again = runExchangeModel(script, run.recipients);
    expect(again.conflicts).toEqual(run.conflicts);
    expect(again.changes).toEqual([]);
  });

  test('a user of users.csv without a mailbox, or whose address another recipient holds, stops it before any change', () => {
    const missing = runExchangeModel(script, userMailboxes().slice(1));
    expect(missing).toMatchObject({ exitCode: 1, conflicts: ['No mailbox alice@acme.example.com yet'], changes: [] });
    expect(script).toContain('throw "No mailbox $Address yet: import users.csv');
  });
});

describe('the export', () => {
  test('lists its files sorted, and two runs write byte-identical files', async () => {
    expect(result.files).toEqual(['exchange-online.ps1', 'users.csv']);
    const again = mkdtempSync(join(tmpdir(), 'm365-again-'));
    try {
      const second = await writeM365Export(await trickyScan(), again, context);
      expect(second).toEqual(result);
      expect(readdirSync(again).sort()).toEqual(readdirSync(dir).sort());
      for (const file of readdirSync(dir)) expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file)))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  test('says in its steps to import users.csv before running the script, after Connect-ExchangeOnline', () => {
    const importStep = result.steps.findIndex((s) => s.includes('Import users.csv'));
    const scriptStep = result.steps.findIndex((s) => s.includes('./exchange-online.ps1'));
    expect(importStep).toBeGreaterThanOrEqual(0);
    expect(scriptStep).toBeGreaterThan(importStep);
    expect(result.steps[scriptStep]).toMatch(/Connect-ExchangeOnline/);
  });
});
