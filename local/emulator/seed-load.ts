/** Builds the in-memory state from a validated seed: organizations, then each one's users, groups and resources. */
import { Behaviour } from './behaviour';
import { seedKeyOf } from './seed-entities';
import {
  DIRECTORY_ATTRIBUTES, EmulatorState, Entity, GroupEntity, MailboxGrantEntry, MailboxPermissionValue, newGuid, newResourceId, Organization,
  Relation, ResourceEntity, seedBookingOptions, UserEntity,
} from './state';
import { EmulatorSeed, MemberType, SeedGrant, SeedMailEntity, SeedOrganization, SeedUser } from './types';

/** `seed` must have passed validateSeed. */
export function loadState(seed: EmulatorSeed, now: number, behaviour?: Behaviour): EmulatorState {
  const state = new EmulatorState(seed, now, behaviour);
  for (const org of seed.organizations) loadEntities(state.organizations.get(org.id)!, org, now);
  return state;
}

/** Users first, then groups, then resources, each in seed order; then memberships, delegates and mailbox grants, in seed order. */
function loadEntities(org: Organization, seed: SeedOrganization, now: number): void {
  const users: UserEntity[] = [];
  for (const user of seed.users ?? []) {
    const attributes: Record<string, string> = {};
    for (const member of DIRECTORY_ATTRIBUTES) {
      const value = user[seedKeyOf(member) as keyof SeedUser];
      if (typeof value === 'string' && value !== '') attributes[member] = value;
    }
    const entity = org.add<UserEntity>({
      ...mailEntity(org, user, now),
      kind: 'USER',
      id: newGuid(),
      displayName: user.displayName ?? user.name,
      role: 'USER',
      firstName: user.firstName || undefined,
      lastName: user.lastName || undefined,
      attributes,
      mailboxQuota: user.mailboxQuota,
      mailboxSize: user.mailboxSize,
    });
    if (entity.state === 'ENABLED') entity.mailboxProvisionedDate = now;
    users.push(entity);
  }
  const groups = (seed.groups ?? []).map((group) => org.add<GroupEntity>({
    ...mailEntity(org, group, now), kind: 'GROUP', id: newGuid(), members: [],
  }));
  const resources = (seed.resources ?? []).map((resource) => org.add<ResourceEntity>({
    ...mailEntity(org, resource, now),
    kind: 'RESOURCE',
    id: newResourceId(),
    type: resource.type,
    description: resource.description,
    bookingOptions: seedBookingOptions(resource.bookingOptions),
    delegates: [],
  }));
  const relation = (name: string): Relation => {
    const target = org.byName(name, ['USER', 'GROUP']) as Entity;
    return { id: target.id, type: target.kind as MemberType, seq: org.nextSeq() };
  };
  (seed.groups ?? []).forEach((group, i) => { groups[i].members = (group.members ?? []).map(relation); });
  (seed.resources ?? []).forEach((resource, i) => { resources[i].delegates = (resource.delegates ?? []).map(relation); });
  // As PutMailboxPermissions stores them: a resource grantee is listed as a USER.
  const grants = (list: readonly SeedGrant[] | undefined): MailboxGrantEntry[] | undefined => (list?.length ? list.map((g) => {
    const grantee = org.byName(g.grantee, ['USER', 'GROUP', 'RESOURCE']) as Entity;
    const granteeType: MemberType = grantee.kind === 'GROUP' ? 'GROUP' : 'USER';
    return { granteeId: grantee.id, granteeType, permissions: [...g.permissions] as MailboxPermissionValue[], seq: org.nextSeq() };
  }) : undefined);
  (seed.users ?? []).forEach((user, i) => { users[i].permissions = grants(user.permissions); });
  (seed.resources ?? []).forEach((resource, i) => { resources[i].permissions = grants(resource.permissions); });
}

/** The fields every kind shares: ENABLED with its addresses when it has an email, else DISABLED. */
function mailEntity(org: Organization, seed: SeedMailEntity, now: number) {
  const seq = org.nextSeq();
  if (seed.email === undefined) {
    return { seq, name: seed.name, state: 'DISABLED' as const, aliases: [], hidden: seed.hiddenFromAddressList ?? false };
  }
  return {
    seq,
    name: seed.name,
    state: 'ENABLED' as const,
    email: seed.email,
    aliases: (seed.aliases ?? []).map((address) => ({ address, seq: org.nextSeq() })),
    hidden: seed.hiddenFromAddressList ?? false,
    enabledDate: now,
  };
}
