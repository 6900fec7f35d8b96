/** Finds the organization a scan reads (by id or alias) and its mail domains. */
import {
  DescribeOrganizationCommand, DescribeOrganizationResponse, GetMailDomainCommand, paginateListMailDomains, paginateListOrganizations,
} from '@aws-sdk/client-workmail';
import type { SeedMailDomain } from '../../local/emulator';
import { mapLimited } from '../concurrency';
import { compareNames, mailDomainSeed, sortedNames } from './mapping';
import { ScanError, ScanReader } from './reader';

export const ORGANIZATION_ID = /^m-[0-9a-f]{32}$/;

/** WorkMail's largest page. */
export const PAGE_SIZE = 100;

/**
 * The organization's id: `m-` + 32 hex is taken as an id; anything else is looked up as an alias
 * (ignoring case) in ListOrganizations, preferring an organization that is not Deleted.
 */
export async function organizationIdOf(reader: ScanReader, organization: string): Promise<string> {
  if (ORGANIZATION_ID.test(organization)) return organization;
  const pages = await reader.pages('ListOrganizations', '',
    paginateListOrganizations({ client: reader.client, pageSize: PAGE_SIZE }, {}));
  const summaries = pages.flatMap((p) => p.OrganizationSummaries ?? []);
  const matches = summaries.filter((o) => o.Alias?.toLowerCase() === organization.toLowerCase());
  const match = matches.find((o) => o.State !== 'Deleted') ?? matches[0];
  if (!match?.OrganizationId) {
    const known = sortedNames(summaries.filter((o) => o.State !== 'Deleted' && o.Alias).map((o) => o.Alias!));
    throw new ScanError(`no WorkMail organization has the alias '${organization}' in this account and region `
      + `(known aliases: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  return match.OrganizationId;
}

export async function describeOrganization(reader: ScanReader, organizationId: string): Promise<DescribeOrganizationResponse> {
  return reader.send('DescribeOrganization', '',
    () => reader.client.send(new DescribeOrganizationCommand({ OrganizationId: organizationId })));
}

/**
 * Every mail domain of the organization, sorted. ListMailDomains does not say which are verified (GetMailDomain
 * does, see mailDomainDetails), and an address may still use a domain whose verification lapsed, so all of them
 * count as domains.
 */
export async function mailDomains(reader: ScanReader, organizationId: string): Promise<string[]> {
  const pages = await reader.pages('ListMailDomains', '',
    paginateListMailDomains({ client: reader.client, pageSize: PAGE_SIZE }, { OrganizationId: organizationId }));
  const domains = pages.flatMap((p) => p.MailDomains ?? []).map((d) => d.DomainName!.toLowerCase());
  return [...new Set(domains)].sort(compareNames);
}

/** One GetMailDomain per domain (`domains` sorted, so the details come sorted too): statuses and DNS records. */
export async function mailDomainDetails(
  reader: ScanReader, organizationId: string, domains: readonly string[], concurrency: number,
): Promise<Array<Required<SeedMailDomain>>> {
  return mapLimited(domains, concurrency, async (domain) => mailDomainSeed(domain, await reader.send('GetMailDomain', `domain '${domain}'`,
    () => reader.client.send(new GetMailDomainCommand({ OrganizationId: organizationId, DomainName: domain })))));
}
