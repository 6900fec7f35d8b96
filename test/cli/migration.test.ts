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

describe('mailbox sizes and the DNS cutover', () => {
  const GB = 1024;
  /** The tricky scan with 12 sized mailboxes (3 above 50 GB, 1 above 100 GB, 5 above 30 GB), a test domain and an unverified one. */
  function sizedScan(): OrganizationScan {
    const org = scan.organization;
    const extra = Array.from({ length: 8 }, (_, i) => ({ name: `u${i}`, email: `u${i}@acme.example.com`, aliases: [], mailboxQuota: 51200, mailboxSize: i * 100 }));
    const sizes: Record<string, number> = { 'alice': 120 * GB, 'conan.obrien': 60 * GB, 'jose': 50 * GB + 1, 'siobhan': 31 * GB };
    const users = [...org.users.map((u) => (u.email ? { ...u, mailboxSize: sizes[u.name] } : u)), ...extra];
    const details = org.mailDomains!;
    return {
      ...scan,
      organization: {
        ...org,
        users,
        mailDomains: [
          ...details,
          { ...details[0], domainName: 'acme.awsapps.com', isTestDomain: true },
          { ...details[0], domainName: 'later.example.net', ownershipVerificationStatus: 'PENDING', records: [] },
        ],
      },
    };
  }

  test('the total, the 10 largest, largest first, and those above each documented limit of the destination', () => {
    const m365Lines = section(migrationMarkdown(sizedScan(), 'm365', m365), 'Mailbox sizes');
    expect(m365Lines[0]).toMatch(/^12 mailboxes hold 263\.7 GB in all/);
    const rows = m365Lines.filter((line) => /^\| (?!User|---)/.test(line));
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 5)).toEqual([
      '| alice | alice@acme.example.com | 120.0 GB | 50.0 GB |',
      '| conan.obrien | conan@acme.example.com | 60.0 GB | 50.0 GB |',
      '| jose | jose@acme.example.com | 50.0 GB | 50.0 GB |',
      '| siobhan | siobhan@acme.example.com | 31.0 GB | 50.0 GB |',
      '| u7 | u7@acme.example.com | 700 MB | 50.0 GB |',
    ]);
    expect(rows[9]).toBe('| u2 | u2@acme.example.com | 200 MB | 50.0 GB |');
    const limits = m365Lines.filter((line) => line.startsWith('- Above'));
    expect(limits).toHaveLength(2);
    expect(limits[0]).toMatch(/^- Above 50 GB, the Exchange Online primary mailbox with Microsoft 365 Business Basic/);
    expect(limits[0]).toContain('(https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits)');
    expect(limits[0]).toMatch(/: alice@acme\.example\.com \(120\.0 GB\), conan@acme\.example\.com \(60\.0 GB\), jose@acme\.example\.com \(50\.0 GB\)\.$/);
    expect(limits[1]).toMatch(/^- Above 100 GB, .*E3 or E5.*: alice@acme\.example\.com \(120\.0 GB\)\.$/);

    const googleSizes = section(migrationMarkdown(sizedScan(), 'google', google), 'Mailbox sizes');
    const googleLimits = googleSizes.filter((line) => line.startsWith('- Above'));
    expect(googleLimits).toHaveLength(2);
    expect(googleLimits[0]).toMatch(/^- Above 30 GB, the Google Workspace Business Starter.*support\.google\.com\/a\/answer\/7032598\): alice.*siobhan@acme\.example\.com \(31\.0 GB\)\.$/);
    expect(googleLimits[1]).toMatch(/^- Above 2 TB, the Google Workspace Business Standard.*\(https:\/\/support\.google\.com\/a\/answer\/10411339\): none\.$/);
    expect(googleSizes).toContain('- Google Workspace Business Starter pools 30 GB per user: 12 users give 360.0 GB, and the mailboxes alone take 263.7 GB of it (they fit).');
    // json and cdk name every destination's limits, and have no cutover section.
    const json = migrationMarkdown(sizedScan(), 'json', jsonResult);
    expect(section(json, 'Mailbox sizes').filter((line) => line.startsWith('- Above'))).toHaveLength(4);
    expect(json).not.toMatch(/## DNS cutover/);
  });

  test('each domain\'s statuses and records today, as GetMailDomain gave them', () => {
    const today = section(migrationMarkdown(sizedScan(), 'json', jsonResult), 'Mail domains and their DNS records today').join('\n');
    expect(today).toContain('### acme.example.com\nOwnership VERIFIED, DKIM VERIFIED; the default domain.');
    expect(today).toContain('| MX | acme.example.com | 10 inbound-smtp.us-east-1.amazonaws.com |');
    expect(today).toContain('| TXT | acme.example.com | v=spf1 include:amazonses.com ~all |');
    expect(today).toMatch(/\| CNAME \| [a-z2-7]{32}\.\\_domainkey\.acme\.example\.com \| [a-z2-7]{32}\.dkim\.amazonses\.com \|/);
    expect(today).toContain('### acme.awsapps.com\nOwnership VERIFIED, DKIM VERIFIED; WorkMail\'s test domain (its DNS is not yours).');
    expect(today).toContain('### later.example.net\nOwnership PENDING, DKIM VERIFIED.\nNo records listed.');
    const unread = migrationMarkdown({ ...scan, organization: { ...scan.organization, mailDomains: undefined } }, 'm365', m365);
    expect(section(unread, 'Mail domains and their DNS records today')).toEqual(['Not read (this scan did not call GetMailDomain).']);
    expect(section(unread, 'DNS cutover to Microsoft 365')).toEqual(['The domains\' records were not read (this scan did not call GetMailDomain).']);
  });

  test('m365: TTLs first, MX last, WorkMail kept until the export is verified; Exchange Online\'s records with their sources', () => {
    const lines = section(migrationMarkdown(sizedScan(), 'm365', m365), 'DNS cutover to Microsoft 365');
    const text = lines.join('\n');
    const steps = lines.filter((line) => /^\d\. /.test(line));
    expect(steps[0]).toMatch(/^1\. Days ahead: lower the TTL/);
    expect(steps[3]).toMatch(/^4\. Move the MX last/);
    expect(steps[4]).toMatch(/^5\. Keep WorkMail .* until the mailbox export is verified/);
    expect(text).toContain('| MX | acme.example.com | 10 inbound-smtp.us-east-1.amazonaws.com | 0 acme-example-com.mail.protection.outlook.com |');
    expect(text).toContain('| CNAME | autodiscover.acme.example.com | autodiscover.mail.us-east-1.awsapps.com | autodiscover.outlook.com |');
    expect(text).toContain('| TXT | acme.example.com | v=spf1 include:amazonses.com ~all | v=spf1 include:spf.protection.outlook.com -all |');
    expect(text).toContain('0 acme-mail-example-org.mail.protection.outlook.com');
    expect(text).toContain('https://learn.microsoft.com/en-us/microsoft-365/admin/get-help-with-domains/create-dns-records-at-any-dns-hosting-provider');
    expect(text).toContain('https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure');
    expect(text).toContain('https://docs.aws.amazon.com/workmail/latest/adminguide/add_domain.html');
    // WorkMail's own test domain is not moved; an unverified domain is said to be free to move.
    expect(text).not.toContain('### acme.awsapps.com');
    expect(text).toContain('### later.example.net\nWorkMail has not verified this domain (PENDING)');
  });

  test('google: MX smtp.google.com priority 1, SPF include:_spf.google.com, DKIM from the Admin console, autodiscover removed', () => {
    const text = section(migrationMarkdown(sizedScan(), 'google', google), 'DNS cutover to Google Workspace').join('\n');
    expect(text).toContain('| MX | acme.example.com | 10 inbound-smtp.us-east-1.amazonaws.com | 1 smtp.google.com |');
    expect(text).toContain('| TXT | acme.example.com | v=spf1 include:amazonses.com ~all | v=spf1 include:\\_spf.google.com ~all |');
    expect(text).toMatch(/\| TXT \| google\.\\_domainkey\.acme\.example\.com \| \d DKIM CNAMEs \| the key the Admin console generates/);
    for (const url of ['https://support.google.com/a/answer/174125', 'https://support.google.com/a/answer/10685031', 'https://support.google.com/a/answer/174124']) {
      expect(text).toContain(url);
    }
    expect(text).toMatch(/Google has no autodiscover: remove the autodiscover CNAME/);
    expect(text).toContain('- Keep the `_dmarc` TXT record: it names no provider');
    expect(text).not.toMatch(/outlook/);
  });
});

test('lists every mailbox grant and what each permission becomes in the format', () => {
  const m365Rows = section(migrationMarkdown(scan, 'm365', m365), 'Mailbox permissions');
  expect(m365Rows.slice(0, 2)).toEqual(['| Mailbox | Grantee | Permission: what it becomes |', '|---|---|---|']);
  expect(m365Rows).toContain('| alice | conan.obrien | FULL_ACCESS: Add-MailboxPermission FullAccess (AutoMapping off); '
    + 'SEND_AS: Add-RecipientPermission SendAs |');
  expect(m365Rows).toContain('| boardroom | siobhan | FULL_ACCESS: Add-MailboxPermission FullAccess (AutoMapping off) |');
  expect(m365Rows).toHaveLength(2 + 4);
  const googleRows = section(migrationMarkdown(scan, 'google', google), 'Mailbox permissions');
  expect(googleRows).toContain('| jose | alice | SEND_AS: Gmail delegate, sent "by" the delegate (users only); SEND_ON_BEHALF: Gmail delegate (users only) |');
  expect(migrationMarkdown({ ...scan, organization: { ...scan.organization, users: [], resources: [] } }, 'm365', m365))
    .not.toContain('## Mailbox permissions');
});
