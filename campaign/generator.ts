/**
 * Random scenarios: an organization with hand-made entities, then steps that each change the declared
 * app at random (every kind, every field, renames, moves, adoption, removal with each policy), some of
 * them made to fail at deploy time on purpose.
 */
import {
  AppDeclaration, Booking, BOOKING_FLAGS, Declaration, Removal, GroupDeclaration, registers, ResourceDeclaration, USER_ATTRIBUTES, UserDeclaration,
} from './declaration';
import { nameKey, OrgState } from './org-state';
import { Random } from './random';
import type { SeedOrganization } from '../local/emulator';

export const DOMAIN = 'campaign.example.com';
/** A domain the organization does not have. */
export const FOREIGN_DOMAIN = 'elsewhere.example.net';
/** The imported secret of the weak-password failure, and its value (which the password policy refuses). */
export const WEAK_SECRET_NAME = 'campaign-weak-password';
export const WEAK_PASSWORD = 'weak';

export type FailureKind = 'alias-foreign-domain' | 'name-taken' | 'weak-password' | 'email-foreign-domain' | 'email-dropped';

export interface Step {
  readonly app: AppDeclaration;
  /** What was changed, for the report. */
  readonly changes: string[];
  /** Set when the step is made to fail at deploy time. */
  readonly failure?: FailureKind;
}

/** The organization of a scenario, with hand-made entities (some to adopt, the others to stay untouched). */
export function scenarioOrganization(random: Random, scenario: number): SeedOrganization {
  const hex = (scenario + 1).toString(16).padStart(32, '0');
  const pick = <T>(items: readonly T[]) => random.pick(items);
  return {
    id: `m-${hex}`,
    alias: `campaign-${scenario + 1}`,
    defaultMailDomain: DOMAIN,
    domains: [DOMAIN],
    users: [
      { name: 'hand-ann', displayName: 'Ann (by hand)', email: `hand-ann@${DOMAIN}`, aliases: [`ann@${DOMAIN}`], department: pick(['Sales', 'Ops']) },
      { name: 'hand-ben', displayName: 'Ben (by hand)', email: `hand-ben@${DOMAIN}`, city: pick(['Lyon', 'Porto']), hiddenFromAddressList: random.chance(0.5) },
      { name: 'hand-cid', displayName: 'Cid (no mailbox)' },
    ],
    groups: [
      { name: 'hand-team', email: `hand-team@${DOMAIN}`, members: ['hand-ann', 'hand-cid'] },
    ],
    resources: [
      {
        name: 'hand-room',
        type: 'ROOM',
        email: `hand-room@${DOMAIN}`,
        description: 'Made by hand',
        bookingOptions: { autoAcceptRequests: false, autoDeclineConflictingRequests: random.chance(0.5) },
        delegates: ['hand-ben'],
      },
    ],
  };
}

type Mutation = (g: StepBuilder) => string | undefined;

/** Builds one step's app from the previous one; each mutation returns what it did, or undefined if it did not apply. */
class StepBuilder {
  entities: Declaration[];

  constructor(
    readonly random: Random,
    readonly names: NameSource,
    readonly previous: AppDeclaration,
    /** The organization as the model expects it before the step (for adoption and name collisions). */
    readonly org: OrgState,
  ) {
    this.entities = [...previous.entities];
  }

  of<K extends Declaration['kind']>(kind: K): Extract<Declaration, { kind: K }>[] {
    return this.entities.filter((e) => e.kind === kind) as Extract<Declaration, { kind: K }>[];
  }

  replace(decl: Declaration, next: Declaration): void {
    this.entities = this.entities.map((e) => (e.key === decl.key ? next : e));
  }

  add(decl: Declaration): void {
    // Construct order: users, then groups (each may contain earlier groups), then resources.
    const order = { user: 0, group: 1, resource: 2 };
    const at = this.entities.findIndex((e) => order[e.kind] > order[decl.kind]);
    if (at < 0) this.entities.push(decl);
    else this.entities.splice(at, 0, decl);
  }

  /** Entities of the organization no declaration manages (hand-made, or retained after leaving the stack). */
  unmanaged(bound: ReadonlySet<string>): string[] {
    const declared = new Set(this.entities.map((e) => nameKey(e.name)));
    return [...this.org.values()].filter((e) => !bound.has(nameKey(e.name)) && !declared.has(nameKey(e.name))).map((e) => e.name);
  }

  app(): AppDeclaration {
    return { entities: this.entities.map(fixReferences(this.entities)) };
  }
}

/** Drops references to keys that are gone, and keeps a resource that does not auto-accept with a delegate. */
function fixReferences(all: readonly Declaration[]): (decl: Declaration) => Declaration {
  const index = new Map(all.map((e, i) => [e.key, i]));
  const memberOk = (owner: Declaration) => (key: string) => {
    const at = index.get(key);
    if (at === undefined) return false;
    const member = all[at];
    return member.kind === 'user' || (member.kind === 'group' && at < index.get(owner.key)!);
  };
  return (decl) => {
    let next: Declaration = decl;
    if (next.kind === 'group') next = { ...next, members: next.members.filter(memberOk(next)) };
    if (next.kind === 'resource') {
      const delegates = next.delegates.filter((key) => {
        const at = index.get(key);
        return at !== undefined && all[at].kind !== 'resource';
      });
      // Without a delegate a resource must auto-accept (an adopted room may not yet): the declaration says so.
      const booking = next.booking?.autoAcceptRequests !== true && delegates.length === 0
        ? { ...next.booking, autoAcceptRequests: true } : next.booking;
      next = { ...next, delegates, booking };
    }
    if (!registers(next) && next.aliases.length > 0) next = { ...next, aliases: [] };
    return next;
  };
}

/** Fresh names and addresses: never reused within a scenario, so no step collides by accident. */
export class NameSource {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}${this.n}`;
  }
  address(prefix: string): string {
    return `${this.next(prefix)}@${DOMAIN}`;
  }
}

const WORDS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel'];
const word = (r: Random) => r.pick(WORDS);
const removal = (r: Random): Removal => (r.chance(0.5) ? 'RETAIN' : 'DESTROY');

function randomBooking(r: Random): Booking | undefined {
  if (r.chance(0.3)) return undefined;
  const booking: Booking = {};
  for (const flag of BOOKING_FLAGS) if (r.chance(0.6)) booking[flag] = r.chance(0.5);
  return booking;
}

function newUser(g: StepBuilder): UserDeclaration {
  const r = g.random;
  const name = g.names.next('user');
  const registered = r.chance(0.75);
  const attributes: UserDeclaration['attributes'] = {};
  for (const attr of r.some(USER_ATTRIBUTES, 3)) attributes[attr] = `${word(r)} ${attr}`;
  return {
    kind: 'user',
    key: g.names.next('U'),
    name,
    displayName: r.chance(0.7) ? `${word(r)} ${name}` : undefined,
    email: registered || r.chance(0.3) ? `${name}@${DOMAIN}` : undefined,
    enabled: registered ? (r.chance(0.3) ? true : undefined) : undefined,
    hidden: r.chance(0.3) ? r.chance(0.5) : undefined,
    attributes,
    aliases: registered && r.chance(0.4) ? [g.names.address('alias')] : [],
    removal: removal(r),
    adopt: false,
  };
}

function newGroup(g: StepBuilder): GroupDeclaration {
  const r = g.random;
  const name = g.names.next('group');
  const registered = r.chance(0.7);
  return {
    kind: 'group',
    key: g.names.next('G'),
    name,
    email: registered ? `${name}@${DOMAIN}` : undefined,
    hidden: r.chance(0.3) ? r.chance(0.5) : undefined,
    members: r.some([...g.of('user'), ...g.of('group')].map((e) => e.key), 3),
    exclusive: r.chance(0.3),
    aliases: registered && r.chance(0.3) ? [g.names.address('alias')] : [],
    removal: removal(r),
    adopt: false,
  };
}

function newResource(g: StepBuilder): ResourceDeclaration {
  const r = g.random;
  const name = g.names.next('res');
  const registered = r.chance(0.7);
  const delegates = r.some([...g.of('user'), ...g.of('group')].map((e) => e.key), 2);
  return {
    kind: 'resource',
    key: g.names.next('R'),
    name,
    type: r.chance(0.6) ? 'ROOM' : 'EQUIPMENT',
    description: r.chance(0.6) ? `${word(r)} floor` : undefined,
    email: registered ? `${name}@${DOMAIN}` : undefined,
    hidden: r.chance(0.3) ? r.chance(0.5) : undefined,
    booking: randomBooking(r),
    delegates,
    exclusive: r.chance(0.3),
    aliases: registered && r.chance(0.3) ? [g.names.address('alias')] : [],
    removal: removal(r),
    adopt: false,
  };
}

/** Applies `change` to a random declaration of `kinds` that `when` accepts. */
function onSome<D extends Declaration = Declaration>(
  g: StepBuilder, kinds: Declaration['kind'][], when: (d: D) => boolean, change: (d: D) => [Declaration, string] | undefined,
): string | undefined {
  const candidates = g.entities.filter((e) => kinds.includes(e.kind) && when(e as D));
  if (candidates.length === 0) return undefined;
  const decl = g.random.pick(candidates);
  const result = change(decl as D);
  if (!result) return undefined;
  g.replace(decl, result[0]);
  return `${decl.key}(${decl.name}): ${result[1]}`;
}

const ALL: Declaration['kind'][] = ['user', 'group', 'resource'];
const anything = () => true;

const MUTATIONS: Record<string, Mutation> = {
  'create user': (g) => { const d = newUser(g); g.add(d); return `${d.key}: create user ${d.name}`; },
  'create group': (g) => { const d = newGroup(g); g.add(d); return `${d.key}: create group ${d.name}`; },
  'create resource': (g) => { const d = newResource(g); g.add(d); return `${d.key}: create ${d.type.toLowerCase()} ${d.name}`; },
  'display name': (g) => onSome<UserDeclaration>(g, ['user'], anything, (d) => {
    const displayName = g.random.chance(0.2) ? undefined : `${word(g.random)} ${g.names.next('Person')}`;
    return [{ ...d, displayName }, `displayName ${JSON.stringify(displayName ?? '(default)')}`];
  }),
  'attribute': (g) => onSome<UserDeclaration>(g, ['user'], anything, (d) => {
    const attr = g.random.pick(USER_ATTRIBUTES);
    const value = g.random.chance(0.35) ? undefined : `${word(g.random)} ${g.names.next('v')}`;
    const attributes = { ...d.attributes };
    if (value === undefined) delete attributes[attr]; else attributes[attr] = value;
    return [{ ...d, attributes }, `${attr} ${value === undefined ? 'no longer declared' : JSON.stringify(value)}`];
  }),
  'hidden': (g) => onSome(g, ALL, anything, (d) => {
    const hidden = g.random.chance(0.25) ? undefined : g.random.chance(0.5);
    return [{ ...d, hidden }, `hidden ${hidden ?? 'not declared'}`];
  }),
  'email': (g) => onSome(g, ALL, (d) => d.email !== undefined, (d) => {
    const email = g.names.address(`${d.name}.`);
    return [{ ...d, email }, `email ${email}`];
  }),
  'deregister': (g) => onSome(g, ALL, registers, (d) => [{ ...d, enabled: false, aliases: [] }, 'enabled false']),
  'register': (g) => onSome(g, ALL, (d) => !registers(d), (d) => {
    const email = d.email ?? g.names.address(`${d.name}.`);
    return [{ ...d, email, enabled: g.random.chance(0.5) ? true : undefined }, `registered as ${email}`];
  }),
  'add alias': (g) => onSome(g, ALL, (d) => registers(d) && d.aliases.length < 3, (d) => {
    const alias = g.names.address('alias');
    return [{ ...d, aliases: [...d.aliases, alias] }, `add alias ${alias}`];
  }),
  'remove alias': (g) => onSome(g, ALL, (d) => d.aliases.length > 0, (d) => {
    const alias = g.random.pick(d.aliases);
    return [{ ...d, aliases: d.aliases.filter((a) => a !== alias) }, `remove alias ${alias}`];
  }),
  'description': (g) => onSome<ResourceDeclaration>(g, ['resource'], anything, (d) => {
    const description = g.random.chance(0.3) ? undefined : `${word(g.random)} ${g.names.next('seats ')}`;
    return [{ ...d, description }, `description ${JSON.stringify(description ?? '(not declared)')}`];
  }),
  'booking options': (g) => onSome<ResourceDeclaration>(g, ['resource'], anything, (d) => {
    const booking = randomBooking(g.random);
    return [{ ...d, booking }, `booking ${JSON.stringify(booking ?? '(not declared)')}`];
  }),
  'rename resource': (g) => onSome<ResourceDeclaration>(g, ['resource'], (d) => !d.adopt, (d) => {
    const name = g.names.next('res');
    return [{ ...d, name }, `rename to ${name} (in place)`];
  }),
  'resource type': (g) => onSome<ResourceDeclaration>(g, ['resource'], (d) => !d.adopt, (d) => {
    // A type change replaces the resource: it needs a new name, and new addresses while the old one keeps its own.
    const name = g.names.next('res');
    const type = d.type === 'ROOM' ? 'EQUIPMENT' : 'ROOM';
    const email = d.email && `${name}@${DOMAIN}`;
    return [{ ...d, name, type, email, aliases: d.aliases.map(() => g.names.address('alias')) }, `type ${type}, name ${name} (replacement)`];
  }),
  'rename': (g) => onSome(g, ['user', 'group'], (d) => !d.adopt, (d) => {
    const name = g.names.next(d.kind);
    const email = d.email && `${name}@${DOMAIN}`;
    return [{ ...d, name, email, aliases: d.aliases.map(() => g.names.address('alias')) } as Declaration, `rename to ${name} (replacement)`];
  }),
  'add member': (g) => onSome<GroupDeclaration>(g, ['group'], anything, (d) => {
    const options = [...g.of('user'), ...g.of('group')].map((e) => e.key).filter((k) => k !== d.key && !d.members.includes(k));
    if (options.length === 0) return undefined;
    const key = g.random.pick(options);
    return [{ ...d, members: [...d.members, key] }, `add member ${key}`];
  }),
  'remove member': (g) => onSome<GroupDeclaration>(g, ['group'], (d) => d.members.length > 0, (d) => {
    const key = g.random.pick(d.members);
    return [{ ...d, members: d.members.filter((k) => k !== key) }, `remove member ${key}`];
  }),
  'move user': (g) => {
    const groups = g.of('group');
    const from = groups.filter((x) => x.members.some((k) => g.of('user').some((u) => u.key === k)));
    if (from.length === 0 || groups.length < 2) return undefined;
    const source = g.random.pick(from);
    const target = g.random.pick(groups.filter((x) => x.key !== source.key));
    const user = g.random.pick(source.members.filter((k) => g.of('user').some((u) => u.key === k)));
    g.replace(source, { ...source, members: source.members.filter((k) => k !== user) });
    g.replace(target, { ...target, members: [...target.members.filter((k) => k !== user), user] });
    return `move ${user} from ${source.key} to ${target.key}`;
  },
  'exclusive': (g) => onSome(g, ['group', 'resource'], anything, (d) => {
    const exclusive = !(d as GroupDeclaration).exclusive;
    return [{ ...d, exclusive } as Declaration, `exclusive ${exclusive}`];
  }),
  'add delegate': (g) => onSome<ResourceDeclaration>(g, ['resource'], anything, (d) => {
    const options = [...g.of('user'), ...g.of('group')].map((e) => e.key).filter((k) => !d.delegates.includes(k));
    if (options.length === 0) return undefined;
    const key = g.random.pick(options);
    return [{ ...d, delegates: [...d.delegates, key] }, `add delegate ${key}`];
  }),
  'remove delegate': (g) => onSome<ResourceDeclaration>(g, ['resource'], (d) => d.delegates.length > 0, (d) => {
    const key = g.random.pick(d.delegates);
    return [{ ...d, delegates: d.delegates.filter((k) => k !== key) }, `remove delegate ${key}`];
  }),
  'removal policy': (g) => onSome(g, ALL, anything, (d) => {
    const next = d.removal === 'RETAIN' ? 'DESTROY' : 'RETAIN';
    return [{ ...d, removal: next }, `removalPolicy ${next}`];
  }),
  'remove from stack': (g) => {
    if (g.entities.length === 0) return undefined;
    const decl = g.random.pick(g.entities);
    g.entities = g.entities.filter((e) => e.key !== decl.key);
    return `${decl.key}(${decl.name}): removed from the stack (${decl.adopt ? 'adopted' : decl.removal})`;
  },
};

/** Adoption needs what the organization holds: a separate mutation with the names no declaration manages. */
function adoptExisting(g: StepBuilder, bound: ReadonlySet<string>): string | undefined {
  const candidates = g.unmanaged(bound).map((name) => g.org.get(nameKey(name))!);
  if (candidates.length === 0) return undefined;
  const existing = g.random.pick(candidates);
  const r = g.random;
  const base = {
    key: g.names.next(existing.kind === 'user' ? 'U' : existing.kind === 'group' ? 'G' : 'R'),
    name: existing.name,
    // Keep its address most of the time; sometimes move it to a new one (the old stays as an alias).
    email: existing.email === undefined ? undefined : r.chance(0.8) ? existing.email : g.names.address(`${existing.name}.`),
    hidden: r.chance(0.5) ? undefined : r.chance(0.5),
    aliases: existing.email !== undefined && r.chance(0.3) ? [g.names.address('alias')] : [],
    removal: removal(r),
    adopt: true,
  };
  const users = [...g.of('user'), ...g.of('group')].map((e) => e.key);
  let decl: Declaration;
  if (existing.kind === 'user') {
    decl = { ...base, kind: 'user', displayName: r.chance(0.5) ? existing.displayName : `${word(r)} ${existing.name}`, attributes: {} };
  } else if (existing.kind === 'group') {
    decl = { ...base, kind: 'group', members: r.some(g.of('user').map((e) => e.key), 2), exclusive: r.chance(0.3) };
  } else {
    const delegates = r.some(users, 2);
    decl = {
      ...base,
      kind: 'resource',
      type: existing.type!,
      description: r.chance(0.5) ? undefined : 'Adopted',
      booking: delegates.length > 0 ? randomBooking(r) : { autoAcceptRequests: true },
      delegates,
      exclusive: r.chance(0.3),
    };
  }
  g.add(decl);
  return `${decl.key}: adopt ${existing.kind} ${existing.name}`;
}

/** Makes the step fail at deploy time, after its other changes, in one of the ways a real deployment can. */
function injectFailure(g: StepBuilder, bound: ReadonlySet<string>): FailureKind | undefined {
  const kinds: FailureKind[] = ['alias-foreign-domain', 'weak-password', 'email-foreign-domain', 'email-dropped'];
  if (g.unmanaged(bound).length > 0) kinds.push('name-taken');
  const kind = g.random.pick(kinds);
  switch (kind) {
    case 'alias-foreign-domain': {
      const registered = g.entities.filter(registers);
      if (registered.length === 0) return undefined;
      const d = g.random.pick(registered);
      g.replace(d, { ...d, aliases: [...d.aliases, `${g.names.next('stray')}@${FOREIGN_DOMAIN}`] });
      return kind;
    }
    case 'weak-password':
      g.add({ ...newUser(g), passwordSecretName: WEAK_SECRET_NAME });
      return kind;
    case 'email-foreign-domain': {
      const d = newGroup(g);
      g.add({ ...d, email: `${d.name}@${FOREIGN_DOMAIN}`, aliases: [] });
      return kind;
    }
    case 'email-dropped': {
      // An entity registered by the last deploy, still registered under its address in this step's declaration.
      const deployed = new Map(g.previous.entities.filter(registers).map((d) => [d.key, d.email]));
      const registered = g.entities.filter((d) => registers(d) && !d.adopt && deployed.get(d.key) === d.email);
      if (registered.length === 0) return undefined;
      const d = g.random.pick(registered);
      g.replace(d, { ...d, email: undefined, enabled: undefined, aliases: [] });
      return kind;
    }
    case 'name-taken': {
      const taken = g.random.pick(g.unmanaged(bound));
      g.add({ ...newUser(g), name: taken, email: undefined, enabled: undefined, aliases: [] });
      return kind;
    }
  }
}

export interface StepContext {
  readonly random: Random;
  readonly names: NameSource;
  readonly previous: AppDeclaration;
  readonly org: OrgState;
  /** Names the stack manages now. */
  readonly bound: ReadonlySet<string>;
  readonly failureRate: number;
}

export function nextStep(ctx: StepContext): Step {
  const g = new StepBuilder(ctx.random, ctx.names, ctx.previous, ctx.org);
  const changes: string[] = [];
  const kinds = Object.keys(MUTATIONS);
  // An adoption converges the existing entity at once, and its rollback does not undo that (the handler
  // keeps no copy of the entity as it was): a step made to fail adopts nothing. See the README's reliability section.
  const failing = ctx.random.chance(ctx.failureRate);
  const count = 1 + ctx.random.int(3);
  for (let attempt = 0; changes.length < count && attempt < 20; attempt++) {
    // Creation weighs more while the app is small.
    const small = g.entities.length < 4;
    const what = small && ctx.random.chance(0.5)
      ? ctx.random.pick(['create user', 'create group', 'create resource'])
      : !failing && ctx.random.chance(0.08) ? 'adopt' : ctx.random.pick(kinds);
    const done = what === 'adopt' ? adoptExisting(g, ctx.bound) : MUTATIONS[what](g);
    if (done) changes.push(done);
  }
  const failure = failing ? injectFailure(g, ctx.bound) : undefined;
  return { app: g.app(), changes, failure };
}
