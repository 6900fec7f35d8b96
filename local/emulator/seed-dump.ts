/**
 * The emulator's state in the seed shape, so that a dump starts another emulator in the same state.
 * One rule for what is written: arrays and booleans always (possibly empty or false), strings only when
 * they hold a value, a mailbox's quota and size for every user that has one, a mailbox's grants only when it has some
 * (granted values in the order they were put). Keys come in a fixed order and entities in creation order, so the same state always
 * gives the same JSON, and seeding with a dump then dumping again gives it back unchanged.
 */
import { seedKeyOf } from './seed-entities';
import { DIRECTORY_ATTRIBUTES } from './state';
import {
  EmulatorSeed, EmulatorSnapshot, SeedGrant, SeedGroup, SeedOrganization, SeedResource, SeedUser, SnapshotGroup, SnapshotMember, SnapshotOrganization,
  SnapshotGrant, SnapshotResource, SnapshotUser,
} from './types';

/** `{ key: value }` when value is a non-empty string, else nothing: spread into an object literal. */
const text = (key: string, value: string | undefined): Record<string, string> => (value ? { [key]: value } : {});

/** Converts a snapshot (`RunningEmulator.snapshot()`) to a seed; DELETED entities are left out. */
export function seedOf(snapshot: EmulatorSnapshot): EmulatorSeed {
  return { organizations: snapshot.organizations.map(organizationSeed) };
}

function organizationSeed(org: SnapshotOrganization): SeedOrganization {
  const live = <T extends { state: string }>(list: readonly T[]) => list.filter((e) => e.state !== 'DELETED');
  // Deleting an entity removes it from every group and delegate list, so members are never DELETED.
  const names = new Map<string, string>([...org.users, ...org.groups].map((e) => [e.id, e.name]));
  const nameOf = (m: SnapshotMember) => names.get(m.id)!;
  // Grantees may be resources too; deleting one drops its grants, so they are never DELETED either.
  for (const r of org.resources) names.set(r.id, r.name);
  const grantsOf = (grants: readonly SnapshotGrant[] | undefined): { permissions?: SeedGrant[] } => (grants?.length
    ? { permissions: grants.map((g) => ({ grantee: names.get(g.granteeId)!, permissions: [...g.permissions] })) }
    : {});
  return {
    id: org.id,
    alias: org.alias,
    defaultMailDomain: org.defaultMailDomain,
    domains: [...org.domains],
    unverifiedDomains: [...(org.unverifiedDomains ?? [])],
    mailDomains: org.mailDomains.map((d) => ({ ...d, records: d.records.map((r) => ({ ...r })) })),
    state: org.state,
    users: live(org.users).map((u) => ({ ...userSeed(u), ...grantsOf(u.permissions) })),
    groups: live(org.groups).map((g) => groupSeed(g, nameOf)),
    resources: live(org.resources).map((r) => ({ ...resourceSeed(r, nameOf), ...grantsOf(r.permissions) })),
  };
}

function userSeed(user: SnapshotUser): SeedUser {
  const attributes = Object.assign({}, ...DIRECTORY_ATTRIBUTES.map((member) => text(seedKeyOf(member), user.attributes[member])));
  return {
    name: user.name,
    displayName: user.displayName,
    ...text('email', user.email),
    aliases: [...user.aliases],
    ...text('firstName', user.firstName),
    ...text('lastName', user.lastName),
    ...attributes,
    hiddenFromAddressList: user.hiddenFromGlobalAddressList,
    ...(user.mailboxQuota === undefined ? {} : { mailboxQuota: user.mailboxQuota }),
    ...(user.mailboxSize === undefined ? {} : { mailboxSize: user.mailboxSize }),
  };
}

function groupSeed(group: SnapshotGroup, nameOf: (m: SnapshotMember) => string): SeedGroup {
  return {
    name: group.name,
    ...text('email', group.email),
    aliases: [...group.aliases],
    hiddenFromAddressList: group.hiddenFromGlobalAddressList,
    members: group.members.map(nameOf),
  };
}

function resourceSeed(resource: SnapshotResource, nameOf: (m: SnapshotMember) => string): SeedResource {
  return {
    name: resource.name,
    type: resource.type,
    ...text('email', resource.email),
    aliases: [...resource.aliases],
    ...text('description', resource.description),
    bookingOptions: {
      autoAcceptRequests: resource.bookingOptions.autoAcceptRequests,
      autoDeclineRecurringRequests: resource.bookingOptions.autoDeclineRecurringRequests,
      autoDeclineConflictingRequests: resource.bookingOptions.autoDeclineConflictingRequests,
    },
    delegates: resource.delegates.map(nameOf),
    hiddenFromAddressList: resource.hiddenFromGlobalAddressList,
  };
}
