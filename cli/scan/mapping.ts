/**
 * From WorkMail's answers to the emulator's seed shape, the shape of `OrganizationScan.organization`.
 * Pure functions, so what is kept, skipped and written can be tested without a server.
 *
 * Keys are written in the order and by the rule of the emulator's own dump (`local/emulator/seed-dump.ts`):
 * arrays and booleans always, strings only when they hold a value; so the scan of an organization and the
 * emulator's dump of the same organization are the same JSON.
 */
import type {
  DescribeGroupResponse, DescribeResourceResponse, DescribeUserResponse, EntityState, GetMailboxDetailsResponse, GetMailDomainResponse, UserRole,
} from '@aws-sdk/client-workmail';
import type { DnsRecordVerificationStatus, SeedGrant, SeedGroup, SeedMailDomain, SeedResource, SeedUser } from '../../local/emulator';
import { seedKeyOf } from '../../local/emulator/seed-entities';
import { DIRECTORY_ATTRIBUTES, NEW_BOOKING_OPTIONS } from '../../local/emulator/state';

/**
 * Orders names and addresses: case-insensitively by code point (names are unique ignoring case), then
 * by exact code point. No locale is involved, so every machine sorts alike.
 */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sortedNames = (names: readonly string[]): string[] => [...names].sort(compareNames);
export const sortedByName = <T extends { readonly name: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => compareNames(a.name, b.name));

/** A listed entity, as far as deciding whether to read it goes. */
export interface ListedEntity {
  readonly State?: EntityState | string;
  readonly UserRole?: UserRole | string;
}

export interface Selection<T> {
  readonly kept: T[];
  /** Entities in state DELETED (WorkMail lists them for a while after a delete). */
  readonly deleted: number;
  /** Users whose role is SYSTEM_USER (a deleted system user counts as deleted). */
  readonly systemUsers: number;
}

/** What the scan reads: not DELETED, not the organization's system users. */
export function selectLive<T extends ListedEntity>(listed: readonly T[]): Selection<T> {
  let deleted = 0;
  let systemUsers = 0;
  const kept = listed.filter((entity) => {
    if (entity.State === 'DELETED') deleted += 1;
    else if (entity.UserRole === 'SYSTEM_USER') systemUsers += 1;
    else return true;
    return false;
  });
  return { kept, deleted, systemUsers };
}

/** `{ key: value }` when value is a non-empty string, else nothing: spread into an object literal. */
const text = (key: string, value: string | undefined): Record<string, string> => (value ? { [key]: value } : {});

/**
 * The primary address of a registered entity. The seed shape says "registered" by having an email, so
 * an entity that is not ENABLED has none here, whatever the service still reports.
 */
export const registeredEmail = (d: { readonly State?: string; readonly Email?: string }): string | undefined =>
  (d.State === 'ENABLED' && d.Email ? d.Email : undefined);

/** ListAliases lists the primary address too: the seed keeps only the others. */
export function aliasesBesides(primary: string | undefined, listed: readonly string[]): string[] {
  const lower = primary?.toLowerCase();
  return sortedNames(listed.filter((address) => address.toLowerCase() !== lower));
}

/**
 * A mailbox's grants, `[{granteeName, values}]` as ListMailboxPermissions gave them: sorted by grantee, each one's
 * values sorted, so the service's order does not show; written only when there are some, as the emulator's dump does.
 */
export function grantsSeed(
  grants: ReadonlyArray<{ readonly grantee: string; readonly permissions: readonly string[] }>,
): { permissions?: SeedGrant[] } {
  if (grants.length === 0) return {};
  return { permissions: sortedByGrantee(grants.map((g) => ({ grantee: g.grantee, permissions: [...new Set(g.permissions)].sort() }))) };
}

const sortedByGrantee = (grants: SeedGrant[]): SeedGrant[] => grants.sort((a, b) => compareNames(a.grantee, b.grantee));

/** `{ key: value }` when value is a number, else nothing. */
const number = (key: string, value: number | undefined): Record<string, number> => (typeof value === 'number' ? { [key]: value } : {});

/** `mailbox`: GetMailboxDetails' answer, for a registered user (the only kind with a mailbox). */
export function userSeed(d: DescribeUserResponse, aliases: readonly string[], mailbox?: GetMailboxDetailsResponse): SeedUser {
  const describe = d as unknown as Record<string, string | undefined>;
  const attributes = Object.assign({}, ...DIRECTORY_ATTRIBUTES.map((member) => text(seedKeyOf(member), describe[member])));
  return {
    name: d.Name!,
    ...text('displayName', d.DisplayName),
    ...text('email', registeredEmail(d)),
    aliases: sortedNames(aliases),
    ...text('firstName', d.FirstName),
    ...text('lastName', d.LastName),
    ...attributes,
    hiddenFromAddressList: d.HiddenFromGlobalAddressList ?? false,
    ...number('mailboxQuota', mailbox?.MailboxQuota),
    ...number('mailboxSize', mailbox?.MailboxSize),
  } as SeedUser;
}

/** GetMailDomain's answer in the seed shape: every member written, records in the service's order. */
export function mailDomainSeed(domainName: string, d: GetMailDomainResponse): Required<SeedMailDomain> {
  return {
    domainName,
    isDefault: d.IsDefault ?? false,
    isTestDomain: d.IsTestDomain ?? false,
    ownershipVerificationStatus: d.OwnershipVerificationStatus as DnsRecordVerificationStatus,
    dkimVerificationStatus: d.DkimVerificationStatus as DnsRecordVerificationStatus,
    records: (d.Records ?? []).map((r) => ({ type: r.Type ?? '', hostname: r.Hostname ?? '', value: r.Value ?? '' })),
  };
}

export function groupSeed(d: DescribeGroupResponse, aliases: readonly string[], members: readonly string[]): SeedGroup {
  return {
    name: d.Name!,
    ...text('email', registeredEmail(d)),
    aliases: sortedNames(aliases),
    hiddenFromAddressList: d.HiddenFromGlobalAddressList ?? false,
    members: sortedNames(members),
  };
}

export function resourceSeed(d: DescribeResourceResponse, aliases: readonly string[], delegates: readonly string[]): SeedResource {
  return {
    name: d.Name!,
    type: d.Type as SeedResource['type'],
    ...text('email', registeredEmail(d)),
    aliases: sortedNames(aliases),
    ...text('description', d.Description),
    // Absent flags take the seed's defaults, those of a new resource.
    bookingOptions: {
      autoAcceptRequests: d.BookingOptions?.AutoAcceptRequests ?? NEW_BOOKING_OPTIONS.autoAcceptRequests,
      autoDeclineRecurringRequests: d.BookingOptions?.AutoDeclineRecurringRequests ?? NEW_BOOKING_OPTIONS.autoDeclineRecurringRequests,
      autoDeclineConflictingRequests: d.BookingOptions?.AutoDeclineConflictingRequests ?? NEW_BOOKING_OPTIONS.autoDeclineConflictingRequests,
    },
    delegates: sortedNames(delegates),
    hiddenFromAddressList: d.HiddenFromGlobalAddressList ?? false,
  };
}
