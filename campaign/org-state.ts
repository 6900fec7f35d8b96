/**
 * An organization's entities as the campaign compares them: by name, every field the library manages,
 * in one normalized shape for the expected state (the model's) and the actual one (the emulator's
 * `GET /_emulator/state`, seed shape).
 */
import { Booking, BOOKING_FLAGS, USER_ATTRIBUTES, UserAttribute } from './declaration';
import type { SeedOrganization } from '../local/emulator';

export type EntityKind = 'user' | 'group' | 'resource';

export interface OrgEntity {
  readonly kind: EntityKind;
  readonly name: string;
  email?: string;
  /** Addresses besides the primary one. */
  aliases: string[];
  hidden: boolean;
  /** Users. */
  displayName?: string;
  attributes?: Partial<Record<UserAttribute, string>>;
  /** Resources. */
  type?: 'ROOM' | 'EQUIPMENT';
  description?: string;
  booking?: Required<Booking>;
  /** Names of the members (groups) or delegates (resources). */
  related?: string[];
}

/** Entities by lower-cased name (WorkMail names are unique across kinds, ignoring case). */
export type OrgState = Map<string, OrgEntity>;

export const nameKey = (name: string) => name.toLowerCase();

export function cloneState(state: OrgState): OrgState {
  return new Map([...state].map(([key, e]) => [key, cloneEntity(e)]));
}

export function cloneEntity(e: OrgEntity): OrgEntity {
  return {
    ...e,
    aliases: [...e.aliases],
    attributes: e.attributes && { ...e.attributes },
    booking: e.booking && { ...e.booking },
    related: e.related && [...e.related],
  };
}

/** The emulator's state of one organization (seed shape) in the campaign's shape. */
export function stateOfSeed(org: SeedOrganization): OrgState {
  const state: OrgState = new Map();
  for (const u of org.users ?? []) {
    const attributes: Partial<Record<UserAttribute, string>> = {};
    for (const attr of USER_ATTRIBUTES) if (u[attr]) attributes[attr] = u[attr];
    state.set(nameKey(u.name), {
      kind: 'user',
      name: u.name,
      email: u.email,
      aliases: [...(u.aliases ?? [])],
      hidden: u.hiddenFromAddressList ?? false,
      displayName: u.displayName ?? u.name,
      attributes,
    });
  }
  for (const g of org.groups ?? []) {
    state.set(nameKey(g.name), {
      kind: 'group',
      name: g.name,
      email: g.email,
      aliases: [...(g.aliases ?? [])],
      hidden: g.hiddenFromAddressList ?? false,
      related: [...(g.members ?? [])],
    });
  }
  for (const r of org.resources ?? []) {
    const b = r.bookingOptions ?? {};
    state.set(nameKey(r.name), {
      kind: 'resource',
      name: r.name,
      type: r.type,
      description: r.description,
      email: r.email,
      aliases: [...(r.aliases ?? [])],
      hidden: r.hiddenFromAddressList ?? false,
      booking: {
        autoAcceptRequests: b.autoAcceptRequests ?? true,
        autoDeclineRecurringRequests: b.autoDeclineRecurringRequests ?? false,
        autoDeclineConflictingRequests: b.autoDeclineConflictingRequests ?? false,
      },
      related: [...(r.delegates ?? [])],
    });
  }
  return state;
}

const lowerSorted = (list: readonly string[] | undefined) => [...(list ?? [])].map((s) => s.toLowerCase()).sort();

/** The fields compared, as display strings; addresses and names compared ignoring case, lists as sets. */
function fieldsOf(e: OrgEntity): Record<string, string> {
  const fields: Record<string, string> = {
    kind: e.kind,
    email: e.email?.toLowerCase() ?? '(none)',
    aliases: JSON.stringify(lowerSorted(e.aliases)),
    hidden: String(e.hidden),
  };
  if (e.kind === 'user') {
    fields.displayName = JSON.stringify(e.displayName ?? '');
    for (const attr of USER_ATTRIBUTES) fields[attr] = JSON.stringify(e.attributes?.[attr] ?? '');
  }
  if (e.kind === 'group') fields.members = JSON.stringify(lowerSorted(e.related));
  if (e.kind === 'resource') {
    fields.type = e.type ?? '';
    fields.description = JSON.stringify(e.description ?? '');
    for (const flag of BOOKING_FLAGS) fields[flag] = String(e.booking?.[flag]);
    fields.delegates = JSON.stringify(lowerSorted(e.related));
  }
  return fields;
}

export interface StateDiff {
  /** Entities the organization holds that should not be there (leaks). */
  readonly extra: string[];
  /** Entities that should be there and are not. */
  readonly missing: string[];
  /** `<kind> <name>: <field> expected <x>, actual <y>`. */
  readonly fields: string[];
}

export function diffStates(expected: OrgState, actual: OrgState): StateDiff {
  const extra: string[] = [];
  const missing: string[] = [];
  const fields: string[] = [];
  for (const [key, e] of expected) {
    const a = actual.get(key);
    if (!a) {
      missing.push(`${e.kind} ${e.name}`);
      continue;
    }
    const want = fieldsOf(e);
    const got = fieldsOf(a);
    for (const field of Object.keys(want)) {
      if (want[field] !== got[field]) fields.push(`${e.kind} ${e.name}: ${field} expected ${want[field]}, actual ${got[field]}`);
    }
  }
  for (const [key, a] of actual) if (!expected.has(key)) extra.push(`${a.kind} ${a.name}`);
  return { extra, missing, fields };
}

export const isClean = (diff: StateDiff) => diff.extra.length + diff.missing.length + diff.fields.length === 0;

export function formatDiff(diff: StateDiff): string[] {
  return [
    ...diff.missing.map((m) => `  missing: ${m}`),
    ...diff.extra.map((x) => `  unexpected (leaked): ${x}`),
    ...diff.fields.map((f) => `  ${f}`),
  ];
}
