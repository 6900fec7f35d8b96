/**
 * The calls a scan must make at least, per operation, computed from what an organization holds: the
 * yardstick the tests and the benchmark hold the scan to (it is not used by the scan itself).
 */
import { PAGE_SIZE } from './organization';
import type { SeedOrganization } from '../../local/emulator';

/** What the seed does not show but the organization's lists still hold. */
export interface UnseenEntities {
  /** DELETED users, groups and resources (listed, never described). */
  readonly deletedUsers?: number;
  readonly deletedGroups?: number;
  readonly deletedResources?: number;
  /** When the organization is named by alias: how many organizations ListOrganizations lists. */
  readonly organizationsListed?: number;
}

/** A List of `n` items takes this many pages (an empty list still takes one). */
export const pagesOf = (n: number): number => Math.max(1, Math.ceil(n / PAGE_SIZE));

export function minimumScanCalls(org: SeedOrganization, unseen: UnseenEntities = {}): Record<string, number> {
  const users = org.users ?? [];
  const groups = org.groups ?? [];
  const resources = org.resources ?? [];
  const registered = [...users, ...groups, ...resources].filter((e) => e.email !== undefined);
  const domains = org.domains.length + (org.unverifiedDomains?.length ?? 0);
  const calls: Record<string, number> = {
    ...(unseen.organizationsListed === undefined ? {} : { ListOrganizations: pagesOf(unseen.organizationsListed) }),
    DescribeOrganization: 1,
    ListMailDomains: pagesOf(domains),
    GetMailDomain: domains,
    ListUsers: pagesOf(users.length + (unseen.deletedUsers ?? 0)),
    ListGroups: pagesOf(groups.length + (unseen.deletedGroups ?? 0)),
    ListResources: pagesOf(resources.length + (unseen.deletedResources ?? 0)),
    DescribeUser: users.length,
    // Only a registered user has a mailbox.
    GetMailboxDetails: users.filter((u) => u.email !== undefined).length,
    DescribeGroup: groups.length,
    DescribeResource: resources.length,
    // ListAliases lists the primary address too.
    ListAliases: registered.reduce((sum, e) => sum + pagesOf(1 + (e.aliases?.length ?? 0)), 0),
    ListGroupMembers: groups.reduce((sum, g) => sum + pagesOf(g.members?.length ?? 0), 0),
    ListResourceDelegates: resources.reduce((sum, r) => sum + pagesOf(r.delegates?.length ?? 0), 0),
    // Only a registered user or resource has a mailbox to grant.
    ListMailboxPermissions: [...users, ...resources].filter((e) => e.email !== undefined)
      .reduce((sum, e) => sum + pagesOf(e.permissions?.length ?? 0), 0),
  };
  return Object.fromEntries(Object.entries(calls).filter(([, n]) => n > 0));
}

/** Calls per operation, from a list of calls (e.g. the emulator's record). */
export function callsPerOperation(calls: ReadonlyArray<{ readonly operation: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  return counts;
}
