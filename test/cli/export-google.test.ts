import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseCsv, trickyScan } from './vendor-fixture';
import { writeGoogleExport } from '../../cli/export/google';
import { shQuote } from '../../cli/export/google/shell-quote';
import { GOOGLE_USERS_HEADER, googleNames } from '../../cli/export/google/users-csv';
import { ExportResult } from '../../cli/export/migration';
import { OrganizationScan } from '../../cli/model';

const HEADER_LINE = 'First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],'
  + 'Org Unit Path [Required],New Primary Email [UPLOAD ONLY],Recovery Email,Home Secondary Email,Work Secondary Email,'
  + 'Recovery Phone [MUST BE IN THE E.164 FORMAT],Work Phone,Home Phone,Mobile Phone,Work Address,Home Address,Employee ID,Employee Type,'
  + 'Employee Title,Manager Email,Department,Cost Center,Building ID,Floor Name,Floor Section,Change Password at Next Sign-In,'
  + 'New Status [UPLOAD ONLY],New Licenses [UPLOAD ONLY],Advanced Protection Program enrollment';
const context = { log: () => undefined, toolVersion: '1.2.3' };

let scan: OrganizationScan;
let dir: string;
let result: ExportResult;

beforeAll(async () => {
  scan = await trickyScan();
  dir = mkdtempSync(join(tmpdir(), 'google-'));
  result = await writeGoogleExport(scan, dir, context);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs a script with `gam` as a bash function that records each call's arguments exactly (unit and record
 * separators, which no argument here holds) and answers `rc` for the calls whose arguments match `when`.
 */
function runWithFakeGam(scriptPath: string, rc = 0, when = '.*'): { calls: string[][]; status: number | null; stderr: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'gam-log-')), 'calls');
  writeFileSync(log, '');
  const fake = [
    'gam() {',
    `  printf '%s\\037' "$@" >> ${shQuote(log)}`,
    `  printf '\\036' >> ${shQuote(log)}`,
    `  local when=${shQuote(when)}`,
    `  if [[ "$*" =~ $when ]]; then return ${rc}; fi`,
    '}',
    'export -f gam',
    `bash ${shQuote(scriptPath)}`,
  ].join('\n');
  const run = spawnSync('bash', ['-c', fake], { encoding: 'utf8', timeout: 20_000 });
  const calls = readFileSync(log, 'utf8').split('\x1e').filter(Boolean).map((call) => call.split('\x1f').slice(0, -1));
  rmSync(join(log, '..'), { recursive: true, force: true });
  return { calls, status: run.status, stderr: run.stderr };
}

describe('shQuote', () => {
  test.each([
    "O'Brien", 'O’Neill ‘the boss’', '$(rm -rf /)', '`id`', 'a; echo pwned', '"double"', '$HOME ${x} !! \\n', 'José Müller-Łukasz 日本', '', "'",
  ])('bash reads %j back as one word, unchanged', (value) => {
    expect(execFileSync('bash', ['-c', `printf '%s' ${shQuote(value)}`], { encoding: 'utf8' })).toBe(value);
  });

  test('writes a quote as \'\\\'\'', () => {
    expect(shQuote("O'Brien")).toBe("'O'\\''Brien'");
  });

  test.each(['two\nlines', 'cr\r', 'nul\u0000'])('refuses a control character: %j', (value) => {
    expect(() => shQuote(value)).toThrow(/line break or control character/);
  });
});

describe('users.csv', () => {
  test('is UTF-8 with a byte order mark and the template header exactly', () => {
    const bytes = readFileSync(join(dir, 'users.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe(HEADER_LINE);
    expect(GOOGLE_USERS_HEADER.join(',')).toBe(HEADER_LINE);
  });

  test('has a row per user with a mailbox: names (derived when missing), empty password, org unit /, attributes mapped', () => {
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'users.csv'), 'utf8').slice(1));
    const byEmail = new Map(rows.map((row) => [row[2], Object.fromEntries(header.map((column, i) => [column, row[i]]))]));
    expect([...byEmail.keys()]).toEqual(['alice@acme.example.com', 'conan@acme.example.com', 'jose@acme.example.com', 'siobhan@acme.example.com']);
    for (const row of byEmail.values()) {
      expect(row['Password [Required]']).toBe('');
      expect(row['Password Hash Function [UPLOAD ONLY]']).toBe('');
      expect(row['Org Unit Path [Required]']).toBe('/');
      expect(row['Change Password at Next Sign-In']).toBe('TRUE');
      expect(row['First Name [Required]']).not.toBe('');
      expect(row['Last Name [Required]']).not.toBe('');
    }
    expect(byEmail.get('alice@acme.example.com')).toMatchObject({
      'First Name [Required]': 'Alice',
      'Last Name [Required]': 'Liddell',
      'Work Phone': '+44 1865 000000',
      'Work Address': '1 Oxford St, Oxford, OX1 1AA, United Kingdom',
      'Employee Title': 'Explorer',
      'Department': 'Research',
    });
    expect(byEmail.get('jose@acme.example.com')).toMatchObject({
      'First Name [Required]': 'José', 'Last Name [Required]': 'Müller-Łukasz 日本', 'Work Address': 'Zürich',
    });
    expect(byEmail.get('siobhan@acme.example.com')).toMatchObject({
      'First Name [Required]': 'Siobhán', 'Last Name [Required]': 'O’Neill', 'Department': 'Légal & Conformité',
    });
    expect(byEmail.get('conan@acme.example.com')).toMatchObject({ 'Last Name [Required]': "O'Brien" });
    expect(result.notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^User “jose” has no first or last name in WorkMail; .*“José” \/ “Müller-Łukasz 日本”/),
      expect.stringMatching(/User “svc-backup” has no mailbox/), expect.stringMatching(/User “former\.staff” has no mailbox/),
    ]));
  });

  test('names Google requires come from the display name, else the user name', () => {
    expect(googleNames({ name: 'x', displayName: 'Ada  King Lovelace' })).toEqual({ first: 'Ada', last: 'King Lovelace', derived: true });
    expect(googleNames({ name: 'x', displayName: 'Prince' })).toEqual({ first: 'Prince', last: 'Prince', derived: true });
    expect(googleNames({ name: 'solo', displayName: '  ' })).toEqual({ first: 'solo', last: 'solo', derived: true });
    expect(googleNames({ name: 'x', firstName: 'Grace', displayName: 'G. Hopper' })).toEqual({ first: 'Grace', last: 'Hopper', derived: true });
    expect(googleNames({ name: 'x', firstName: 'A', lastName: 'B', displayName: 'C D' })).toEqual({ first: 'A', last: 'B', derived: false });
  });

  test('users.README.txt says the password column is empty and must be filled in', () => {
    const readme = readFileSync(join(dir, 'users.README.txt'), 'utf8');
    expect(readme).toMatch(/Fill in the "Password \[Required\]" column: it is empty/);
    expect(readme).toMatch(/4 users/);
  });
});

describe('gam.sh', () => {
  const script = () => join(dir, 'gam.sh');

  test('is an executable bash script with set -euo pipefail that bash -n accepts', () => {
    const text = readFileSync(script(), 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toMatch(/^set -euo pipefail$/m);
    expect((statSync(script()).mode % 0o1000).toString(8)).toBe('755');
    expect(spawnSync('bash', ['-n', script()]).status).toBe(0);
  });

  test('run with a recording gam, passes exactly these arguments: every group, member, alias and resource, quoting inert', () => {
    const run = runWithFakeGam(script());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      ['update', 'user', 'siobhan@acme.example.com', 'displayname', 'Siobhán O’Neill ‘the boss’'],
      ['create', 'group', 'all@acme.example.com', 'name', 'All Staff'],
      ['create', 'group', 'engineering@acme.example.com', 'name', 'Engineering Team'],
      ['create', 'group', 'fans@acme.example.com', 'name', "O'Brien's Fans"],
      ['create', 'alias', 'dev@acme.example.com', 'group', 'engineering@acme.example.com'],
      ['create', 'alias', 'eng@acme.example.com', 'group', 'engineering@acme.example.com'],
      ['update', 'group', 'all@acme.example.com', 'add', 'member', 'engineering@acme.example.com'],
      ['update', 'group', 'all@acme.example.com', 'add', 'member', 'fans@acme.example.com'],
      ['update', 'group', 'engineering@acme.example.com', 'add', 'member', 'alice@acme.example.com'],
      ['update', 'group', 'engineering@acme.example.com', 'add', 'member', 'jose@acme.example.com'],
      ['update', 'group', 'fans@acme.example.com', 'add', 'member', 'conan@acme.example.com'],
      ['update', 'group', 'fans@acme.example.com', 'add', 'member', 'siobhan@acme.example.com'],
      ['create', 'alias', 'a.liddell@acme.example.com', 'user', 'alice@acme.example.com'],
      ['create', 'alias', 'alice.l@acme.example.com', 'user', 'alice@acme.example.com'],
      ['create', 'alias', 'wonder@acme-mail.example.org', 'user', 'alice@acme.example.com'],
      ['create', 'resource', 'boardroom', 'boardroom', 'category', 'conference_room', 'type', 'Room', 'description', 'Board room – 12 seats, O’Neill’s'],
      ['resource', 'boardroom', 'add', 'acls', 'writer', 'group:engineering@acme.example.com'],
      ['create', 'resource', 'projector', 'projector', 'category', 'other', 'type', 'Equipment', 'description', 'Portable projector'],
      ['resource', 'projector', 'add', 'acls', 'writer', 'user:alice@acme.example.com'],
    ]);
    expect(result.counts).toEqual({ users: 4, groups: 3, resources: 2, aliases: 5 });
  });

  test('entities without an address are not created and are reported', () => {
    const text = readFileSync(script(), 'utf8');
    expect(text).not.toMatch(/unregistered-group|old-room|svc-backup|former\.staff/);
    expect(result.notMapped).toEqual(expect.arrayContaining([
      expect.stringMatching(/Group “unregistered-group” has no address/),
      expect.stringMatching(/Resource “old-room” has no address/),
      expect.stringMatching(/Member “svc-backup” of group “All Staff” has no mailbox/),
      expect.stringMatching(/Resource “boardroom”: its aliases \(board@acme\.example\.com\) are not carried/),
    ]));
  });

  test('shell metacharacters and quotes in names and descriptions reach gam as data, hidden entities get gal false', async () => {
    const nasty = 'Former Staff; $(touch pwned) `touch pwned` "x" \'y\' ‘z’ && exit 9 | cat > pwned';
    const tricky: OrganizationScan = {
      organization: {
        ...scan.organization,
        users: [{ name: 'f', email: 'f@acme.example.com', displayName: nasty, firstName: 'F', lastName: 'S', hiddenFromAddressList: true }],
        groups: [{ name: nasty, email: 'g@acme.example.com', hiddenFromAddressList: true }],
        resources: [{ name: 'r', type: 'ROOM', email: 'r@acme.example.com', description: nasty }],
      },
      ids: new Map(),
      skipped: { deleted: 0, systemUsers: 0 },
    };
    const trickyDir = mkdtempSync(join(tmpdir(), 'google-nasty-'));
    try {
      await writeGoogleExport(tricky, trickyDir, context);
      const run = runWithFakeGam(join(trickyDir, 'gam.sh'));
      expect(run.status).toBe(0);
      expect(run.calls).toEqual([
        ['update', 'user', 'f@acme.example.com', 'displayname', nasty, 'gal', 'false'],
        ['create', 'group', 'g@acme.example.com', 'name', nasty, 'gal', 'false'],
        ['create', 'resource', 'r', 'r', 'category', 'conference_room', 'type', 'Room', 'description', nasty],
      ]);
      expect(readdirSync(trickyDir)).not.toContain('pwned');
      expect(readdirSync(process.cwd())).not.toContain('pwned');
    } finally {
      rmSync(trickyDir, { recursive: true, force: true });
    }
  });

  test('GAM\'s 57 (exists already) counts as done, so a second run completes; any other failure stops the script', () => {
    const rerun = runWithFakeGam(script(), 57, '^create');
    expect(rerun.status).toBe(0);
    expect(rerun.calls).toHaveLength(19);
    const failing = runWithFakeGam(script(), 4, '^create group all@');
    expect(failing.status).toBe(4);
    expect(failing.calls).toEqual([
      ['update', 'user', 'siobhan@acme.example.com', 'displayname', 'Siobhán O’Neill ‘the boss’'],
      ['create', 'group', 'all@acme.example.com', 'name', 'All Staff'],
    ]);
  });
});

describe('the export', () => {
  test('lists its files sorted, and two runs write byte-identical files', async () => {
    expect(result.files).toEqual(['gam.sh', 'users.README.txt', 'users.csv']);
    const again = mkdtempSync(join(tmpdir(), 'google-again-'));
    try {
      expect(await writeGoogleExport(await trickyScan(), again, context)).toEqual(result);
      expect(readdirSync(again).sort()).toEqual(readdirSync(dir).sort());
      for (const file of readdirSync(dir)) expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file)))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  test('its steps upload users.csv before running gam.sh', () => {
    const upload = result.steps.findIndex((s) => s.includes('upload it'));
    expect(upload).toBeGreaterThanOrEqual(0);
    expect(result.steps.findIndex((s) => s.includes('bash gam.sh'))).toBeGreaterThan(upload);
  });
});
