/**
 * Checks the users, groups and resources of one seeded organization: the API's own input constraints,
 * then the organization's rules (unique names and addresses, verified domains, members and delegates
 * that exist, no group inside itself, a delegate for a resource that does not auto-accept, mailbox grants to
 * existing entities other than the mailbox).
 */
import { DIRECTORY_ATTRIBUTES, MAILBOX_PERMISSION_VALUES, MAX_ALIASES, RESERVED_NAMES } from './state';
import { SeedGroup, SeedOrganization, SeedResource, SeedUser } from './types';
import {
  EMAIL_ADDRESS, GROUP_NAME, RESOURCE_DESCRIPTION, RESOURCE_NAME, RESOURCE_TYPES, shapeViolation, StringShape, USER_ATTRIBUTE, USER_NAME,
} from './validation';

export type Fail = (where: string, message: string) => never;
type Json = Record<string, unknown>;

/** Seed key of a directory attribute: the API member name, camel-cased (JobTitle → jobTitle). */
export const seedKeyOf = (member: string): string => member[0].toLowerCase() + member.slice(1);

const MAIL_KEYS = ['name', 'email', 'aliases', 'hiddenFromAddressList'];
const USER_KEYS = [
  ...MAIL_KEYS, 'displayName', 'firstName', 'lastName', ...DIRECTORY_ATTRIBUTES.map(seedKeyOf), 'mailboxQuota', 'mailboxSize', 'permissions',
];
const GROUP_KEYS = [...MAIL_KEYS, 'members'];
const RESOURCE_KEYS = [...MAIL_KEYS, 'type', 'description', 'bookingOptions', 'delegates', 'permissions'];
const GRANT_KEYS = ['grantee', 'permissions'];
const BOOKING_KEYS = ['autoAcceptRequests', 'autoDeclineRecurringRequests', 'autoDeclineConflictingRequests'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface OrganizationDomains {
  readonly id: string;
  readonly verified: readonly string[];
  readonly unverified: readonly string[];
}

interface Named {
  readonly kind: 'user' | 'group' | 'resource';
  readonly name: string;
  readonly path: string;
}

/** Validates one organization's entity lists; returns copies of the lists present (absent ones stay absent). */
export function validateEntities(
  org: Json, at: string, domains: OrganizationDomains, fail: Fail,
): Pick<SeedOrganization, 'users' | 'groups' | 'resources'> {
  const checker = new EntityChecker(at, domains, fail);
  const users = checker.list(org, 'users', USER_KEYS, (u, path) => checker.user(u, path));
  const groups = checker.list(org, 'groups', GROUP_KEYS, (g, path) => checker.group(g, path));
  const resources = checker.list(org, 'resources', RESOURCE_KEYS, (r, path) => checker.resource(r, path));
  checker.relations(groups ?? [], resources ?? []);
  checker.grants('users', users ?? []);
  checker.grants('resources', resources ?? []);
  // Checked field by field above, so a plain copy has the seed types.
  const copy = <T>(list: Json[]) => structuredClone(list) as unknown as T[];
  return {
    ...(users === undefined ? {} : { users: copy<SeedUser>(users) }),
    ...(groups === undefined ? {} : { groups: copy<SeedGroup>(groups) }),
    ...(resources === undefined ? {} : { resources: copy<SeedResource>(resources) }),
  };
}

class EntityChecker {
  /** Lower-cased name → the entity that holds it. */
  private readonly names = new Map<string, Named>();
  /** Lower-cased address → the path of the field that holds it. */
  private readonly addresses = new Map<string, string>();

  constructor(private readonly at: string, private readonly domains: OrganizationDomains, private readonly fail: Fail) {}

  list(org: Json, field: string, keys: readonly string[], check: (entity: Json, path: string) => void): Json[] | undefined {
    const value = org[field];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(`${this.at}.${field}`, 'must be an array');
    return value.map((entity: unknown, i: number) => {
      const path = `${this.at}.${field}[${i}]`;
      if (!isObject(entity)) this.fail(path, 'must be an object');
      for (const key of Object.keys(entity)) {
        if (!keys.includes(key)) this.fail(`${path}.${key}`, `is not a known field (expected ${keys.join(', ')})`);
      }
      check(entity, path);
      return entity;
    });
  }

  user(user: Json, path: string): void {
    this.mailEntity(user, path, 'user', USER_NAME);
    for (const key of ['displayName', 'firstName', 'lastName', ...DIRECTORY_ATTRIBUTES.map(seedKeyOf)]) {
      this.optionalString(user, key, path, USER_ATTRIBUTE);
    }
    // GetMailboxDetails: an Integer quota of at least 1 MB, a Double size; only a registered user has a mailbox.
    const { mailboxQuota, mailboxSize } = user;
    if (mailboxQuota !== undefined && (!Number.isInteger(mailboxQuota) || (mailboxQuota as number) < 1)) {
      this.fail(`${path}.mailboxQuota`, 'must be a whole number of MB, at least 1');
    }
    if (mailboxSize !== undefined && (typeof mailboxSize !== 'number' || !Number.isFinite(mailboxSize) || mailboxSize < 0)) {
      this.fail(`${path}.mailboxSize`, 'must be a number of MB, at least 0');
    }
    if ((mailboxQuota !== undefined || mailboxSize !== undefined) && user.email === undefined) {
      this.fail(`${path}.${mailboxQuota !== undefined ? 'mailboxQuota' : 'mailboxSize'}`, 'needs an email: only a registered user has a mailbox');
    }
  }

  group(group: Json, path: string): void {
    this.mailEntity(group, path, 'group', GROUP_NAME);
    this.nameList(group, 'members', path);
  }

  resource(resource: Json, path: string): void {
    this.mailEntity(resource, path, 'resource', RESOURCE_NAME);
    if (!(RESOURCE_TYPES as readonly unknown[]).includes(resource.type)) this.fail(`${path}.type`, `must be one of ${RESOURCE_TYPES.join(', ')}`);
    this.optionalString(resource, 'description', path, RESOURCE_DESCRIPTION);
    const delegates = this.nameList(resource, 'delegates', path);
    const booking = resource.bookingOptions;
    if (booking === undefined) return;
    if (!isObject(booking)) this.fail(`${path}.bookingOptions`, 'must be an object');
    for (const key of Object.keys(booking)) {
      if (!BOOKING_KEYS.includes(key)) this.fail(`${path}.bookingOptions.${key}`, `is not a known field (expected ${BOOKING_KEYS.join(', ')})`);
      this.optionalBoolean(booking, key, `${path}.bookingOptions`);
    }
    if (booking.autoAcceptRequests === false && delegates.length === 0) {
      this.fail(`${path}.bookingOptions.autoAcceptRequests`, 'can be false only on a resource with at least one delegate');
    }
  }

  /** Members and delegates name existing users or groups; no group contains itself, even through other groups. */
  relations(groups: readonly Json[], resources: readonly Json[]): void {
    const groupMembers = new Map<string, string[]>();
    groups.forEach((g) => groupMembers.set((g.name as string).toLowerCase(), ((g.members ?? []) as string[]).map((m) => m.toLowerCase())));
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean => {
      if (from === target) return true;
      if (seen.has(from)) return false;
      seen.add(from);
      return (groupMembers.get(from) ?? []).some((m) => groupMembers.has(m) && reaches(m, target, seen));
    };
    groups.forEach((group, i) => ((group.members ?? []) as string[]).forEach((member, j) => {
      const path = `${this.at}.groups[${i}].members[${j}]`;
      const target = this.memberOrDelegate(member, path);
      const self = (group.name as string).toLowerCase();
      if (target.kind === 'group' && reaches(member.toLowerCase(), self)) {
        this.fail(path, `${member} would make group ${group.name as string} a member of itself`);
      }
    }));
    resources.forEach((resource, i) => ((resource.delegates ?? []) as string[]).forEach((delegate, j) => {
      this.memberOrDelegate(delegate, `${this.at}.resources[${i}].delegates[${j}]`);
    }));
  }

  /**
   * Each grant of a mailbox: a grantee that exists (a user, group or resource, as PutMailboxPermissions
   * takes any), is not the mailbox, appears once, with at least one known permission; only a mailbox
   * (an entity with an email) has grants.
   */
  grants(field: 'users' | 'resources', mailboxes: readonly Json[]): void {
    mailboxes.forEach((mailbox, i) => {
      const path = `${this.at}.${field}[${i}].permissions`;
      const grants = mailbox.permissions;
      if (grants === undefined) return;
      if (!Array.isArray(grants)) this.fail(path, 'must be an array of {grantee, permissions}');
      if (grants.length > 0 && mailbox.email === undefined) this.fail(path, 'need an email: only a registered user or resource has a mailbox to grant');
      const seen = new Set<string>();
      grants.forEach((grant: unknown, j: number) => {
        const at = `${path}[${j}]`;
        if (!isObject(grant)) this.fail(at, 'must be an object');
        for (const key of Object.keys(grant)) {
          if (!GRANT_KEYS.includes(key)) this.fail(`${at}.${key}`, `is not a known field (expected ${GRANT_KEYS.join(', ')})`);
        }
        const grantee = grant.grantee;
        if (typeof grantee !== 'string' || grantee.length === 0) this.fail(`${at}.grantee`, 'must be a user, group or resource name');
        const lower = grantee.toLowerCase();
        if (!this.names.has(lower)) this.fail(`${at}.grantee`, `${grantee} is not a user, group or resource of organization ${this.domains.id}`);
        if (lower === (mailbox.name as string).toLowerCase()) this.fail(`${at}.grantee`, `${grantee} is the mailbox itself: a mailbox is not granted to its owner`);
        if (seen.has(lower)) this.fail(`${at}.grantee`, `repeats ${grantee}: give it all its permissions in one grant`);
        seen.add(lower);
        const permissions = grant.permissions;
        if (!Array.isArray(permissions) || permissions.length === 0) {
          this.fail(`${at}.permissions`, `must list at least one of ${MAILBOX_PERMISSION_VALUES.join(', ')}`);
        }
        const values = new Set<unknown>();
        permissions.forEach((value: unknown, k: number) => {
          if (!(MAILBOX_PERMISSION_VALUES as readonly unknown[]).includes(value)) {
            this.fail(`${at}.permissions[${k}]`, `must be one of ${MAILBOX_PERMISSION_VALUES.join(', ')}`);
          }
          if (values.has(value)) this.fail(`${at}.permissions[${k}]`, `repeats ${String(value)}`);
          values.add(value);
        });
      });
    });
  }

  private memberOrDelegate(name: string, path: string): Named {
    const target = this.names.get(name.toLowerCase());
    if (target === undefined) this.fail(path, `${name} is not a user or group of organization ${this.domains.id}`);
    if (target.kind === 'resource') this.fail(path, `${name} is a resource (${target.path}); only users and groups may be named here`);
    return target;
  }

  private mailEntity(entity: Json, path: string, kind: Named['kind'], nameShape: StringShape): void {
    const name = this.requiredString(entity, 'name', path, nameShape);
    const lower = name.toLowerCase();
    if (RESERVED_NAMES.includes(lower)) this.fail(`${path}.name`, `${name} is a reserved name`);
    const holder = this.names.get(lower);
    if (holder !== undefined) this.fail(`${path}.name`, `${name} is already the name of ${holder.path} (names are unique across users, groups and resources, in any case)`);
    this.names.set(lower, { kind, name, path });
    this.optionalBoolean(entity, 'hiddenFromAddressList', path);
    const email = entity.email;
    if (email !== undefined) this.address(email, `${path}.email`);
    const aliases = entity.aliases;
    if (aliases === undefined) return;
    if (!Array.isArray(aliases)) this.fail(`${path}.aliases`, 'must be an array of email addresses');
    if (aliases.length > 0 && email === undefined) this.fail(`${path}.aliases`, 'need an email: an entity without a primary address has no aliases');
    if (aliases.length > MAX_ALIASES) this.fail(`${path}.aliases`, `must hold at most ${MAX_ALIASES} addresses`);
    aliases.forEach((alias: unknown, i: number) => this.address(alias, `${path}.aliases[${i}]`));
  }

  /** A well-formed address in a verified domain of the organization, held by no other field. */
  private address(value: unknown, path: string): void {
    if (typeof value !== 'string') this.fail(path, 'must be a string');
    const violation = shapeViolation(value, EMAIL_ADDRESS);
    if (violation !== undefined) this.fail(path, violation);
    const domain = value.slice(value.lastIndexOf('@') + 1).toLowerCase();
    if (this.domains.unverified.includes(domain)) this.fail(path, `${value} is in ${domain}, which is not verified`);
    if (!this.domains.verified.includes(domain)) this.fail(path, `${value} is not in a domain of organization ${this.domains.id}`);
    const holder = this.addresses.get(value.toLowerCase());
    if (holder !== undefined) this.fail(path, `${value} is already used by ${holder}`);
    this.addresses.set(value.toLowerCase(), path);
  }

  /** A list of member or delegate names without repeats (resolved once every entity is known). */
  private nameList(entity: Json, key: string, path: string): string[] {
    const value = entity[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(`${path}.${key}`, 'must be an array of user or group names');
    const seen = new Set<string>();
    value.forEach((name: unknown, i: number) => {
      if (typeof name !== 'string' || name.length === 0) this.fail(`${path}.${key}[${i}]`, 'must be a user or group name');
      if (seen.has(name.toLowerCase())) this.fail(`${path}.${key}[${i}]`, `repeats ${name}`);
      seen.add(name.toLowerCase());
    });
    return value as string[];
  }

  private requiredString(entity: Json, key: string, path: string, shape: StringShape): string {
    if (entity[key] === undefined) this.fail(`${path}.${key}`, 'is required');
    return this.optionalString(entity, key, path, shape) as string;
  }

  private optionalString(entity: Json, key: string, path: string, shape: StringShape): string | undefined {
    const value = entity[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(`${path}.${key}`, 'must be a string');
    const violation = shapeViolation(value, shape);
    if (violation !== undefined) this.fail(`${path}.${key}`, violation);
    return value;
  }

  private optionalBoolean(entity: Json, key: string, path: string): void {
    if (entity[key] !== undefined && typeof entity[key] !== 'boolean') this.fail(`${path}.${key}`, 'must be true or false');
  }
}
