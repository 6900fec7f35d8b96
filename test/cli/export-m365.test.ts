import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseCsv, psStrings, trickyScan } from './vendor-fixture';
import { writeM365Export } from '../../cli/export/m365';
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
  script = readFileSync(join(dir, 'exchange-online.ps1'), 'utf8');
  scriptLines = script.split('\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines that call a cmdlet, as code (strings replaced by <S>) with their string values. */
const calls = (cmdlet: string) => scriptLines.map((line) => ({ line, ...psStrings(line) })).filter((l) => l.code.trimStart().startsWith(cmdlet));

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
    ['José Müller-Łukasz 日本', "'José Müller-Łukasz 日本'"],
    ['', "''"],
  ])('%s is written %s and read back unchanged', (value, quoted) => {
    expect(psQuote(value)).toBe(quoted);
    const read = psStrings(`Set-Mailbox -DisplayName ${psQuote(value)} -Identity 'x'`);
    expect(read.strings).toEqual([value, 'x']);
    expect(read.code).toBe('Set-Mailbox -DisplayName <S> -Identity <S>');
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

describe('exchange-online.ps1', () => {
  test('every line reads as PowerShell strings that all end, and no data reaches the code between them', () => {
    const body = scriptLines.slice(scriptLines.indexOf('# 1. Every user of users.csv has a mailbox.'));
    for (const line of body) {
      const { code } = psStrings(line);
      // Between the strings: cmdlets, parameters, $true/$false/$mailbox, @{add=...}, @( ), { } and commas only.
      expect(code).toMatch(/^[A-Za-z0-9 \-{}()@=,<>$.]*$/);
      expect(code).not.toMatch(/\$\(|`|"/);
    }
  });

  test('starts with a header saying what it does and the order, then $ErrorActionPreference = Stop', () => {
    expect(script.startsWith('# exchange-online.ps1: the directory of the WorkMail organization acme (m-0123456789abcdef0123456789abcdef)')).toBe(true);
    expect(script).toMatch(/import users\.csv in the Microsoft 365 admin center first/);
    expect(script).toMatch(/Connect-ExchangeOnline/);
    const firstCode = scriptLines.findIndex((line) => line !== '' && !line.startsWith('#'));
    expect(scriptLines[firstCode]).toBe("$ErrorActionPreference = 'Stop'");
    expect(script).toMatch(/cdk-workmail 1\.2\.3/);
  });

  test('checks every user\'s mailbox before changing anything', () => {
    const start = scriptLines.indexOf('foreach ($mailbox in @(');
    const end = scriptLines.indexOf(')) { Assert-Mailbox $mailbox }');
    expect(start).toBeGreaterThan(0);
    expect(scriptLines.slice(start + 1, end).flatMap((l) => psStrings(l).strings))
      .toEqual(['alice@acme.example.com', 'conan@acme.example.com', 'jose@acme.example.com', 'siobhan@acme.example.com']);
    const firstChange = scriptLines.findIndex((l) => /^(Set-|New-|Add-MissingMembers )/.test(l));
    expect(firstChange).toBeGreaterThan(end);
  });

  test('creates each group with an address once, guarded by Get-DistributionGroup, names quoted with quotes doubled', () => {
    const creates = calls('New-DistributionGroup');
    expect(creates.map((c) => c.strings)).toEqual([
      ['All Staff', 'All Staff', 'all@acme.example.com'],
      ['Engineering Team', 'Engineering Team', 'engineering@acme.example.com'],
      ["O'Brien's Fans", "O'Brien's Fans", 'fans@acme.example.com'],
    ]);
    expect(script).toContain("New-DistributionGroup -Name 'O''Brien''s Fans' -DisplayName 'O''Brien''s Fans'");
    for (const create of creates) {
      const guard = scriptLines[scriptLines.indexOf(create.line) - 1];
      expect(psStrings(guard)).toEqual({ code: 'if (-not (Get-DistributionGroup -Identity <S> -ErrorAction SilentlyContinue)) {', strings: [create.strings[2]] });
    }
    expect(script).not.toMatch(/unregistered-group/);
    expect(result.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/Group “unregistered-group” has no address/)]));
  });

  test('adds members through the guard that skips present ones; nested groups are members by address; no-mailbox members are reported', () => {
    expect(script).toContain('if ($present -notcontains $member) { Add-DistributionGroupMember -Identity $Group -Member $member }');
    expect(scriptLines.filter((l) => !l.startsWith('#') && l.includes('Add-DistributionGroupMember'))).toHaveLength(1);
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
    // Members are added after every group exists.
    const lastCreate = Math.max(...calls('New-DistributionGroup').map((c) => scriptLines.indexOf(c.line)));
    expect(scriptLines.findIndex((l) => l.startsWith('Add-MissingMembers'))).toBeGreaterThan(lastCreate);
    expect(result.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/Member “svc-backup” of group “All Staff” has no mailbox/)]));
  });

  test('adds every alias of users, groups and resources with @{add=...} (idempotent)', () => {
    const aliases = [...calls('Set-Mailbox'), ...calls('Set-DistributionGroup')]
      .filter((c) => c.code.includes('-EmailAddresses @{add='))
      .map((c) => [c.strings[0], c.strings.slice(1)]);
    expect(Object.fromEntries(aliases)).toEqual({
      'alice@acme.example.com': ['smtp:a.liddell@acme.example.com', 'smtp:alice.l@acme.example.com', 'smtp:wonder@acme-mail.example.org'],
      'engineering@acme.example.com': ['smtp:dev@acme.example.com', 'smtp:eng@acme.example.com'],
      'boardroom@acme.example.com': ['smtp:board@acme.example.com'],
    });
    expect(result.counts.aliases).toBe(6);
  });

  test('creates rooms and equipment guarded by Get-Mailbox, with booking options and delegates', () => {
    const creates = calls('New-Mailbox');
    expect(creates.map((c) => c.code.trim())).toEqual([
      'New-Mailbox -Name <S> -DisplayName <S> -Room -PrimarySmtpAddress <S>',
      'New-Mailbox -Name <S> -DisplayName <S> -Equipment -PrimarySmtpAddress <S>',
    ]);
    expect(creates.map((c) => c.strings)).toEqual([
      ['boardroom', 'boardroom', 'boardroom@acme.example.com'], ['projector', 'projector', 'projector@acme.example.com'],
    ]);
    for (const create of creates) {
      expect(psStrings(scriptLines[scriptLines.indexOf(create.line) - 1]))
        .toEqual({ code: 'if (-not (Get-Mailbox -Identity <S> -ErrorAction SilentlyContinue)) {', strings: [create.strings[2]] });
    }
    const booking = Object.fromEntries(calls('Set-CalendarProcessing').map((c) => [c.strings[0], c]));
    // boardroom: auto-accept off, delegate group Engineering Team expanded to its members; declines recurring and conflicting.
    expect(booking['boardroom@acme.example.com'].code).toBe('Set-CalendarProcessing -Identity <S> -AutomateProcessing AutoAccept -AllBookInPolicy $false '
      + '-AllRequestInPolicy $true -ResourceDelegates <S>,<S> -AllowRecurringMeetings $false -AllowConflicts $false');
    expect(booking['boardroom@acme.example.com'].strings.slice(1)).toEqual(['alice@acme.example.com', 'jose@acme.example.com']);
    expect(booking['projector@acme.example.com'].code).toBe('Set-CalendarProcessing -Identity <S> -AutomateProcessing AutoAccept -AllBookInPolicy $true '
      + '-ResourceDelegates <S> -AllowRecurringMeetings $true -AllowConflicts $false');
    expect(script).toContain("# Delegate group 'Engineering Team': ResourceDelegates takes mailboxes");
    expect(result.notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Resource “boardroom”: its delegate group “Engineering Team” becomes its members with a mailbox \(alice@acme\.example\.com, jose@acme\.example\.com\)/),
      expect.stringMatching(/Resource “old-room” has no address/),
      expect.stringMatching(/Resource “boardroom”: its description \(“Board room – 12 seats, O’Neill’s”\)/),
    ]));
    expect(result.counts).toEqual({ users: 4, groups: 3, resources: 2, aliases: 6 });
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
    const nested: OrganizationScan = {
      organization: {
        ...scan.organization,
        users: [{ name: 'a', email: 'a@acme.example.com' }, { name: 'b', email: 'b@acme.example.com' }, { name: 'nobox' }],
        groups: [
          { name: 'outer', email: 'outer@acme.example.com', members: ['a', 'inner'] },
          { name: 'inner', email: 'inner@acme.example.com', members: ['b', 'a', 'nobox', 'outer'] },
        ],
        resources: [{ name: 'room', type: 'ROOM', email: 'room@acme.example.com', bookingOptions: { autoAcceptRequests: false }, delegates: ['outer'] }],
      },
      ids: new Map(),
      skipped: { deleted: 0, systemUsers: 0 },
    };
    const nestedDir = mkdtempSync(join(tmpdir(), 'm365-nested-'));
    try {
      const nestedResult = await writeM365Export(nested, nestedDir, context);
      const text = readFileSync(join(nestedDir, 'exchange-online.ps1'), 'utf8');
      const booking = text.split('\n').map(psStrings).find((l) => l.code.startsWith('Set-CalendarProcessing'))!;
      expect(booking.strings).toEqual(['room@acme.example.com', 'a@acme.example.com', 'b@acme.example.com']);
      expect(nestedResult.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/delegate “nobox” \(in group “outer”\) has no mailbox/)]));
    } finally {
      rmSync(nestedDir, { recursive: true, force: true });
    }
  });

  test('names with typographic quotes, $(...), backticks and double quotes read back unchanged; hidden entities stay hidden', async () => {
    // The tricky organization's display names with typographic quotes live in users.csv; here they name a group and a room.
    const names = [scan.organization.users.find((u) => u.name === 'siobhan')!.displayName!, 'Former Staff; $(rm -rf /) `x`', 'say "‚hi‛" $env:USER'];
    const quoted: OrganizationScan = {
      organization: {
        ...scan.organization,
        users: [{ name: 'hidden', email: 'hidden@acme.example.com', hiddenFromAddressList: true }],
        groups: [{ name: names[0], email: 'g@acme.example.com' }, { name: names[2], email: 'h@acme.example.com', hiddenFromAddressList: true }],
        resources: [{ name: names[1], type: 'ROOM', email: 'r@acme.example.com' }],
      },
      ids: new Map(),
      skipped: { deleted: 0, systemUsers: 0 },
    };
    const quotedDir = mkdtempSync(join(tmpdir(), 'm365-quoted-'));
    try {
      await writeM365Export(quoted, quotedDir, context);
      const lines = readFileSync(join(quotedDir, 'exchange-online.ps1'), 'utf8').split('\n').map(psStrings);
      expect(lines.filter((l) => /^\s*New-(DistributionGroup|Mailbox) /.test(l.code)).map((l) => l.strings[0])).toEqual([names[0], names[2], names[1]]);
      const text = readFileSync(join(quotedDir, 'exchange-online.ps1'), 'utf8');
      expect(text).toContain("-Name 'Siobhán O’’Neill ‘‘the boss’’'");
      // Hidden from the address list in WorkMail, hidden in Exchange.
      expect(text).toContain("Set-Mailbox -Identity 'hidden@acme.example.com' -HiddenFromAddressListsEnabled $true");
      expect(text).toContain("Set-DistributionGroup -Identity 'h@acme.example.com' -HiddenFromAddressListsEnabled $true");
      expect(text).not.toContain("'g@acme.example.com' -HiddenFromAddressListsEnabled");
    } finally {
      rmSync(quotedDir, { recursive: true, force: true });
    }
  });

  test('line breaks in a name or description become spaces and are reported', async () => {
    const broken: OrganizationScan = {
      organization: {
        ...scan.organization,
        users: [],
        groups: [{ name: "two\nlines'", email: 'g@acme.example.com' }],
        resources: [{ name: 'r', type: 'EQUIPMENT', email: 'r@acme.example.com', description: 'a\r\nb' }],
      },
      ids: new Map(),
      skipped: { deleted: 0, systemUsers: 0 },
    };
    const brokenDir = mkdtempSync(join(tmpdir(), 'm365-broken-'));
    try {
      const brokenResult = await writeM365Export(broken, brokenDir, context);
      const text = readFileSync(join(brokenDir, 'exchange-online.ps1'), 'utf8');
      expect(text).toContain("New-DistributionGroup -Name 'two lines''' -DisplayName 'two lines'''");
      expect(brokenResult.notMapped).toEqual(expect.arrayContaining([
        expect.stringMatching(/^group “two\nlines'”: name holds line breaks/),
        expect.stringMatching(/its description \(“a b”\)/),
      ]));
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
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
