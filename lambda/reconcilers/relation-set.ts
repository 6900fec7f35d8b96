/**
 * A set of entity ids held by one entity: a group's members, a resource's
 * delegates. The stack adds the ids it declares and removes those it declared
 * before and no longer does (or, when exclusive, every id it does not declare),
 * from one list read per event. The service's calls are idempotent (adding a
 * present id, removing an absent one), and an id that no longer exists is no
 * longer held.
 *
 * On the service a set is read-modify-write: two changes of one set at once
 * (CloudFormation runs independent resources in parallel) can lose one. So
 * whatever was written is read back once and what was lost is redone, a few
 * rounds at most. A concurrent change that began before ours ended can still
 * land after ours, so the read back waits about three of our writes' durations
 * first: time, not calls.
 */
import { logDecision } from './decisions';
import { LiveEntityRef } from './entity-lifecycle';
import { HandlerDeps } from './reconciler';
import { EntityStateError, describeEntity, isWorkMailError } from '../errors';
import { sleep } from '../wait';

/** What the declaration says about the set. */
export interface DeclaredSet {
  /** Undefined: none declared. */
  readonly declared?: readonly string[];
  /** What the previous declaration declared; undefined when unknown (adopted, taken back). */
  readonly previous?: readonly string[];
  /** Also remove what nobody declared. */
  readonly exclusive: boolean;
}

export interface SetChanges {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** The calls of one kind of set. */
export interface RelationCalls {
  /** 'member', 'delegate': for log lines and messages. */
  readonly relation: string;
  /** Every id the entity holds now, all pages. */
  list(deps: HandlerDeps, ref: LiveEntityRef): Promise<string[]>;
  add(deps: HandlerDeps, ref: LiveEntityRef, id: string): Promise<void>;
  remove(deps: HandlerDeps, ref: LiveEntityRef, id: string): Promise<void>;
}

/** WorkMail ids are compared without case. */
const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const includes = (ids: readonly string[], id: string) => ids.some((other) => sameId(other, id));

/** What to add and remove so that `current` matches the declaration. */
export function setChanges(current: readonly string[], set: DeclaredSet): SetChanges {
  const declared = (set.declared ?? []).filter((id, index, all) => all.findIndex((other) => sameId(other, id)) === index);
  return {
    add: declared.filter((id) => !includes(current, id)),
    remove: current.filter((id) => !includes(declared, id) && (set.exclusive || includes(set.previous ?? [], id))),
  };
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
 * Reads the set back once after `changes` were written (the writes began at `writesStartedAt`) and
 * redoes what a concurrent change lost, until the set holds every added id and none of the removed
 * ones; fails naming what never stuck.
 */
export async function settleChanges(
  deps: HandlerDeps, ref: LiveEntityRef, calls: RelationCalls, changes: SetChanges, writesStartedAt: number,
): Promise<void> {
  if (changes.add.length === 0 && changes.remove.length === 0) return;
  let written = { since: writesStartedAt, count: changes.add.length + changes.remove.length };
  for (let round = 1; ; round++) {
    await waitForConcurrentWrites(deps, settlePause(written.since, written.count));
    const current = await calls.list(deps, ref);
    const lost = { add: changes.add.filter((id) => !includes(current, id)), remove: changes.remove.filter((id) => includes(current, id)) };
    if (lost.add.length === 0 && lost.remove.length === 0) return;
    const what = [...lost.add.map((id) => `add ${id}`), ...lost.remove.map((id) => `remove ${id}`)].join(', ');
    if (round > REDO_ROUNDS) {
      throw new EntityStateError(
        `The ${calls.relation}s of ${describeEntity(ref)} in organization ${ref.organizationId} did not keep this change after ${REDO_ROUNDS} redos ` +
        `(${what}): something else changes them at the same time. Retry the deployment; if it fails again, look for another stack or tool managing them`,
      );
    }
    logDecision(deps, `redo-lost-${calls.relation}-changes`, ref, { round, lost: what });
    const pause = Math.round(Math.random() * REDO_PAUSE_MS * round);
    if (deps.deadline !== undefined && !deps.deadline.allows(pause)) {
      throw deps.deadline.stop(`redo the lost ${calls.relation} changes of ${describeEntity(ref)} in organization ${ref.organizationId} (${what})`);
    }
    await sleep(pause);
    written = { since: Date.now(), count: lost.add.length + lost.remove.length };
    await writeAdds(deps, ref, calls, lost.add);
    await writeRemoves(deps, ref, calls, lost.remove);
  }
}

/** Waits when the time limit allows; a read back without the wait is still better than none. */
async function waitForConcurrentWrites(deps: HandlerDeps, pause: number): Promise<void> {
  if (pause === 0 || (deps.deadline !== undefined && !deps.deadline.allows(pause))) return;
  await sleep(pause);
}

async function writeAdds(deps: HandlerDeps, ref: LiveEntityRef, calls: RelationCalls, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    logDecision(deps, `add-${calls.relation}`, ref, { [`${calls.relation}Id`]: id });
    try {
      await calls.add(deps, ref, id);
    } catch (err) {
      if (isWorkMailError(err)) throw err.withHint(`The ${calls.relation} to add was ${id}`);
      throw err;
    }
  }
}

async function writeRemoves(deps: HandlerDeps, ref: LiveEntityRef, calls: RelationCalls, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
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
   * Reads the set once and returns what to change; `current` skips the read (a
   * new entity holds nothing), and so does a declaration that can change nothing.
   */
  changes(deps: HandlerDeps, ref: LiveEntityRef, set: DeclaredSet, current?: readonly string[]): Promise<SetChanges>;
  add(deps: HandlerDeps, ref: LiveEntityRef, changes: SetChanges): Promise<void>;
  remove(deps: HandlerDeps, ref: LiveEntityRef, changes: SetChanges): Promise<void>;
  /** After `add` and `remove` (begun at `writesStartedAt`): one read back, and the redo of what a concurrent change lost. */
  settle(deps: HandlerDeps, ref: LiveEntityRef, changes: SetChanges, writesStartedAt: number): Promise<void>;
}

export function relationSet(calls: RelationCalls): RelationSet {
  return {
    changes: async (deps, ref, set, current) => {
      const managesNothing = !set.exclusive && (set.declared ?? []).length === 0 && (set.previous ?? []).length === 0;
      if (managesNothing) return { add: [], remove: [] };
      return setChanges(current ?? await calls.list(deps, ref), set);
    },
    add: (deps, ref, changes) => writeAdds(deps, ref, calls, changes.add),
    remove: (deps, ref, changes) => writeRemoves(deps, ref, calls, changes.remove),
    settle: (deps, ref, changes, writesStartedAt) => settleChanges(deps, ref, calls, changes, writesStartedAt),
  };
}
