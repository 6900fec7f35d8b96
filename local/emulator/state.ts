/** The in-memory model: organizations and their users, groups and resources, and the lookups over them. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import { Behaviour, DEFAULT_BEHAVIOUR } from './behaviour';
import { DEFAULT_MAILBOX_QUOTA_MB, MailDomainDetails, mailDomainDetails } from './mail-domains';
import {
  EmulatorSeed, EmulatorSnapshot, EntityState, MemberType, ResourceType, SeedBookingOptions, SnapshotMember, SnapshotOrganization,
  UserRole,
} from './types';
import { NEW_RESOURCE_BOOKING_OPTIONS } from '../../src/provider/api-shapes';

export type EntityKind = 'USER' | 'GROUP' | 'RESOURCE';

/** Names of the directory's built-in accounts, in lower case: no entity may take them, in any case. */
export const RESERVED_NAMES: readonly string[] = ['administrator', 'guest', 'krbtgt'];

/** Aliases one entity may have, not counting its primary address. */
export const MAX_ALIASES = 100;

/** The directory attributes kept in `UserEntity.attributes`, by API member name (UpdateUser, DescribeUser). */
export const DIRECTORY_ATTRIBUTES = [
  'Initials', 'JobTitle', 'Department', 'Company', 'Office', 'Street', 'City', 'ZipCode', 'Country', 'Telephone',
] as const;

export interface Relation {
  readonly id: string;
  readonly type: MemberType;
  /** Creation sequence: the stable sort key for pagination. */
  readonly seq: number;
}

/** One grantee's permissions on a mailbox (PutMailboxPermissions replaces them). */
export interface MailboxGrantEntry {
  readonly granteeId: string;
  readonly granteeType: MemberType;
  readonly permissions: readonly MailboxPermissionValue[];
  /** Creation sequence: the stable sort key for pagination. */
  readonly seq: number;
}

export const MAILBOX_PERMISSION_VALUES = ['FULL_ACCESS', 'SEND_AS', 'SEND_ON_BEHALF'] as const;
export type MailboxPermissionValue = typeof MAILBOX_PERMISSION_VALUES[number];

/** An alias (an address other than the primary one). */
export interface AliasEntry {
  readonly address: string;
  /** Creation sequence: the stable sort key for pagination. */
  readonly seq: number;
}

interface EntityBase {
  readonly id: string;
  readonly seq: number;
  name: string;
  state: EntityState;
  email?: string;
  /** Excludes the primary address; in creation order. */
  aliases: AliasEntry[];
  hidden: boolean;
  /** Epoch milliseconds. */
  enabledDate?: number;
  disabledDate?: number;
  /** Epoch milliseconds of the last DeregisterFromWorkMail, for the consistency-delay fault. */
  deregisteredAt?: number;
  /** Who may use this entity's mailbox (users and resources), by grantee; none when absent. */
  permissions?: MailboxGrantEntry[];
  /** Addresses a deregistration did not free (behaviour `addresses-after-deregister: kept-until-delete`); no one else may take them. */
  keptAddresses?: string[];
}

export interface UserEntity extends EntityBase {
  readonly kind: 'USER';
  displayName: string;
  role: UserRole;
  firstName?: string;
  lastName?: string;
  /** Initials, Telephone, Street, ... by API member name. */
  attributes: Record<string, string>;
  identityProviderUserId?: string;
  password?: { readonly salt: string; readonly hash: string };
  mailboxProvisionedDate?: number;
  mailboxDeprovisionedDate?: number;
  /** GetMailboxDetails, in MB; absent: the defaults (WorkMail's quota, an empty mailbox). */
  mailboxQuota?: number;
  mailboxSize?: number;
}

export interface GroupEntity extends EntityBase {
  readonly kind: 'GROUP';
  members: Relation[];
}

export interface BookingOptions {
  autoAcceptRequests: boolean;
  autoDeclineRecurringRequests: boolean;
  autoDeclineConflictingRequests: boolean;
}

/** What a new resource starts with. It has no delegate, so it must auto-accept to be valid. */
export const NEW_BOOKING_OPTIONS: Readonly<BookingOptions> = {
  autoAcceptRequests: NEW_RESOURCE_BOOKING_OPTIONS.AutoAcceptRequests,
  autoDeclineRecurringRequests: NEW_RESOURCE_BOOKING_OPTIONS.AutoDeclineRecurringRequests,
  autoDeclineConflictingRequests: NEW_RESOURCE_BOOKING_OPTIONS.AutoDeclineConflictingRequests,
};

/** What CreateResource gives a new resource under `behaviour` (`new-resource-booking-options`); always auto-accepting. */
export function newBookingOptions(behaviour: Behaviour): BookingOptions {
  if (behaviour['new-resource-booking-options'] === 'accept-only') {
    return { autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: false };
  }
  return { ...NEW_BOOKING_OPTIONS };
}

/** A seed's booking options, every flag it leaves out at a new resource's value. */
export function seedBookingOptions(options: SeedBookingOptions | undefined): BookingOptions {
  return {
    autoAcceptRequests: options?.autoAcceptRequests ?? NEW_BOOKING_OPTIONS.autoAcceptRequests,
    autoDeclineRecurringRequests: options?.autoDeclineRecurringRequests ?? NEW_BOOKING_OPTIONS.autoDeclineRecurringRequests,
    autoDeclineConflictingRequests: options?.autoDeclineConflictingRequests ?? NEW_BOOKING_OPTIONS.autoDeclineConflictingRequests,
  };
}

export interface ResourceEntity extends EntityBase {
  readonly kind: 'RESOURCE';
  type: ResourceType;
  description?: string;
  bookingOptions: BookingOptions;
  delegates: Relation[];
}

export type Entity = UserEntity | GroupEntity | ResourceEntity;

export function hashPassword(password: string): { salt: string; hash: string } {
  const salt = randomBytes(16).toString('hex');
  return { salt, hash: createHash('sha256').update(salt).update(password, 'utf8').digest('hex') };
}

export function passwordMatches(stored: { salt: string; hash: string } | undefined, password: string): boolean {
  if (!stored) return false;
  const candidate = createHash('sha256').update(stored.salt).update(password, 'utf8').digest();
  return timingSafeEqual(candidate, Buffer.from(stored.hash, 'hex'));
}

export const newGuid = (): string => randomUUID();
export const newResourceId = (): string => `r-${randomBytes(16).toString('hex')}`;

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

export class Organization {
  public readonly id: string;
  public readonly alias: string;
  public readonly state: string;
  public readonly defaultMailDomain: string;
  public readonly domains: readonly string[];
  public readonly unverifiedDomains: readonly string[];
  /** GetMailDomain's answer per lower-cased domain, verified domains first, each in seed order. */
  public readonly mailDomains = new Map<string, MailDomainDetails>();
  public readonly completedDate: number;
  /** Insertion order is creation order. */
  public readonly entities = new Map<string, Entity>();
  private sequence = 0;

  constructor(seed: EmulatorSeed['organizations'][number], createdAt: number, public readonly behaviour: Behaviour = DEFAULT_BEHAVIOUR) {
    this.id = seed.id;
    this.alias = seed.alias;
    this.state = seed.state ?? 'Active';
    this.defaultMailDomain = seed.defaultMailDomain;
    this.domains = [...seed.domains];
    this.unverifiedDomains = [...(seed.unverifiedDomains ?? [])];
    for (const [list, verified] of [[this.domains, true], [this.unverifiedDomains, false]] as const) {
      for (const domain of list) {
        const given = seed.mailDomains?.find((d) => same(d.domainName, domain));
        this.mailDomains.set(domain.toLowerCase(), mailDomainDetails(this.id, domain.toLowerCase(), this.defaultMailDomain, verified, given));
      }
    }
    this.completedDate = createdAt;
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  add<T extends Entity>(entity: T): T {
    this.entities.set(entity.id, entity);
    return entity;
  }

  all(kinds: readonly EntityKind[]): Entity[] {
    return [...this.entities.values()].filter((e) => kinds.includes(e.kind));
  }

  byId(id: string, kinds: readonly EntityKind[]): Entity | undefined {
    const entity = this.entities.get(id);
    return entity && kinds.includes(entity.kind) ? entity : undefined;
  }

  /** Names and emails resolve only entities that are not DELETED: a deleted entity's name may be reused. */
  byName(name: string, kinds: readonly EntityKind[]): Entity | undefined {
    return this.all(kinds).find((e) => e.state !== 'DELETED' && same(e.name, name));
  }

  /** Primary addresses only, or aliases too (behaviour `lookup-by-email`). */
  byEmail(email: string, kinds: readonly EntityKind[]): Entity | undefined {
    const aliasesToo = this.behaviour['lookup-by-email'] === 'primary-and-aliases';
    return this.all(kinds).find((e) => e.state !== 'DELETED'
      && (same(e.email, email) || (aliasesToo && e.aliases.some((a) => same(a.address, email)))));
  }

  /** Names are unique across users, groups and resources, case-insensitively, among entities not DELETED. */
  nameTaken(name: string, exceptId?: string): boolean {
    return [...this.entities.values()].some((e) => e.id !== exceptId && e.state !== 'DELETED' && same(e.name, name));
  }

  /** The entity whose primary address or alias this is, or that kept it after its deregistration, if any. */
  addressOwner(address: string): Entity | undefined {
    return [...this.entities.values()].find((e) => same(e.email, address) || e.aliases.some((a) => same(a.address, address))
      || (e.keptAddresses ?? []).some((kept) => same(kept, address)));
  }

  /** Whether `domain` is a verified domain of the organization, one added but not verified, or none of its own. */
  domainState(domain: string): 'VERIFIED' | 'UNVERIFIED' | undefined {
    if (this.domains.some((d) => same(d, domain))) return 'VERIFIED';
    if (this.unverifiedDomains.some((d) => same(d, domain))) return 'UNVERIFIED';
    return undefined;
  }

  /** Removes an entity from every group, delegate list and mailbox grant (on delete), and drops the grants on its own mailbox. */
  detach(id: string): void {
    for (const entity of this.entities.values()) {
      if (entity.kind === 'GROUP') entity.members = entity.members.filter((m) => m.id !== id);
      if (entity.kind === 'RESOURCE') entity.delegates = entity.delegates.filter((d) => d.id !== id);
      if (entity.permissions !== undefined) entity.permissions = entity.permissions.filter((g) => g.granteeId !== id);
      if (entity.id === id) entity.permissions = undefined;
    }
  }

  snapshot(): SnapshotOrganization {
    const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
    const relations = (list: Relation[]): SnapshotMember[] => list.map((r) => ({ id: r.id, type: r.type }));
    const entities = [...this.entities.values()];
    const common = (e: Entity) => ({
      id: e.id,
      name: e.name,
      email: e.email,
      state: e.state,
      aliases: e.aliases.map((a) => a.address),
      hiddenFromGlobalAddressList: e.hidden,
      enabledDate: iso(e.enabledDate),
      disabledDate: iso(e.disabledDate),
      permissions: e.permissions?.length ? e.permissions.map((g) => ({ granteeId: g.granteeId, permissions: [...g.permissions] })) : undefined,
    });
    const snapshot: SnapshotOrganization = {
      id: this.id,
      alias: this.alias,
      state: this.state,
      defaultMailDomain: this.defaultMailDomain,
      domains: [...this.domains],
      unverifiedDomains: this.unverifiedDomains.length > 0 ? [...this.unverifiedDomains] : undefined,
      mailDomains: [...this.mailDomains.values()],
      users: entities.filter((e): e is UserEntity => e.kind === 'USER').map((u) => ({
        ...common(u),
        displayName: u.displayName,
        role: u.role,
        firstName: u.firstName,
        lastName: u.lastName,
        hasPassword: u.password !== undefined,
        attributes: { ...u.attributes },
        identityProviderUserId: u.identityProviderUserId,
        ...(u.state === 'ENABLED' ? { mailboxQuota: mailboxQuotaOf(u), mailboxSize: mailboxSizeOf(u) } : {}),
      })),
      groups: entities.filter((e): e is GroupEntity => e.kind === 'GROUP').map((g) => ({
        ...common(g),
        members: relations(g.members),
      })),
      resources: entities.filter((e): e is ResourceEntity => e.kind === 'RESOURCE').map((r) => ({
        ...common(r),
        type: r.type,
        bookingOptions: { ...r.bookingOptions },
        delegates: relations(r.delegates),
        description: r.description,
      })),
    };
    // A JSON round trip drops the undefined optionals and detaches the copy from the live state.
    return JSON.parse(JSON.stringify(snapshot)) as SnapshotOrganization;
  }
}

export const mailboxQuotaOf = (user: UserEntity): number => user.mailboxQuota ?? DEFAULT_MAILBOX_QUOTA_MB;
export const mailboxSizeOf = (user: UserEntity): number => user.mailboxSize ?? 0;

export class EmulatorState {
  public readonly organizations = new Map<string, Organization>();

  constructor(seed: EmulatorSeed, now: number, behaviour: Behaviour = DEFAULT_BEHAVIOUR) {
    for (const org of seed.organizations) this.organizations.set(org.id, new Organization(org, now, behaviour));
  }

  snapshot(): EmulatorSnapshot {
    return { organizations: [...this.organizations.values()].map((o) => o.snapshot()) };
  }
}
