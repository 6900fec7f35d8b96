/**
 * MIGRATION.md, written next to every export: what was read and skipped, the files, the order to run
 * things in, what did not map and why, and which vendor details could not be confirmed. Deterministic:
 * no dates, so that a re-export of an unchanged organization diffs clean.
 */
import type { OrganizationScan } from '../model';
import { cutoverSections } from './cutover';

import type { ExportContext, ExportResult } from './types';

export type { ExportContext, ExportResult };

export const MIGRATION_FILE = 'MIGRATION.md';

/** What a file of an export holds, by name (files not listed here are named without a description). */
const FILE_PURPOSE: Array<[RegExp, string]> = [
  [/^users(-\d+)?\.csv$/, 'the users, for the bulk import of the vendor\'s admin console (UTF-8 with a byte order mark)'],
  [/^users\.README\.txt$/, 'how to fill in users.csv before the upload (passwords)'],
  [/^exchange-online\.ps1$/, 'Exchange Online PowerShell: addresses, distribution groups and members, rooms and equipment, booking options'],
  [/^gam\.sh$/, 'GAM commands: display names, groups, members, aliases, calendar resources and their delegates'],
];

/** Always true, whatever the format. */
const ALWAYS_NOT_MAPPED = [
  'Passwords never leave WorkMail: no API reads them. Every user gets a new password at the target.',
  'Mailbox content (mail and calendars) is not in this export. WorkMail\'s StartMailboxExportJob writes one mailbox at a time to S3 '
    + '(MIME in a zip, encrypted with a customer KMS key, through a role trusted by export.workmail.amazonaws.com; at most 10 jobs at once '
    + 'per organization, each mailbox at most once a day; contacts and tasks are not exported). Run cdk-workmail export-mailboxes '
    + '(into a WorkMailMailboxExportDestination, or --bucket, --role-arn and --kms-key-arn) to start them all, resumably.',
  'Mailbox permissions (full access, send as, send on behalf), mail flow rules, retention and mobile device policies are not read by this export: '
    + 'set them again at the target.',
];

const FORMAT_NOT_MAPPED: Record<string, string[]> = {
  m365: [
    'users.csv keeps within what Entra ID stores (Microsoft Graph\'s user resource): first and last name 64 characters, display name 256, '
      + 'job title 128, department 64, address 1024, city 128, postal code 40, country 128; a longer value is shortened, and a user name '
      + 'with characters Entra ID refuses is named, both listed above.',
    'Exchange\'s limits for the groups, rooms and equipment the script creates (New-DistributionGroup, New-Mailbox): Name at most 64 '
      + 'characters and unique, and for a mailbox without accented letters in Exchange Online; DisplayName at most 256; Alias at most 64, of '
      + 'letters, digits, ! # $ % & \' * + - / = ? ^ _ ` { | } ~ and U+00A1 to U+00FF, periods only between other characters. Each gets '
      + 'the alias of its primary address\'s local part made valid so (Exchange would otherwise make one from the name); every name or '
      + 'alias that had to change is listed above.',
    'A WorkMail group that is a delegate of a room or equipment becomes its members with a mailbox (at any depth): Exchange takes mailboxes as '
      + 'resource delegates. Later changes to the group do not follow.',
  ],
  google: [
    'The admin console takes at most 150,000 users per CSV file, each first and last name at most 60 characters: a longer name is '
      + 'shortened (listed above), a larger directory split over users.csv, users-2.csv, ... (Google\'s article: Add or update multiple '
      + 'users from a CSV file).',
    'Google\'s username and group name guidelines: a group name at most 73 characters, without = < > (and a first or last name without '
      + '< >); those characters are left out and a longer name shortened. An address Google may refuse (more than 64 characters before '
      + 'the @, characters other than letters, digits, - _ \' and periods, two periods in a row) is not changed but listed above.',
    'On Windows, run gam.sh in Git Bash (with GAM7 for Windows on the PATH) or in WSL (with GAM7 for Linux installed there): GAM runs on '
      + 'Windows, but gam.sh is a bash script.',
    'Calendar resources get addresses that Google makes (…@resource.calendar.google.com): the WorkMail addresses and aliases of rooms and '
      + 'equipment are not carried.',
    'Booking options are not carried: a Google calendar resource accepts every invitation for a free slot and declines conflicts; there is no '
      + 'approval by delegates. WorkMail delegates (users and groups) get writer access to the resource calendar.',
  ],
};

/** The vendor details this export relies on that could not be confirmed against the vendor's own documentation. */
const FORMAT_UNCONFIRMED: Record<string, string[]> = {
  m365: [
    'That the admin center reads a UTF-8 file that starts with a byte order mark: Microsoft\'s current article does not say; an older one says '
      + 'to save the file "in a Unicode or UTF-8 format", and Excel\'s "CSV UTF-8" writes the mark. If the upload says the column headings do '
      + 'not match, save users.csv as UTF-8 without the mark.',
    'The limit of 249 users per CSV file (why users-2.csv, ... exist) comes from third-party guides; Microsoft\'s article (Add several '
      + 'users at the same time) states no limit, and an older one gave 250.',
    'How Get-Recipient answers an address that nothing holds: PowerShell documents -ErrorAction SilentlyContinue for a non-terminating '
      + 'error, and Microsoft documents no error per Exchange cmdlet; exchange-online.ps1 takes a "couldn\'t be found" '
      + '(ManagementObjectNotFoundException) error, terminating or not, for "nothing holds it", and stops on any other error.',
    'That -ResourceDelegates refuses groups: its documentation says it "specifies users", and no example uses a group; the expansion to '
      + 'members is the safe reading.',
    'That GrantSendOnBehalfTo lists a grantee by its name or identity (how exchange-online.ps1 tells a present one): Microsoft '
      + 'documents the property as recipients, not its printed form; a second run may repeat the Set-Mailbox, which adds nothing twice.',
    'exchange-online.ps1 was not run in PowerShell by this tool\'s tests (none is installed where they run): its quoting was checked '
      + 'against PowerShell\'s tokenizer rules for single-quoted strings, and its second run and conflicts against a model of its helpers '
      + 'and of Get-Recipient.',
  ],
  google: [
    'The users.csv header is the one the admin console\'s template wrote when this tool was made; some copies of the template lack '
      + '"New Licenses [UPLOAD ONLY]". Download the template and compare its first row if the upload refuses the file.',
    'The byte order mark at the start of users.csv: an older version of Google\'s article asks for "UTF-8, including BOM" for non-ASCII '
      + 'names; the current one says UTF-8 only.',
    'The value TRUE in "Change Password at Next Sign-In" (the template\'s examples show TRUE/FALSE in several spellings).',
    'GAM syntax is from the GAM7 wiki and source (GAM-team/GAM), not from Google: gam update user ... displayname and gam whatis ... '
      + 'noinvitablecheck need a recent GAM7.',
    'The return code and CSV columns of gam user ... add delegate / print delegates were not confirmed: gam.sh treats any failed add as '
      + 'done only when the delegate is in the printed list, and stops otherwise.',
    'A calendar resource\'s id is the WorkMail resource name: which characters Google allows in a resource id was not confirmed.',
    'To tell its own group or resource from another, gam.sh reads the name back from what gam info group ... quick name and gam info '
      + 'resource print (the lines name: ... and Name: ..., as GAM7\'s source writes them): GAM\'s display format, which it does not '
      + 'document as stable.',
  ],
};

/** What each WorkMail mailbox permission becomes in each format. */
const GRANT_BECOMES: Record<string, Record<string, string>> = {
  json: { FULL_ACCESS: 'kept as is', SEND_AS: 'kept as is', SEND_ON_BEHALF: 'kept as is' },
  cdk: { FULL_ACCESS: 'grantMailboxPermissions', SEND_AS: 'grantMailboxPermissions', SEND_ON_BEHALF: 'grantMailboxPermissions' },
  m365: { FULL_ACCESS: 'Add-MailboxPermission FullAccess (AutoMapping off)', SEND_AS: 'Add-RecipientPermission SendAs', SEND_ON_BEHALF: 'GrantSendOnBehalfTo' },
  google: {
    FULL_ACCESS: 'Gmail delegate (users only)', SEND_AS: 'Gmail delegate, sent "by" the delegate (users only)', SEND_ON_BEHALF: 'Gmail delegate (users only)',
  },
};

/** Every mailbox grant the scan read, and what it becomes here (exceptions are under "What did not map"). */
function grantSection(scan: OrganizationScan, format: string): string[] {
  const org = scan.organization;
  const becomes = GRANT_BECOMES[format] ?? {};
  const rows = [...org.users, ...org.resources].flatMap((mailbox) => (mailbox.permissions ?? []).map((grant) =>
    `| ${markdownText(mailbox.name)} | ${markdownText(grant.grantee)} | ${grant.permissions.map((p) => `${p}: ${markdownText(becomes[p] ?? 'by hand')}`).join('; ')} |`));
  if (rows.length === 0) return [];
  return ['## Mailbox permissions', '', '| Mailbox | Grantee | Permission: what it becomes |', '|---|---|---|', ...rows, ''];
}

/** Plain text as one Markdown line: no HTML, links or emphasis out of names (backticks are kept for code). */
function markdownText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\*_[\]<>|]/g, (c) => `\\${c}`);
}

const bullets = (lines: readonly string[]) => lines.map((line) => `- ${markdownText(line)}`);

export function migrationMarkdown(scan: OrganizationScan, format: string, result: ExportResult): string {
  const org = scan.organization;
  const { deleted, systemUsers } = scan.skipped;
  const lines: string[] = [
    `# Moving the WorkMail organization ${markdownText(org.alias)} (${org.id}): export \`${format}\``,
    '',
    `Default mail domain ${markdownText(org.defaultMailDomain)}; domains: ${org.domains.map(markdownText).join(', ') || 'none'}.`,
    '',
    '## What this export holds',
    '',
    '| Kind | Count |',
    '|---|---:|',
    ...Object.entries(result.counts).map(([kind, count]) => `| ${markdownText(kind)} | ${count} |`),
    '',
    'Left out by the scan:',
    '',
    `- ${deleted} deleted ${deleted === 1 ? 'entity' : 'entities'} (WorkMail still lists an entity for a while after it is deleted).`,
    `- ${systemUsers} system ${systemUsers === 1 ? 'user' : 'users'} (the organization's own accounts, not people).`,
    '',
    '## Files',
    '',
    ...[...new Set([...result.files, MIGRATION_FILE])].map((file) => {
      const purpose = FILE_PURPOSE.find(([pattern]) => pattern.test(file))?.[1];
      return file === MIGRATION_FILE ? `- \`${file}\`: this file` : `- \`${file}\`${purpose ? `: ${purpose}` : ''}`;
    }),
    '',
    '## The order to run things in',
    '',
    ...(result.steps.length > 0 ? result.steps.map((step, i) => `${i + 1}. ${markdownText(step)}`) : ['Nothing to run.']),
    '',
    '## What did not map, and why',
    '',
    ...bullets([...result.notMapped, ...(FORMAT_NOT_MAPPED[format] ?? []), ...ALWAYS_NOT_MAPPED]),
    '',
  ];
  lines.push(...grantSection(scan, format));
  lines.push(...cutoverSections(scan, format));
  const unconfirmed = FORMAT_UNCONFIRMED[format];
  if (unconfirmed) {
    lines.push('## Not confirmed against the vendor\'s documentation', '', ...bullets(unconfirmed), '');
  }
  return lines.join('\n');
}
