/**
 * A set of entity ids held by one entity: a group's members, a resource's
 * delegates (and, through the same settling, an entity's aliases), or ids
 * with a value each: a mailbox's grantees with their permissions, where
 * adding an id already held with another value replaces its value. The stack
 * adds the ids it declares and removes those it declared before and no longer
 * does (or, when exclusive, every id it does not declare). The service's calls
 * are idempotent (adding a present id, removing an absent one), and an id that
 * no longer exists is no longer held.
 *
 * The first writes come from the declarations alone (declared - previous,
 * previous - declared), with no read before them. On the service a set is
 * read-modify-write: two changes of one set at once (CloudFormation runs
 * independent resources in parallel) can lose one. So the set is read back
 * once after the writes, and that one read both verifies and finishes the
 * job: it redoes what a concurrent change lost, adds declared ids that are
 * missing (removed by hand) and removes what must go (a previously declared
 * id still held; when exclusive, anything undeclared), a few rounds at most.
 * A concurrent change that began before ours ended can still land after ours,
 * so the read back waits about three of our writes' durations first: time,
 * not calls.
 */
import { logDecision } from './decisions';
import { LiveEntityRef } from './entity-lifecycle';
import { HandlerDeps } from './reconciler';
import { EntityStateError, describeEntity, isWorkMailError } from '../errors';
import { sleep } from '../wait';

/** One relation: an id, or an id with its value (in a canonical form, compared as text). */
export type Relation = string | { readonly id: string; readonly value: string };

/** What the declaration says about the set. */
export interface DeclaredSet {
  /** Undefined: none declared. */
  readonly declared?: readonly Relation[];
  /** What the previous declaration declared ([] when it declared none); undefined when unknown (a new resource, adopted, taken back). */
  readonly previous?: readonly Relation[];
  /** Also remove what nobody declared. */
  readonly exclusive: boolean;
}

export interface SetChanges {
  /** Ids to add, or to give their (new) value. */
  readonly add: readonly Relation[];
  readonly remove: readonly Relation[];
}

/** The calls of one kind of set; `R` is what `list` answers: ids, or ids with values. */
export interface RelationCalls<R extends Relation = Relation> {
  /** 'member', 'delegate', 'alias', 'grant': for log lines and messages. */
  readonly relation: string;
  /** Every id the entity holds now (with its value, for a set with values), all pages. */
  list(deps: HandlerDeps, ref: LiveEntityRef): Promise<R[]>;
  /** Adds `id` (with `value`, replacing any value it has). */
  add(deps: HandlerDeps, ref: LiveEntityRef, id: string, value?: string): Promise<void>;
  remove(deps: HandlerDeps, ref: LiveEntityRef, id: string): Promise<void>;
}

export const idOf = (relation: Relation): string => (typeof relation === 'string' ? relation : relation.id);
const valueOf = (relation: Relation): string | undefined => (typeof relation === 'string' ? undefined : relation.value);
/** How a relation reads in log lines and messages. */
const shown = (relation: Relation): string => (typeof relation === 'string' ? relation : `${relation.id} (${relation.value})`);

/** WorkMail ids (and addresses) are compared without case. */
const sameId = (a: Relation, b: Relation) => idOf(a).toLowerCase() === idOf(b).toLowerCase();
/** The same id with the same value (ids without values: the same id). */
const sameRelation = (a: Relation, b: Relation) => sameId(a, b) && valueOf(a) === valueOf(b);
const includes = (relations: readonly Relation[], relation: Relation) => relations.some((other) => sameId(other, relation));
const includesExactly = (relations: readonly Relation[], relation: Relation) => relations.some((other) => sameRelation(other, relation));
const unique = <R extends Relation>(relations: readonly R[]) =>
  relations.filter((relation, index, all) => all.findIndex((other) => sameId(other, relation)) === index);

/** What to add (or give another value) and remove so that `current` matches the declaration. */
export function setChanges(current: readonly Relation[], set: DeclaredSet): SetChanges {
  const declared = unique(set.declared ?? []);
  return {
    add: declared.filter((relation) => !includesExactly(current, relation)),
    remove: current.filter((relation) => !includes(declared, relation) && (set.exclusive || includes(set.previous ?? [], relation))),
  };
}

/**
 * The writes the declarations alone call for, before any read: add what is declared now and was not
 * before (everything declared when the previous declaration is unknown: adding a held id changes
 * nothing), remove what was declared before and no longer is. What only a read can show (ids
 * removed or added by hand) is left to the read back.
 */
export function plannedChanges(set: DeclaredSet): SetChanges {
  const declared = unique(set.declared ?? []);
  const previous = unique(set.previous ?? []);
  return {
    add: declared.filter((relation) => !includesExactly(previous, relation)),
    remove: previous.filter((relation) => !includes(declared, relation)),
  };
}

/** Whether the declaration manages any id at all (else the set is never read nor written). */
export function managesAny(set: DeclaredSet): boolean {
  return set.exclusive || (set.declared ?? []).length > 0 || (set.previous ?? []).length > 0;
}

/** Whether two declarations of a set differ (then the set is read back even if nothing was written). */
export function sameDeclaredSet(a: DeclaredSet, b: DeclaredSet): boolean {
  const same = (x: readonly Relation[] = [], y: readonly Relation[] = []) => x.length === y.length
    && x.every((relation) => includesExactly(y, relation)) && y.every((relation) => includesExactly(x, relation));
  return a.exclusive === b.exclusive && same(a.declared, b.declared);
}

/** Rounds of redoing writes that a concurrent change of the same set undid, after the first read-back. */
export const REDO_ROUNDS = 5;
/** The longest pause before a redo round (a random share of it, growing with the round), to step out of a concurrent writer's way. */
const REDO_PAUSE_MS = 200;
/** The longest wait before a read back, however slow the writes were. */
const SETTLE_PAUSE_MAX_MS = 1000;

/**
 * How long to wait before reading back writes that began at `writesStartedAt`: a concurrent write
 * sent before ours landed lands within about one write's duration after it, if not as slow as
 * another's can be: three times that, as latencies vary.
 */
export function settlePause(writesStartedAt: number, writes: number, now = Date.now()): number {
  const perWrite = Math.max(0, now - writesStartedAt) / Math.max(1, writes);
  return Math.min(SETTLE_PAUSE_MAX_MS, Math.round(3 * perWrite));
}

/**
 * Reads the set back once after `written` (begun at `writesStartedAt`) and brings it to the
 * declaration: redoes what a concurrent change lost, adds the declared ids it lacks and removes
 * those that must go, reading again after each round of writes, until the set matches; fails
 * naming what never stuck.
 */
export async function settleChanges(
  deps: HandlerDeps, ref: LiveEntityRef, calls: RelationCalls, set: DeclaredSet, written: SetChanges, writesStartedAt: number,
): Promise<void> {
  let since = { at: writesStartedAt, count: written.add.length + written.remove.length };
  const ours = { add: [...written.add], remove: [...written.remove] };
  for (let round = 1; ; round++) {
    await waitForConcurrentWrites(deps, settlePause(since.at, since.count));
    const todo = setChanges(await calls.list(deps, ref), set);
    if (todo.add.length === 0 && todo.remove.length === 0) return;
    const what = [...todo.add.map((r) => `add ${shown(r)}`), ...todo.remove.map((r) => `remove ${shown(r)}`)].join(', ');
    const lost = [...todo.add.filter((r) => includesExactly(ours.add, r)), ...todo.remove.filter((r) => includes(ours.remove, r))];
    if (round > REDO_ROUNDS) {
      throw new EntityStateError(
        `The ${calls.relation}s of ${describeEntity(ref)} in organization ${ref.organizationId} did not keep this change after ${REDO_ROUNDS} redos ` +
        `(${what}): something else changes them at the same time. Retry the deployment; if it fails again, look for another stack or tool managing them`,
      );
    }
    if (lost.length > 0) {
      logDecision(deps, `redo-lost-${calls.relation}-changes`, ref, { round, lost: what });
      // Step out of the concurrent writer's way before writing again.
      const pause = Math.round(Math.random() * REDO_PAUSE_MS * round);
      if (deps.deadline !== undefined && !deps.deadline.allows(pause)) {
        throw deps.deadline.stop(`redo the lost ${calls.relation} changes of ${describeEntity(ref)} in organization ${ref.organizationId} (${what})`);
      }
      await sleep(pause);
    } else {
      // Not ours: changed by hand (or never written, as an exclusive set's undeclared ids).
      logDecision(deps, `converge-${calls.relation}s`, ref, { round, changes: what });
    }
    since = { at: Date.now(), count: todo.add.length + todo.remove.length };
    ours.add.push(...todo.add);
    ours.remove.push(...todo.remove);
    await writeAdds(deps, ref, calls, todo.add);
    await writeRemoves(deps, ref, calls, todo.remove);
  }
}

/** Waits when the time limit allows; a read back without the wait is still better than none. */
async function waitForConcurrentWrites(deps: HandlerDeps, pause: number): Promise<void> {
  if (pause === 0 || (deps.deadline !== undefined && !deps.deadline.allows(pause))) return;
  await sleep(pause);
}

export async function writeAdds(deps: HandlerDeps, ref: LiveEntityRef, calls: RelationCalls, relations: readonly Relation[]): Promise<void> {
  for (const relation of relations) {
    const id = idOf(relation);
    const value = valueOf(relation);
    logDecision(deps, `add-${calls.relation}`, ref, { [`${calls.relation}Id`]: id, ...(value === undefined ? {} : { value }) });
    try {
      await calls.add(deps, ref, id, value);
    } catch (err) {
      if (isWorkMailError(err)) throw err.withHint(`The ${calls.relation} to add was ${shown(relation)}`);
      throw err;
    }
  }
}

export async function writeRemoves(deps: HandlerDeps, ref: LiveEntityRef, calls: RelationCalls, relations: readonly Relation[]): Promise<void> {
  for (const id of relations.map(idOf)) {
    logDecision(deps, `remove-${calls.relation}`, ref, { [`${calls.relation}Id`]: id });
    try {
      await calls.remove(deps, ref, id);
    } catch (err) {
      if (isWorkMailError(err, 'EntityNotFoundException')) {
        logDecision(deps, `${calls.relation}-already-gone`, ref, { [`${calls.relation}Id`]: id, errorName: err.errorName });
        continue;
      }
      if (isWorkMailError(err)) throw err.withHint(`The ${calls.relation} to remove was ${id}`);
      throw err;
    }
  }
}

export interface RelationSet {
  /**
   * A new entity's set (nobody else knows its id yet, so nothing can be lost and nothing is there
   * to read): adds every declared id, reads nothing.
   */
  initialize(deps: HandlerDeps, ref: LiveEntityRef, declared: readonly Relation[] | undefined): Promise<void>;
  /**
   * Brings the set of an existing entity to the declaration: the planned adds, `between` (what must
   * come after the adds and before the removals), the planned removals, then the one read back that
   * verifies and finishes. With no previous declaration known, the set is read first instead and only
   * what it lacks is written (then read back). A set the declaration does not manage is neither read nor written.
   */
  converge(deps: HandlerDeps, ref: LiveEntityRef, set: DeclaredSet, between?: () => Promise<void>): Promise<void>;
  /** Reads the set and adds the declared ids it lacks (a call that needs them held failed); returns how many. */
  restoreDeclared(deps: HandlerDeps, ref: LiveEntityRef, set: DeclaredSet): Promise<number>;
}

export function relationSet(calls: RelationCalls): RelationSet {
  return {
    initialize: (deps, ref, declared) => writeAdds(deps, ref, calls, unique(declared ?? [])),
    converge: async (deps, ref, set, between) => {
      if (!managesAny(set)) {
        await between?.();
        return;
      }
      // Nothing known of the previous declaration (adopted, taken back): read first, so that taking over
      // an entity writes only what it lacks, and nothing when it holds what is declared.
      const current = set.previous === undefined ? await calls.list(deps, ref) : undefined;
      const planned = current === undefined ? plannedChanges(set) : setChanges(current, set);
      const writesStartedAt = Date.now();
      await writeAdds(deps, ref, calls, planned.add);
      await between?.();
      await writeRemoves(deps, ref, calls, planned.remove);
      if (current !== undefined && planned.add.length === 0 && planned.remove.length === 0) return;
      await settleChanges(deps, ref, calls, set, planned, writesStartedAt);
    },
    restoreDeclared: async (deps, ref, set) => {
      const missing = setChanges(await calls.list(deps, ref), { declared: set.declared, exclusive: false }).add;
      if (missing.length > 0) logDecision(deps, `restore-declared-${calls.relation}s`, ref, { ids: missing.map(idOf).join(',') });
      await writeAdds(deps, ref, calls, missing);
      return missing.length;
    },
  };
}
