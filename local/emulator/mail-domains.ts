/**
 * What GetMailDomain answers: a seed's mail domain details, or the records WorkMail asks for when a domain is
 * added (admin guide, "Adding a domain"), with tokens derived from the organization and the domain so that the
 * same seed always gives the same records.
 */
import { createHash } from 'crypto';
import { DnsRecordVerificationStatus, SeedDnsRecord, SeedMailDomain } from './types';

export const VERIFICATION_STATUSES: readonly DnsRecordVerificationStatus[] = ['PENDING', 'VERIFIED', 'FAILED'];

/** The region the generated records name (the emulator answers for any region; a seed may give its own records). */
export const RECORDS_REGION = 'us-east-1';

/** WorkMail's default mailbox quota: 50 GB, in MB as GetMailboxDetails gives it. */
export const DEFAULT_MAILBOX_QUOTA_MB = 51200;

export type MailDomainDetails = Required<SeedMailDomain>;

const MAIL_DOMAIN_KEYS = ['domainName', 'isDefault', 'isTestDomain', 'ownershipVerificationStatus', 'dkimVerificationStatus', 'records'];
const RECORD_KEYS = ['type', 'hostname', 'value'];

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest();

/** SES's DKIM tokens are 32 characters of lower-case letters and digits. */
function dkimToken(organizationId: string, domain: string, n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...digest(organizationId, domain, `dkim${n}`).subarray(0, 32)].map((b) => alphabet[b % 32]).join('');
}

/** The records the WorkMail console lists for a new domain, in its order. */
export function defaultRecords(organizationId: string, domain: string, region = RECORDS_REGION): SeedDnsRecord[] {
  const verification = digest(organizationId, domain, 'ses').toString('base64');
  return [
    { type: 'TXT', hostname: `_amazonses.${domain}`, value: verification },
    { type: 'MX', hostname: domain, value: `10 inbound-smtp.${region}.amazonaws.com` },
    { type: 'CNAME', hostname: `autodiscover.${domain}`, value: `autodiscover.mail.${region}.awsapps.com` },
    ...[1, 2, 3].map((n) => {
      const token = dkimToken(organizationId, domain, n);
      return { type: 'CNAME', hostname: `${token}._domainkey.${domain}`, value: `${token}.dkim.amazonses.com` };
    }),
    { type: 'TXT', hostname: domain, value: 'v=spf1 include:amazonses.com ~all' },
    { type: 'TXT', hostname: `_dmarc.${domain}`, value: 'v=DMARC1;p=quarantine;pct=100;fo=1' },
  ];
}

/** A domain's details: the seed's, each member it leaves out at its default. */
export function mailDomainDetails(
  organizationId: string, domain: string, defaultMailDomain: string, verified: boolean, seed: SeedMailDomain | undefined,
): MailDomainDetails {
  const status: DnsRecordVerificationStatus = verified ? 'VERIFIED' : 'PENDING';
  return {
    domainName: domain,
    isDefault: domain === defaultMailDomain,
    isTestDomain: seed?.isTestDomain ?? domain.endsWith('.awsapps.com'),
    ownershipVerificationStatus: seed?.ownershipVerificationStatus ?? status,
    dkimVerificationStatus: seed?.dkimVerificationStatus ?? status,
    records: (seed?.records ?? defaultRecords(organizationId, domain)).map((r) => ({ type: r.type, hostname: r.hostname, value: r.value })),
  };
}

type Json = Record<string, unknown>;
type Status = DnsRecordVerificationStatus;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a seed organization's `mailDomains` (each names one of its domains, at most once; isDefault agrees with
 * defaultMailDomain) and returns a normalized copy, or undefined when absent.
 */
export function validateMailDomains(
  value: unknown, at: string, domains: readonly string[], defaultMailDomain: string, fail: (where: string, message: string) => never,
): SeedMailDomain[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(`${at}.mailDomains`, 'must be an array');
  const seen = new Set<string>();
  return value.map((entry: unknown, i: number): SeedMailDomain => {
    const path = `${at}.mailDomains[${i}]`;
    if (!isObject(entry)) fail(path, 'must be an object');
    for (const key of Object.keys(entry)) {
      if (!MAIL_DOMAIN_KEYS.includes(key)) fail(`${path}.${key}`, `is not a known field (expected ${MAIL_DOMAIN_KEYS.join(', ')})`);
    }
    const { domainName, isDefault, isTestDomain, ownershipVerificationStatus, dkimVerificationStatus, records } = entry;
    if (typeof domainName !== 'string' || !domains.includes(domainName.toLowerCase())) {
      fail(`${path}.domainName`, 'must be one of the organization\'s domains or unverifiedDomains');
    }
    const domain = domainName.toLowerCase();
    if (seen.has(domain)) fail(`${path}.domainName`, `repeats ${domainName}`);
    seen.add(domain);
    if (isDefault !== undefined && isDefault !== (domain === defaultMailDomain)) {
      fail(`${path}.isDefault`, `must be ${domain === defaultMailDomain} (the default mail domain is ${defaultMailDomain})`);
    }
    if (isTestDomain !== undefined && typeof isTestDomain !== 'boolean') fail(`${path}.isTestDomain`, 'must be true or false');
    for (const [key, status] of [['ownershipVerificationStatus', ownershipVerificationStatus], ['dkimVerificationStatus', dkimVerificationStatus]]) {
      if (status !== undefined && !(VERIFICATION_STATUSES as readonly unknown[]).includes(status)) {
        fail(`${path}.${key as string}`, `must be one of ${VERIFICATION_STATUSES.join(', ')}`);
      }
    }
    if (records !== undefined && !Array.isArray(records)) fail(`${path}.records`, 'must be an array of {"type", "hostname", "value"}');
    const checkedRecords = records?.map((record: unknown, j: number): SeedDnsRecord => {
      const recordPath = `${path}.records[${j}]`;
      if (!isObject(record)) fail(recordPath, 'must be an object');
      for (const key of Object.keys(record)) {
        if (!RECORD_KEYS.includes(key)) fail(`${recordPath}.${key}`, `is not a known field (expected ${RECORD_KEYS.join(', ')})`);
      }
      for (const key of RECORD_KEYS) {
        if (typeof record[key] !== 'string' || record[key] === '') fail(`${recordPath}.${key}`, 'must be a non-empty string');
      }
      return { type: record.type as string, hostname: record.hostname as string, value: record.value as string };
    });
    return {
      domainName: domain,
      ...(isDefault === undefined ? {} : { isDefault: isDefault as boolean }),
      ...(isTestDomain === undefined ? {} : { isTestDomain: isTestDomain as boolean }),
      ...(ownershipVerificationStatus === undefined ? {} : { ownershipVerificationStatus: ownershipVerificationStatus as Status }),
      ...(dkimVerificationStatus === undefined ? {} : { dkimVerificationStatus: dkimVerificationStatus as Status }),
      ...(checkedRecords === undefined ? {} : { records: checkedRecords }),
    };
  });
}
