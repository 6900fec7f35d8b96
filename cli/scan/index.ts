/**
 * The read-only scan of one WorkMail organization for `export`: it sends only List*, Describe* and Get*
 * operations, and exactly the minimum of them (every page of each List once, one GetMailDomain per domain,
 * one Describe per entity, one ListAliases per registered entity, one GetMailboxDetails per registered user,
 * one ListMailboxPermissions per registered user and resource, one ListGroupMembers per group, one ListResourceDelegates per resource), at most `concurrency` at a time. Throttling is left to the
 * client's retry strategy (the command uses the SDK's adaptive mode).
 */
import { WorkMailClient } from '@aws-sdk/client-workmail';
import type { OrganizationScan } from '../model';
import { idsOf, listEntities, readEntities } from './entities';
import { sortedByName } from './mapping';
import { describeOrganization, mailDomainDetails, mailDomains, organizationIdOf } from './organization';
import { ScanReader } from './reader';

export { ScanError } from './reader';
export { compareNames, selectLive } from './mapping';

export const DEFAULT_CONCURRENCY = 4;
/** The most WorkMail calls in flight that --concurrency allows. */
export const MAX_CONCURRENCY = 32;

/** How far a scan has come; reported after every call. */
export interface ScanProgress {
  /** Users, groups and resources read so far. */
  readonly entities: number;
  /** How many will be read, once the lists are read. */
  readonly totalEntities?: number;
  readonly pages: number;
  readonly calls: number;
  readonly elapsedMs: number;
}

export interface ScanOptions {
  readonly client: WorkMailClient;
  /** The organization's id (`m-` + 32 hex) or its alias. */
  readonly organization: string;
  /** WorkMail calls in flight at most; default 4. */
  readonly concurrency?: number;
  readonly progress?: (progress: ScanProgress) => void;
}

export async function scanOrganization(options: ScanOptions): Promise<OrganizationScan> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  const started = Date.now();
  let label = `organization '${options.organization}'`;
  let totalEntities: number | undefined;
  const reader: ScanReader = new ScanReader(options.client, () => label, () => options.progress?.({
    ...reader.counters, totalEntities, elapsedMs: Date.now() - started,
  }));

  const organizationId = await organizationIdOf(reader, options.organization);
  label = `organization ${organizationId}`;
  const organization = await describeOrganization(reader, organizationId);
  const domains = await mailDomains(reader, organizationId);
  const details = await mailDomainDetails(reader, organizationId, domains, concurrency);
  const listed = await listEntities(reader, organizationId, concurrency);
  totalEntities = listed.users.kept.length + listed.groups.kept.length + listed.resources.kept.length;
  const read = await readEntities(reader, organizationId, listed, concurrency);

  return {
    organization: {
      id: organizationId,
      alias: organization.Alias!,
      defaultMailDomain: organization.DefaultMailDomain!.toLowerCase(),
      domains,
      mailDomains: details,
      state: organization.State,
      users: sortedByName(read.users),
      groups: sortedByName(read.groups),
      resources: sortedByName(read.resources),
    },
    ids: idsOf(listed),
    skipped: {
      deleted: listed.users.deleted + listed.groups.deleted + listed.resources.deleted,
      systemUsers: listed.users.systemUsers,
    },
  };
}
