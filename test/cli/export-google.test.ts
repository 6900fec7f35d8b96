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

/** What gam.sh itself wrote to stderr (GAM's own messages, as the stand-in writes them, left out). */
const ownLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('gam.sh:'));

/** A directory of the stand-in GAM's state: the users that users.csv made, and whatever else a test puts there. */
function gamState(records: ReadonlyArray<[string, string, string]> = []): string {
  const state = mkdtempSync(join(tmpdir(), 'gam-state-'));
  const users = scan.organization.users.filter((u) => u.email).map((u): [string, string, string] => ['user', u.email!, '-']);
  writeFileSync(join(state, 'directory'), [...users, ...records].map((r) => r.join('\t') + '\n').join(''));
  writeFileSync(join(state, 'calls'), '');
  return state;
}

/**
 * Runs a script with the stand-in GAM (fixtures/gam-stand-in.sh) first on the PATH, keeping its state in
 * `state`; `fail` makes the calls matching it answer that return code instead (GAM's own codes otherwise).
 */
function runWithStandIn(scriptPath: string, state: string, options: { fail?: [RegExp, number]; shell?: string } = {}) {
  const bin = mkdtempSync(join(tmpdir(), 'gam-bin-'));
  let standIn = readFileSync(join(__dirname, 'fixtures', 'gam-stand-in.sh'), 'utf8');
  if (options.fail) {
    standIn = standIn.replace("printf '\\036' >> \"$GAM_STATE/calls\"\n", `printf '\\036' >> "$GAM_STATE/calls"\nfail=${shQuote(options.fail[0].source)}\nif [[ "$*" =~ $fail ]]; then exit ${options.fail[1]}; fi\n`);
  }
  writeFileSync(join(bin, 'gam'), standIn, { mode: 0o755 });
  writeFileSync(join(state, 'calls'), '');
  const run = spawnSync(options.shell ?? 'bash', [scriptPath], {
    encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GAM_STATE: state },
  });
  rmSync(bin, { recursive: true, force: true });
  const calls = readFileSync(join(state, 'calls'), 'utf8').split('\x1e').filter(Boolean).map((call) => call.split('\x1f').slice(0, -1));
  return { calls, status: run.status, stderr: run.stderr, directory: readFileSync(join(state, 'directory'), 'utf8') };
}

const FIRST_RUN = [
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
  // Mailbox grants of a user to a user: Gmail delegation (the group grantee and the resource mailbox are reported instead).
  ['user', 'alice@acme.example.com', 'add', 'delegate', 'conan@acme.example.com'],
  ['user', 'jose@acme.example.com', 'add', 'delegate', 'alice@acme.example.com'],
];

describe('shQuote', () => {
  test.each([
    "O'Brien", 'O’Neill ‘the boss’', '$(rm -rf /)', '`id`', 'a; echo pwned', '"double"', '$HOME ${x} !! \\n', 'José Müller-Łukasz 日本', '', "'",
  ])('bash reads %j back as one word, unchanged', (value) => {
    expect(execFileSync('bash', ['-c', `printf '%s' ${shQuote(value)}`], { encoding: 'utf8' })).toBe(value);
  });

  test('bash reads every printable ASCII character and the typographic quotes back unchanged, in one word', () => {
    const every = String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 32 + i)) + '‘’‚‛“”„ é 日本 😀';
    expect(execFileSync('bash', ['-c', `printf '%s|' ${shQuote(every)}`], { encoding: 'utf8' })).toBe(`${every}|`);
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

  test('first and last names longer than Google\'s 60 characters are shortened and reported', async () => {
    const long = 'Ŵ'.repeat(59) + '😀x';
    const longDir = mkdtempSync(join(tmpdir(), 'google-long-'));
    try {
      const longResult = await writeGoogleExport({
        organization: { ...scan.organization, users: [{ name: 'l', email: 'l@acme.example.com', firstName: long, lastName: 'Short' }], groups: [], resources: [] },
        ids: new Map(),
        skipped: { deleted: 0, systemUsers: 0 },
      }, longDir, context);
      const [, row] = parseCsv(readFileSync(join(longDir, 'users.csv'), 'utf8').slice(1));
      expect(row.slice(0, 2)).toEqual(['Ŵ'.repeat(59), 'Short']);
      expect(longResult.notMapped).toEqual(expect.arrayContaining([
        `User “l”: the first name has more than 60 characters, Google's limit: it is shortened to “${'Ŵ'.repeat(59)}”.`,
      ]));
    } finally {
      rmSync(longDir, { recursive: true, force: true });
    }
  });

  test('more than 150,000 users are split over users.csv and users-2.csv, each with the header', async () => {
    const users = Array.from({ length: 150_001 }, (_, i) => ({ name: `u${i}`, email: `u${i}@big.example.com`, firstName: 'U', lastName: `${i}` }));
    const bigDir = mkdtempSync(join(tmpdir(), 'google-big-'));
    try {
      const big = await writeGoogleExport({
        organization: { ...scan.organization, users, groups: [], resources: [] }, ids: new Map(), skipped: { deleted: 0, systemUsers: 0 },
      }, bigDir, context);
      expect(big.files).toEqual(['gam.sh', 'users-2.csv', 'users.README.txt', 'users.csv']);
      const second = readFileSync(join(bigDir, 'users-2.csv'), 'utf8').slice(1).split('\r\n');
      expect(second[0]).toBe(HEADER_LINE);
      expect(second.slice(1).filter(Boolean)).toEqual(['U,150000,u150000@big.example.com,,,/,,,,,,,,,,,,,,,,,,,,TRUE,,,']);
      expect(big.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/^150001 users are more than the 150000 .* split over users\.csv, users-2\.csv/)]));
    } finally {
      rmSync(bigDir, { recursive: true, force: true });
    }
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

  test('a first run makes every group, member, alias and resource with exactly these arguments, and exits 0', () => {
    const state = gamState();
    try {
      const run = runWithStandIn(script(), state);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.calls).toEqual(FIRST_RUN);
      expect(result.counts).toEqual({ users: 4, groups: 3, resources: 2, aliases: 5, delegations: 2 });
      expect(result.notMapped).toEqual(expect.arrayContaining([
        expect.stringMatching(/^User “alice”: SEND_ON_BEHALF of “O'Brien's Fans” is not carried: a Gmail delegate is a user/),
        expect.stringMatching(/^Resource “boardroom”: FULL_ACCESS of “siobhan” is not carried: a calendar resource has no Gmail mailbox/),
        expect.stringMatching(/^User “alice”: FULL_ACCESS, SEND_AS of “conan.obrien” becomes Gmail delegation/),
      ]));
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
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

  test('shell metacharacters, quotes, !, NUL and line breaks in names reach gam as data, twice over; hidden entities get gal false', async () => {
    const nasty = 'Former Staff; $(touch pwned) `touch pwned` "x" \'y\' ‘z’ !! !$ $HOME ${IFS} \\ && exit 9 | cat > pwned';
    // Within Google's 73 characters for a group name, and without the < > = it refuses there.
    const groupNasty = '$(touch pwned) `t` "x" \'y\' ‘z’ !! !$ $HOME ${IFS} \\ && exit 9 |';
    const tricky: OrganizationScan = {
      organization: {
        ...scan.organization,
        users: [{ name: 'f', email: 'f@acme.example.com', displayName: nasty, firstName: 'F', lastName: 'S', hiddenFromAddressList: true }],
        groups: [{ name: `${groupNasty}\u0000\nnext`, email: 'g@acme.example.com', hiddenFromAddressList: true }],
        resources: [{ name: `r ${nasty}`, type: 'ROOM', email: 'r@acme.example.com', description: `${nasty}\r\nline 2` }],
      },
      ids: new Map(),
      skipped: { deleted: 0, systemUsers: 0 },
    };
    const trickyDir = mkdtempSync(join(tmpdir(), 'google-nasty-'));
    const state = gamState();
    try {
      const trickyResult = await writeGoogleExport(tricky, trickyDir, context);
      expect(spawnSync('bash', ['-n', join(trickyDir, 'gam.sh')]).status).toBe(0);
      const run = runWithStandIn(join(trickyDir, 'gam.sh'), state);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.calls).toEqual([
        ['update', 'user', 'f@acme.example.com', 'displayname', nasty, 'gal', 'false'],
        ['create', 'group', 'g@acme.example.com', 'name', `${groupNasty} next`, 'gal', 'false'],
        ['create', 'resource', `r ${nasty}`, `r ${nasty}`, 'category', 'conference_room', 'type', 'Room', 'description', `${nasty} line 2`],
      ]);
      expect(trickyResult.notMapped).toEqual(expect.arrayContaining([expect.stringMatching(/name holds line breaks or control characters/)]));
      // The second run compares the names GAM reports with these, character for character.
      const again = runWithStandIn(join(trickyDir, 'gam.sh'), state);
      expect(ownLines(again.stderr)).toEqual([]);
      expect(again.status).toBe(0);
      expect(again.directory).toBe(run.directory);
      expect(readdirSync(trickyDir)).not.toContain('pwned');
      expect(readdirSync(process.cwd())).not.toContain('pwned');
    } finally {
      rmSync(trickyDir, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    }
  });

  test('a second run gets GAM\'s duplicate answers, finds each entity is the one it makes, changes nothing and exits 0', () => {
    const state = gamState();
    try {
      expect(runWithStandIn(script(), state).status).toBe(0);
      const after = readFileSync(join(state, 'directory'), 'utf8');
      const again = runWithStandIn(script(), state);
      expect(ownLines(again.stderr)).toEqual([]);
      expect(again.status).toBe(0);
      expect(again.directory).toBe(after);
      const verbs = again.calls.map((call) => call.slice(0, 2).join(' '));
      // Each create that GAM answered 57 is followed by the look-up that checks what holds the address.
      expect(again.calls.filter((c) => c[0] === 'whatis')).toEqual([
        ...['all', 'engineering', 'fans', 'dev', 'eng'].map((a) => ['whatis', `${a}@acme.example.com`, 'noinfo', 'noinvitablecheck']),
        ...['a.liddell@acme.example.com', 'alice.l@acme.example.com', 'wonder@acme-mail.example.org'].map((a) => ['whatis', a, 'noinfo', 'noinvitablecheck']),
      ]);
      expect(verbs.filter((v) => v === 'info member')).toHaveLength(6);
      // Each delegate GAM refused is looked up in the mailbox's delegate list, and found.
      expect(again.calls.filter((c) => c[0] === 'user' && c[3] === 'delegates')).toEqual([
        ['user', 'alice@acme.example.com', 'print', 'delegates'], ['user', 'jose@acme.example.com', 'print', 'delegates'],
      ]);
      expect(again.calls.filter((c) => c[1] === 'group' && c[0] === 'info').map((c) => c[2]))
        .toEqual(['all@acme.example.com', 'engineering@acme.example.com', 'fans@acme.example.com']);
      expect(again.calls.filter((c) => c[0] === 'info')).toEqual(expect.arrayContaining([['info', 'resource', 'boardroom'], ['info', 'resource', 'projector']]));
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  test('an address or id held by another entity is a conflict naming both: nothing is done to it, the rest runs, exit 1', () => {
    const state = gamState([
      ['user', 'fans@acme.example.com', '-'],
      ['group', 'all@acme.example.com', 'Everyone'],
      ['alias', 'eng@acme.example.com', 'user:conan@acme.example.com'],
      ['group', 'staff@acme.example.com', 'Staff'],
      ['alias', 'a.liddell@acme.example.com', 'group:staff@acme.example.com'],
      ['resource', 'projector', 'Old projector'],
    ]);
    try {
      const before = readFileSync(join(state, 'directory'), 'utf8');
      const run = runWithStandIn(script(), state);
      expect(run.status).toBe(1);
      const conflicts = run.stderr.split('\n').filter((line) => line.startsWith('gam.sh: CONFLICT: '));
      expect(conflicts).toEqual([
        "gam.sh: CONFLICT: all@acme.example.com is held by the group named otherwise (name: Everyone) (whatis 22), not by the group 'All Staff'",
        "gam.sh: CONFLICT: fans@acme.example.com is held by user: fans@acme.example.com (whatis 20), not by the group 'O'Brien's Fans'",
        'gam.sh: CONFLICT: eng@acme.example.com is held by user alias: eng@acme.example.com, user: conan@acme.example.com (whatis 21), '
          + 'not as an alias of the group engineering@acme.example.com',
        'gam.sh: CONFLICT: a.liddell@acme.example.com is held by group alias: a.liddell@acme.example.com, group: staff@acme.example.com (whatis 23), '
          + 'not as an alias of the user alice@acme.example.com',
        "gam.sh: CONFLICT: the resource id projector is held by a resource named otherwise (  Name: Old projector), not by 'projector'",
      ]);
      expect(run.stderr).toMatch(/5 conflicts/);
      // Nothing went to the entities that hold those: no members for the user fans@, fans@ not a member of all@, no ACL on the old projector.
      const joined = run.calls.map((c) => c.join(' '));
      expect(joined.filter((c) => c.includes('fans@') && !c.startsWith('create group') && !c.startsWith('whatis'))).toEqual([]);
      expect(joined).not.toContain('resource projector add acls writer user:alice@acme.example.com');
      expect(joined.filter((c) => c.startsWith('update group all@'))).toEqual([]);
      expect(joined).toContain('update group engineering@acme.example.com add member alice@acme.example.com');
      expect(joined).toContain('create alias wonder@acme-mail.example.org user alice@acme.example.com');
      const added = run.directory.slice(before.length).split('\n').filter(Boolean);
      expect(added).not.toEqual(expect.arrayContaining([expect.stringMatching(/fans@|all@|^alias\teng@|a\.liddell|^resource\tprojector/)]));
      // Run again: the same conflicts, still exit 1, and still nothing changed.
      const again = runWithStandIn(script(), state);
      expect(again.status).toBe(1);
      expect(again.stderr.split('\n').filter((line) => line.startsWith('gam.sh: CONFLICT: '))).toEqual(conflicts);
      expect(again.directory).toBe(run.directory);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  test('any other failure stops the script with GAM\'s return code', () => {
    const state = gamState();
    try {
      const failing = runWithStandIn(script(), state, { fail: [/^create group all@/, 4] });
      expect(failing.status).toBe(4);
      expect(failing.calls).toEqual(FIRST_RUN.slice(0, 2));
      expect(failing.stderr).toMatch(/gam create group all@acme\.example\.com failed with return code 4; stopping/);
      const member = runWithStandIn(script(), gamState(), { fail: [/^update group engineering@/, 56] });
      expect(member.status).toBe(56);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  test('run by sh (dash here), it starts again under bash and does the same', () => {
    const state = gamState();
    try {
      const run = runWithStandIn(script(), state, { shell: 'sh' });
      expect(run.status).toBe(0);
      expect(run.calls).toEqual(FIRST_RUN);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  test('Google\'s rules: group names within 73 characters and without < > =, names without < >, refused addresses reported', async () => {
    const ruleDir = mkdtempSync(join(tmpdir(), 'google-rules-'));
    try {
      const rules = await writeGoogleExport({
        organization: {
          ...scan.organization,
          users: [{ name: 'u', email: 'a+b@acme.example.com', firstName: '<Ann>', lastName: 'Lee', aliases: ['x..y@acme.example.com'] }],
          groups: [{ name: `a=b <c> ${'g'.repeat(80)}`, email: 'team&co@acme.example.com' }],
          resources: [],
        },
        ids: new Map(),
        skipped: { deleted: 0, systemUsers: 0 },
      }, ruleDir, context);
      const gam = readFileSync(join(ruleDir, 'gam.sh'), 'utf8');
      expect(gam).toContain(`group_once 'team&co@acme.example.com' '${`ab c ${'g'.repeat(80)}`.slice(0, 73)}'`);
      const [, row] = parseCsv(readFileSync(join(ruleDir, 'users.csv'), 'utf8').slice(1));
      expect(row[0]).toBe('Ann');
      expect(rules.notMapped).toEqual(expect.arrayContaining([
        'User “u”: the first name holds characters Google refuses there (< >): they are left out.',
        expect.stringMatching(/^User “u”: Google may refuse a\+b@acme\.example\.com as a username: its local part holds characters/),
        expect.stringMatching(/^Alias x\.\.y@acme\.example\.com of a\+b@acme\.example\.com: Google may refuse it: .*two periods/),
        expect.stringMatching(/^Group “a=b <c> g+”: its name holds characters Google refuses there \(= < >\)/),
        expect.stringMatching(/^Group “a=b <c> g+”: its name has more than the 73 characters Google takes/),
        expect.stringMatching(/^Group “a=b <c> g+”: Google may refuse team&co@acme\.example\.com as a group address/),
      ]));
    } finally {
      rmSync(ruleDir, { recursive: true, force: true });
    }
  });

  test('uses nothing newer than bash 3.2 (macOS\'s): no associative arrays, case changes, mapfile or |&', () => {
    const text = readFileSync(script(), 'utf8');
    expect(text).not.toMatch(/declare -A|local -A|\$\{[A-Za-z_]+(,,|\^\^|,|\^)\}|mapfile|readarray|\|&|;;&|;&/);
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
