/**
 * A set of entity ids held by one entity: a group's members, a resource's
 * delegates. The stack adds the ids it declares and removes those it declared
 * before and no longer does (or, when exclusive, every id it does not declare),
 * from one list read per event. The service's calls are idempotent (adding a
 * present id, removing an absent one), and an id that no longer exists is no
 * longer held.
 */
import { logDecision } from './decisions';
import { LiveEntityRef } from './entity-lifecycle';
import { HandlerDeps } from './reconciler';
import { isWorkMailError } from '../errors';

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

export interface RelationSet {
  /**
   * Reads the set once and returns what to change; `current` skips the read (a
   * new entity holds nothing), and so does a declaration that can change nothing.
   */
  changes(deps: HandlerDeps, ref: LiveEntityRef, set: DeclaredSet, current?: readonly string[]): Promise<SetChanges>;
  add(deps: HandlerDeps, ref: LiveEntityRef, changes: SetChanges): Promise<void>;
  remove(deps: HandlerDeps, ref: LiveEntityRef, changes: SetChanges): Promise<void>;
}

export function relationSet(calls: RelationCalls): RelationSet {
  return {
    changes: async (deps, ref, set, current) => {
      const managesNothing = !set.exclusive && (set.declared ?? []).length === 0 && (set.previous ?? []).length === 0;
      if (managesNothing) return { add: [], remove: [] };
      return setChanges(current ?? await calls.list(deps, ref), set);
    },
    add: async (deps, ref, changes) => {
      for (const id of changes.add) {
        logDecision(deps, `add-${calls.relation}`, ref, { [`${calls.relation}Id`]: id });
        try {
          await calls.add(deps, ref, id);
        } catch (err) {
          if (isWorkMailError(err)) throw err.withHint(`The ${calls.relation} to add was ${id}`);
          throw err;
        }
      }
    },
    remove: async (deps, ref, changes) => {
      for (const id of changes.remove) {
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
    },
  };
}
