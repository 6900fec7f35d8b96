import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { trickyScan } from './vendor-fixture';
import { writeGoogleExport } from '../../cli/export/google';
import { writeM365Export } from '../../cli/export/m365';
import { ExportResult, migrationMarkdown } from '../../cli/export/migration';
import { OrganizationScan } from '../../cli/model';

const context = { log: () => undefined, toolVersion: '1.2.3' };

let scan: OrganizationScan;
let dir: string;
let m365: ExportResult;
let google: ExportResult;

beforeAll(async () => {
  scan = await trickyScan();
  dir = mkdtempSync(join(tmpdir(), 'migration-'));
  m365 = await writeM365Export(scan, join(dir, 'm365'), context);
  google = await writeGoogleExport(scan, join(dir, 'google'), context);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of one `## ` section. */
function section(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${title}`);
  expect(start).toBeGreaterThan(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line !== '');
}

const jsonResult: ExportResult = {
  files: ['organization.json'],
  counts: { users: 6, groups: 4, resources: 3 },
  notMapped: [],
  steps: ['npm run emulator -- --seed organization.json'],
};

test('the title names the organization by alias and id, and the format', () => {
  const markdown = migrationMarkdown(scan, 'm365', m365);
  expect(markdown.split('\n')[0]).toBe('# Moving the WorkMail organization acme (m-0123456789abcdef0123456789abcdef): export `m365`');
  expect(markdown).toContain('domains: acme.example.com, acme-mail.example.org');
});

test('counts per kind as the format gives them, and what the scan skipped and why', () => {
  const markdown = migrationMarkdown({ ...scan, skipped: { deleted: 3, systemUsers: 1 } }, 'm365', m365);
  const held = section(markdown, 'What this export holds');
  expect(held.slice(0, 6)).toEqual(['| Kind | Count |', '|---|---:|', '| users | 4 |', '| groups | 3 |', '| resources | 2 |', '| aliases | 6 |']);
  expect(held).toContain('- 3 deleted entities (WorkMail still lists an entity for a while after it is deleted).');
  expect(held).toContain('- 1 system user (the organization\'s own accounts, not people).');
});

test('lists the files written, MIGRATION.md once', () => {
  expect(section(migrationMarkdown(scan, 'google', google), 'Files')).toEqual([
    '- `gam.sh`: GAM commands: display names, groups, members, aliases, calendar resources and their delegates',
    '- `users.README.txt`: how to fill in users.csv before the upload (passwords)',
    '- `users.csv`: the users, for the bulk import of the vendor\'s admin console (UTF-8 with a byte order mark)',
    '- `MIGRATION.md`: this file',
  ]);
  expect(section(migrationMarkdown(scan, 'json', { ...jsonResult, files: ['MIGRATION.md', 'organization.json'] }), 'Files'))
    .toEqual(['- `MIGRATION.md`: this file', '- `organization.json`']);
});

test('the steps in order, numbered', () => {
  const steps = section(migrationMarkdown(scan, 'm365', m365), 'The order to run things in');
  expect(steps).toHaveLength(m365.steps.length);
  steps.forEach((step, i) => expect(step.startsWith(`${i + 1}. `)).toBe(true));
  expect(steps[1]).toMatch(/^2\. Import users\.csv in the admin center/);
  expect(steps[2]).toMatch(/Connect-ExchangeOnline, then run \.\/exchange-online\.ps1/);
});

test('what did not map: the writer\'s lines, then the format\'s, then what is always true', () => {
  const m365Lines = section(migrationMarkdown(scan, 'm365', m365), 'What did not map, and why');
  expect(m365Lines.slice(0, m365.notMapped.length)).toEqual(m365.notMapped.map((line) => `- ${line}`));
  expect(m365Lines.join('\n')).toMatch(/delegate of a room or equipment becomes its members/);
  expect(m365Lines.join('\n')).toMatch(/Passwords never leave WorkMail/);
  expect(m365Lines.join('\n')).toMatch(/StartMailboxExportJob/);
  expect(m365Lines.join('\n')).toMatch(/Run cdk-workmail export-mailboxes \(into a WorkMailMailboxExportDestination/);

  const googleLines = section(migrationMarkdown(scan, 'google', google), 'What did not map, and why').join('\n');
  expect(googleLines).toMatch(/Booking options are not carried/);
  expect(googleLines).not.toMatch(/delegate of a room or equipment becomes its members/);

  const jsonLines = section(migrationMarkdown(scan, 'json', jsonResult), 'What did not map, and why');
  expect(jsonLines).toHaveLength(3);
  expect(jsonLines[0]).toMatch(/^- Passwords never leave WorkMail/);
});

test('the vendor details not confirmed are listed for m365 and google, and the section is absent for json and cdk', () => {
  expect(section(migrationMarkdown(scan, 'm365', m365), 'Not confirmed against the vendor\'s documentation').join('\n'))
    .toMatch(/byte order mark[\s\S]*249 users[\s\S]*ResourceDelegates/);
  expect(section(migrationMarkdown(scan, 'google', google), 'Not confirmed against the vendor\'s documentation').join('\n'))
    .toMatch(/New Licenses \\\[UPLOAD ONLY\\\][\s\S]*GAM7/);
  for (const format of ['json', 'cdk']) expect(migrationMarkdown(scan, format, jsonResult)).not.toMatch(/Not confirmed/);
  const m365Unconfirmed = section(migrationMarkdown(scan, 'm365', m365), 'Not confirmed against the vendor\'s documentation').join('\n');
  expect(m365Unconfirmed).toMatch(/was not run in PowerShell by this tool's tests/);
  expect(m365Unconfirmed).not.toMatch(/longest names Exchange accepts/);
  const googleUnconfirmed = section(migrationMarkdown(scan, 'google', google), 'Not confirmed against the vendor\'s documentation').join('\n');
  expect(googleUnconfirmed).not.toMatch(/57|ENTITY_DUPLICATE_RC/);
});

test('says what each script does with the destination\'s limits, and what Windows users run', () => {
  const m365Lines = section(migrationMarkdown(scan, 'm365', m365), 'What did not map, and why').join('\n');
  expect(m365Lines).toMatch(/Name at most 64 characters and unique[\s\S]*DisplayName at most 256; Alias at most 64/);
  const googleLines = section(migrationMarkdown(scan, 'google', google), 'What did not map, and why').join('\n');
  expect(googleLines).toMatch(/at most 150,000 users per CSV file, each first and last name at most 60 characters/);
  expect(googleLines).toMatch(/On Windows, run gam\.sh in Git Bash .* or in WSL/);
});

test('names from WorkMail cannot inject Markdown: HTML, links, emphasis and line breaks are written as text', () => {
  const markdown = migrationMarkdown(scan, 'json', {
    ...jsonResult,
    notMapped: ['Group “<img src=x onerror=alert(1)> [click](http://evil) *bold* _it_ a|b \\” is odd\n# not a heading'],
  });
  expect(section(markdown, 'What did not map, and why')[0])
    .toBe('- Group “\\<img src=x onerror=alert(1)\\> \\[click\\](http://evil) \\*bold\\* \\_it\\_ a\\|b \\\\” is odd # not a heading');
});

test('deterministic: no date or time, the same text for the same scan and result', async () => {
  const first = migrationMarkdown(scan, 'google', google);
  expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}/);
  const again = await writeGoogleExport(await trickyScan(), join(dir, 'google-again'), context);
  expect(migrationMarkdown(await trickyScan(), 'google', again)).toBe(first);
});
