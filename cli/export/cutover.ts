/**
 * The MIGRATION.md sections about moving mail itself: how big the mailboxes are against the destination's
 * limits, the DNS records each domain has today (GetMailDomain), and, for the m365 and google bundles, the
 * records the destination wants instead and the order to change them in. Vendor facts carry the URL of the
 * vendor page they come from; the destination's console shows the values of a tenant, and those win.
 */
import type { SeedDnsRecord, SeedMailDomain, SeedUser } from '../../local/emulator';
import type { OrganizationScan } from '../model';

/** Plain text as one Markdown line, escaped as the rest of MIGRATION.md is (no HTML, links or emphasis out of names). */
function md(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\*_[\]<>|`]/g, (c) => `\\${c}`);
}

const MB_PER_GB = 1024;

/** Sizes as GetMailboxDetails gives them (MB), in GB from 1 GB on, one decimal. */
export function formatSize(mb: number): string {
  return mb >= MB_PER_GB ? `${(mb / MB_PER_GB).toFixed(1)} GB` : `${Math.round(mb * 10) / 10} MB`;
}

/** A destination's size limit that a migrated mailbox must fit in. */
export interface MailboxLimit {
  readonly gb: number;
  readonly what: string;
  readonly source: string;
}

export const EXCHANGE_ONLINE_LIMITS_URL =
  'https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits';
export const GOOGLE_POOLED_STORAGE_URL = 'https://support.google.com/a/answer/10411339';
export const GOOGLE_DATA_MIGRATION_FAQ_URL = 'https://support.google.com/a/answer/7032598';
export const GOOGLE_STARTER_POOLED_URL =
  'https://workspaceupdates.googleblog.com/2023/05/pooled-storage-shared-drives-for-google-workspace-business-starter.html';
/** Google Workspace Business Starter's pooled storage per user. */
export const GOOGLE_STARTER_GB_PER_USER = 30;

export const MAILBOX_LIMITS: Record<'m365' | 'google', readonly MailboxLimit[]> = {
  m365: [
    {
      gb: 50,
      what: 'Exchange Online primary mailbox with Microsoft 365 Business Basic, Business Standard, Business Premium, Office 365 E1 '
        + 'or Exchange Online Plan 1 (the rest needs an archive mailbox or a bigger plan)',
      source: EXCHANGE_ONLINE_LIMITS_URL,
    },
    { gb: 100, what: 'Exchange Online primary mailbox with Microsoft 365 or Office 365 E3 or E5, or Exchange Online Plan 2', source: EXCHANGE_ONLINE_LIMITS_URL },
  ],
  google: [
    {
      gb: GOOGLE_STARTER_GB_PER_USER,
      what: 'Google Workspace Business Starter\'s storage per user (pooled across the organization; Gmail, Drive and Photos share it, and '
        + 'Google\'s data migration service cannot import more than the storage left)',
      source: `${GOOGLE_STARTER_POOLED_URL}; ${GOOGLE_DATA_MIGRATION_FAQ_URL}`,
    },
    {
      gb: 2048,
      what: 'Google Workspace Business Standard\'s storage per user (pooled; 1 TB per user with 4 users or fewer)',
      source: GOOGLE_POOLED_STORAGE_URL,
    },
  ],
};

interface SizedMailbox {
  readonly name: string;
  readonly email: string;
  readonly sizeMb: number;
  readonly quotaMb?: number;
}

const sized = (users: readonly SeedUser[]): SizedMailbox[] => users
  .filter((u) => u.email !== undefined && typeof u.mailboxSize === 'number')
  .map((u) => ({ name: u.name, email: u.email!, sizeMb: u.mailboxSize!, quotaMb: u.mailboxQuota }))
  // Largest first; equal sizes by name, so the order never depends on the scan.
  .sort((a, b) => b.sizeMb - a.sizeMb || (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));

const limitsFor = (format: string): readonly MailboxLimit[] =>
  (format === 'm365' || format === 'google' ? MAILBOX_LIMITS[format] : [...MAILBOX_LIMITS.m365, ...MAILBOX_LIMITS.google]);

export const LARGEST_SHOWN = 10;

export function mailboxSizeSection(scan: OrganizationScan, format: string): string[] {
  const mailboxes = sized(scan.organization.users);
  const lines = ['## Mailbox sizes', ''];
  if (mailboxes.length === 0) {
    return [...lines, 'No user has a mailbox (GetMailboxDetails is read for registered users only).', ''];
  }
  const total = mailboxes.reduce((sum, m) => sum + m.sizeMb, 0);
  lines.push(
    `${mailboxes.length} ${mailboxes.length === 1 ? 'mailbox holds' : 'mailboxes hold'} ${formatSize(total)} in all (GetMailboxDetails' MailboxSize; `
      + 'rooms and equipment are not counted). The mailbox export moves this much through S3, and the destination must take it.',
    '',
    `The largest ${Math.min(LARGEST_SHOWN, mailboxes.length)}:`,
    '',
    '| User | Address | Size | WorkMail quota |',
    '|---|---|---:|---:|',
    ...mailboxes.slice(0, LARGEST_SHOWN).map((m) =>
      `| ${md(m.name)} | ${md(m.email)} | ${formatSize(m.sizeMb)} | ${m.quotaMb === undefined ? '' : formatSize(m.quotaMb)} |`),
    '',
    'Above the destination\'s documented limits:',
    '',
  );
  for (const limit of limitsFor(format)) {
    const over = mailboxes.filter((m) => m.sizeMb > limit.gb * MB_PER_GB);
    const names = over.map((m) => `${md(m.email)} (${formatSize(m.sizeMb)})`).join(', ');
    const size = limit.gb >= 1024 ? `${limit.gb / 1024} TB` : `${limit.gb} GB`;
    lines.push(`- Above ${size}, the ${md(limit.what)} (${limit.source}): ${over.length === 0 ? 'none' : names}.`);
  }
  if (format !== 'm365') {
    // Google pools storage: a mailbox above the share fits while the pool has room.
    const pool = mailboxes.length * GOOGLE_STARTER_GB_PER_USER * MB_PER_GB;
    lines.push(`- Google Workspace Business Starter pools ${GOOGLE_STARTER_GB_PER_USER} GB per user: ${mailboxes.length} users give `
      + `${formatSize(pool)}, and the mailboxes alone take ${formatSize(total)} of it (${total > pool ? 'more than the pool holds' : 'they fit'}).`);
  }
  lines.push('');
  return lines;
}

const ownDomains = (scan: OrganizationScan): Array<Required<SeedMailDomain>> =>
  (scan.organization.mailDomains ?? []).map((d) => ({
    isDefault: false, isTestDomain: false, ownershipVerificationStatus: 'PENDING', dkimVerificationStatus: 'PENDING', records: [], ...d,
  } as Required<SeedMailDomain>));

const recordRow = (r: SeedDnsRecord) => `| ${md(r.type)} | ${md(r.hostname)} | ${md(r.value)} |`;

export function mailDomainsSection(scan: OrganizationScan): string[] {
  const lines = ['## Mail domains and their DNS records today', ''];
  const domains = ownDomains(scan);
  if (scan.organization.mailDomains === undefined) {
    return [...lines, 'Not read (this scan did not call GetMailDomain).', ''];
  }
  lines.push('What GetMailDomain says of each domain, and the records WorkMail asks for. Check them against the live zone before changing it.', '');
  for (const d of domains) {
    const traits = [d.isDefault ? 'the default domain' : '', d.isTestDomain ? 'WorkMail\'s test domain (its DNS is not yours)' : '']
      .filter((t) => t !== '');
    lines.push(
      `### ${md(d.domainName)}`,
      '',
      `Ownership ${d.ownershipVerificationStatus}, DKIM ${d.dkimVerificationStatus}${traits.length > 0 ? `; ${traits.join(', ')}` : ''}.`,
      '',
    );
    if (d.records.length === 0) {
      lines.push('No records listed.', '');
    } else {
      lines.push('| Type | Hostname | Value |', '|---|---|---|', ...d.records.map(recordRow), '');
    }
  }
  return lines;
}

/** One record to set at the destination. */
interface WantedRecord {
  readonly type: string;
  readonly hostname: string;
  readonly value: string;
  /** Which WorkMail record it replaces, in words. */
  readonly replaces: string;
  readonly source: string;
}

interface Destination {
  readonly title: string;
  readonly console: string;
  readonly wanted: (domain: string) => WantedRecord[];
  /** What to do with WorkMail's autodiscover CNAME. */
  readonly notes: readonly string[];
}

export const M365_DNS_URL = 'https://learn.microsoft.com/en-us/microsoft-365/admin/get-help-with-domains/create-dns-records-at-any-dns-hosting-provider';
export const M365_DKIM_URL = 'https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure';
export const GOOGLE_MX_URL = 'https://support.google.com/a/answer/174125';
export const GOOGLE_SPF_URL = 'https://support.google.com/a/answer/10685031';
export const GOOGLE_DKIM_URL = 'https://support.google.com/a/answer/174124';
export const WORKMAIL_ADD_DOMAIN_URL = 'https://docs.aws.amazon.com/workmail/latest/adminguide/add_domain.html';

/** Exchange Online's MX host for a domain: its dots become dashes (contoso.com → contoso-com.mail.protection.outlook.com). */
export const exchangeMxHost = (domain: string): string => `${domain.replace(/\./g, '-')}.mail.protection.outlook.com`;

export const DESTINATIONS: Record<'m365' | 'google', Destination> = {
  m365: {
    title: 'Microsoft 365',
    console: 'the Microsoft 365 admin center (Settings > Domains)',
    wanted: (domain) => [
      { type: 'MX', hostname: domain, value: `0 ${exchangeMxHost(domain)}`, replaces: 'the MX to inbound-smtp', source: M365_DNS_URL },
      { type: 'CNAME', hostname: `autodiscover.${domain}`, value: 'autodiscover.outlook.com', replaces: 'the autodiscover CNAME', source: M365_DNS_URL },
      {
        type: 'TXT',
        hostname: domain,
        value: 'v=spf1 include:spf.protection.outlook.com -all',
        replaces: 'the SPF TXT (one SPF record only: until WorkMail stops sending, keep include:amazonses.com in the same record, with ~all)',
        source: M365_DNS_URL,
      },
      {
        type: 'CNAME',
        hostname: `selector1._domainkey.${domain} and selector2._domainkey.${domain}`,
        value: 'the two values the Defender portal shows (Email authentication settings > DKIM)',
        replaces: 'the three DKIM CNAMEs (remove them once WorkMail no longer sends)',
        source: M365_DKIM_URL,
      },
    ],
    notes: [
      'The admin center also asks for a TXT record MS=ms… to verify the domain: add it first; it does not touch mail flow.',
      'The admin center shows the MX value for the tenant; a newer tenant may get a different host than <domain>-<tld>.mail.protection.outlook.com. Use the one it shows.',
    ],
  },
  google: {
    title: 'Google Workspace',
    console: 'the Google Admin console',
    wanted: (domain) => [
      { type: 'MX', hostname: domain, value: '1 smtp.google.com', replaces: 'the MX to inbound-smtp (the only MX left)', source: GOOGLE_MX_URL },
      {
        type: 'TXT',
        hostname: domain,
        value: 'v=spf1 include:_spf.google.com ~all',
        replaces: 'the SPF TXT (one SPF record only: until WorkMail stops sending, keep include:amazonses.com in the same record)',
        source: GOOGLE_SPF_URL,
      },
      {
        type: 'TXT',
        hostname: `google._domainkey.${domain}`,
        value: 'the key the Admin console generates (Apps > Google Workspace > Gmail > Authenticate email), then Start authentication',
        replaces: 'the three DKIM CNAMEs (remove them once WorkMail no longer sends)',
        source: GOOGLE_DKIM_URL,
      },
    ],
    notes: [
      'The Admin console asks for a TXT record google-site-verification=… to verify the domain: add it first; it does not touch mail flow.',
      'Google has no autodiscover: remove the autodiscover CNAME once nobody uses WorkMail from Outlook any more.',
    ],
  },
};

export function cutoverSection(scan: OrganizationScan, format: 'm365' | 'google'): string[] {
  const destination = DESTINATIONS[format];
  const domains = ownDomains(scan).filter((d) => !d.isTestDomain);
  const lines = [`## DNS cutover to ${destination.title}`, ''];
  if (scan.organization.mailDomains === undefined) {
    return [...lines, 'The domains\' records were not read (this scan did not call GetMailDomain).', ''];
  }
  lines.push(
    'In this order:',
    '',
    '1. Days ahead: lower the TTL of each domain\'s MX, autodiscover CNAME and SPF TXT to 300 seconds, and wait at least the old TTL '
      + `(WorkMail suggests 3600 for MX and autodiscover: ${WORKMAIL_ADD_DOMAIN_URL}), so that the switch takes minutes, not hours.`,
    `2. Add and verify each domain in ${destination.console}, with the verification TXT record it gives. Mail still flows to WorkMail.`,
    '3. Create the users, groups and resources from this bundle, and run the mailbox export (cdk-workmail export-mailboxes) and the '
      + 'import into the destination.',
    '4. Move the MX last: only when the mailboxes are imported and the users can sign in at the destination. Change SPF and DKIM as '
      + 'the table below says at the same time.',
    '5. Keep WorkMail (and its `_amazonses` TXT, DKIM CNAMEs and `include:amazonses.com`) until the mailbox export is verified against '
      + 'the destination and mail sent during the switch has been picked up there; then remove them and delete the organization.',
    '',
  );
  for (const note of destination.notes) lines.push(`- ${md(note)}`);
  lines.push('- Keep the `_dmarc` TXT record: it names no provider, and it applies to mail from the destination as well.', '');
  if (domains.length === 0) return [...lines, 'No domain of the organization\'s own (only WorkMail\'s test domain).', ''];
  for (const d of domains) {
    const today = (type: string, match: (r: SeedDnsRecord) => boolean) =>
      d.records.filter((r) => r.type.toUpperCase() === type && match(r)).map((r) => md(r.value)).join('; ') || 'none';
    const isDkim = (r: SeedDnsRecord) => r.hostname.toLowerCase().includes('._domainkey.');
    const isSpf = (r: SeedDnsRecord) => r.value.toLowerCase().startsWith('v=spf1');
    const todayOf = (w: WantedRecord): string => {
      if (w.type === 'MX') return today('MX', () => true);
      if (w.hostname.startsWith('autodiscover.')) return today('CNAME', (r) => r.hostname.toLowerCase().startsWith('autodiscover.'));
      if (w.hostname.includes('_domainkey')) return `${d.records.filter(isDkim).length} DKIM CNAMEs`;
      return today('TXT', isSpf);
    };
    lines.push(
      `### ${md(d.domainName)}`,
      '',
      ...(d.ownershipVerificationStatus === 'VERIFIED' ? []
        : [`WorkMail has not verified this domain (${d.ownershipVerificationStatus}): no mail reaches WorkMail through it, so it can move at any time.`, '']),
      '| Type | Hostname | Today (WorkMail) | At the destination | Replaces | Source |',
      '|---|---|---|---|---|---|',
      ...destination.wanted(d.domainName).map((w) =>
        `| ${w.type} | ${md(w.hostname)} | ${todayOf(w)} | ${md(w.value)} | ${md(w.replaces)} | ${w.source} |`),
      '',
    );
  }
  return lines;
}

/** Every section this module adds to MIGRATION.md for `format`. */
export function cutoverSections(scan: OrganizationScan, format: string): string[] {
  return [
    ...mailboxSizeSection(scan, format),
    ...mailDomainsSection(scan),
    ...(format === 'm365' || format === 'google' ? cutoverSection(scan, format) : []),
  ];
}
