/**
 * Custom::WorkMailAlias: the extra addresses of one entity. The stack adds the
 * addresses it declares and removes only those it declared before and no
 * longer does: never an alias made by hand, never the primary address (which
 * a primary-email change may have swapped with a declared alias).
 *
 * An update's writes come from the two declarations; the aliases are read
 * back once afterwards, which also adds declared ones removed by hand. A
 * create (or a new owner) reads the aliases first, as the entity may already
 * hold them (a hand-made organization taken over): it adds only what is
 * missing, so a take-over writes nothing. A removal reads the entity first:
 * the primary address must be known before anything is deleted, and only
 * Describe* tells it apart (ListAliases may list it).
 */
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { createAlias, deleteAlias } from './calls';
import { holds, listAliases, primaryIfRegistered, readOwnerIfRegistered, readRegisteredPrimary } from './owner';
import { DesiredAliases, aliasOwnerRef, aliasPhysicalId, notIn, parseAliases, sameOwner } from './parse';
import { EntityStateError, isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { HandlerDeps, ReconcileResult, inReserve, reconciler } from '../reconciler';
import { RelationCalls, settleChanges } from '../relation-set';

export { parseAliases } from './parse';
export type { DesiredAliases } from './parse';

/** The owner's primary address, once known (read before a removal, or learned from a refused CreateAlias). */
interface KnownPrimary {
  primary?: string;
}

/** The changes of one event: what to add and what to remove, from the declarations. */
interface AliasChanges {
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /**
   * The addresses the entity held before any write (read first when nothing is known of what the
   * stack added before: a create, a new owner): those are not added, so a take-over writes nothing
   * and a failed create never takes back an address that was there before it.
   */
  readonly held?: readonly string[];
}

/**
 * Remove the `changes.remove` addresses (never the primary, which `owner` holds when there is any
 * removal), then add `changes.add`; then read the aliases back once, redoing what a concurrent
 * change lost and adding the declared ones the entity lacks. `attempted` collects every address
 * this call tried to add.
 */
async function converge(
  deps: HandlerDeps, desired: DesiredAliases, owner: KnownPrimary, changes: AliasChanges, attempted: string[] = [],
): Promise<void> {
  const ref = aliasOwnerRef(desired);
  const calls = aliasCalls(owner);
  const isHeld = (alias: string) => changes.held !== undefined && changes.held.some((held) => sameText(held, alias));
  for (const alias of changes.add.filter(isHeld)) logDecision(deps, 'alias-already-held', ref, { alias });
  const adds = changes.add.filter((alias) => !isHeld(alias));
  if (changes.held !== undefined && adds.length === 0 && changes.remove.length === 0) return;
  const removed = changes.remove.filter((alias) => {
    if (!sameText(alias, owner.primary)) return true;
    logDecision(deps, 'keep-primary-address', ref, { alias, reason: 'no longer declared as an alias, but it is the primary address now' });
    return false;
  });
  const writesStartedAt = Date.now();
  // Removals first: they make room under the limit of aliases per entity.
  for (const alias of removed) await deleteAlias(deps, ref, alias);
  for (const alias of adds) {
    if (sameText(alias, owner.primary)) {
      logDecision(deps, 'skip-primary-address', ref, { alias, reason: 'the declared alias is the entity\'s primary address' });
    } else {
      attempted.push(alias);
      try {
        await calls.add(deps, ref, alias);
      } catch (err) {
        // Missing or not registered (see readRegisteredPrimary): the entity holds no alias, nothing to take back.
        if (err instanceof EntityStateError) attempted.length = 0;
        throw err;
      }
    }
  }
  const set = { declared: desired.aliases, previous: removed, exclusive: false };
  await settleChanges(deps, ref, calls, set, { add: [...attempted], remove: removed }, writesStartedAt);
}

/** The addresses the owner holds now (its primary among them when listed); a missing or unregistered owner fails saying which. */
async function heldAliases(deps: HandlerDeps, desired: DesiredAliases, owner: KnownPrimary): Promise<string[]> {
  const ref = aliasOwnerRef(desired);
  try {
    return await aliasCalls(owner).list(deps, ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) await readRegisteredPrimary(deps, ref);
    throw err;
  }
}

/** An entity's aliases as a set of addresses, to read back and redo with; the primary address counts as held. */
function aliasCalls(owner: KnownPrimary): RelationCalls<string> {
  return {
    relation: 'alias',
    list: async (deps, ref) => {
      const aliases = await listAliases(deps, ref, owner.primary);
      return owner.primary === undefined ? aliases : [...aliases, owner.primary];
    },
    add: async (deps, ref, alias) => {
      if (await createAlias(deps, ref, owner.primary, alias) === 'primary') owner.primary = alias;
    },
    remove: (deps, ref, alias) => deleteAlias(deps, ref, alias),
  };
}

async function create(desired: DesiredAliases, deps: HandlerDeps): Promise<ReconcileResult> {
  const owner: KnownPrimary = {};
  const attempted: string[] = [];
  try {
    await converge(deps, desired, owner, { add: desired.aliases, remove: [], held: await heldAliases(deps, desired, owner) }, attempted);
  } catch (err) {
    await undoAdded(deps, desired, owner, attempted);
    throw err;
  }
  return { PhysicalResourceId: aliasPhysicalId(desired) };
}

/** A failed create takes back what it added: the attempted addresses the entity holds now (never one it held before, never its primary). */
async function undoAdded(work: HandlerDeps, desired: DesiredAliases, owner: KnownPrimary, attempted: readonly string[]): Promise<void> {
  if (attempted.length === 0) return;
  // In the reserve of the event's time: a create stopped by the deadline still takes back what it added.
  const deps = inReserve(work);
  const ref = aliasOwnerRef(desired);
  try {
    const primary = owner.primary ?? await primaryIfRegistered(deps, ref);
    if (primary === undefined) return;
    const held = await listAliases(deps, ref, primary);
    for (const alias of attempted.filter((a) => held.some((h) => sameText(h, a)))) {
      await deleteAlias(deps, ref, alias);
      logDecision(deps, 'undo-added-alias', ref, { alias });
    }
  } catch (err) {
    deps.log.error('decision', {
      decision: 'undo-failed', organizationId: ref.organizationId, entityId: ref.id, errorName: (err as Error).name, error: (err as Error).message,
    });
  }
}

/**
 * The set now belongs to another entity (CloudFormation deletes the old set
 * only after this update): the new entity cannot take an address the old one
 * still holds, so the addresses both declare leave the old entity first.
 */
async function moveFromOldOwner(deps: HandlerDeps, old: DesiredAliases, desired: DesiredAliases): Promise<void> {
  const oldRef = aliasOwnerRef(old);
  const moving = old.aliases.filter((alias) => desired.aliases.some((d) => sameText(d, alias)));
  logDecision(deps, 'move-aliases', oldRef, { toEntityId: desired.entityId, toOrganizationId: desired.organizationId, count: moving.length });
  if (moving.length === 0) return;
  const oldLive = await readOwnerIfRegistered(deps, oldRef);
  if (oldLive === undefined) return;
  for (const alias of moving.filter((a) => holds(oldLive, a))) await deleteAlias(deps, oldRef, alias);
}

async function update(desired: DesiredAliases, old: DesiredAliases | undefined, deps: HandlerDeps): Promise<ReconcileResult> {
  const ref = aliasOwnerRef(desired);
  if (old !== undefined && !sameOwner(old, desired)) {
    // The new owner must be able to take the addresses before any leave the old one.
    const primary = await readRegisteredPrimary(deps, ref);
    await moveFromOldOwner(deps, old, desired);
    const owner: KnownPrimary = { primary };
    await converge(deps, desired, owner, { add: desired.aliases, remove: [], held: await heldAliases(deps, desired, owner) });
  } else {
    // Only what the stack declared before may be taken away.
    const changes = old === undefined
      ? { add: desired.aliases, remove: [] }
      : { add: notIn(desired.aliases, old.aliases), remove: notIn(old.aliases, desired.aliases) };
    const owner: KnownPrimary = changes.remove.length > 0 ? { primary: await readRegisteredPrimary(deps, ref) } : {};
    await converge(deps, desired, owner, old === undefined ? { ...changes, held: await heldAliases(deps, desired, owner) } : changes);
  }
  return { PhysicalResourceId: aliasPhysicalId(desired) };
}

/** Removes the deployed addresses the entity still holds; an entity gone or unregistered holds none. */
async function remove(deployed: DesiredAliases | undefined, event: CloudFormationCustomResourceDeleteEvent, deps: HandlerDeps): Promise<void> {
  if (deployed === undefined) {
    deps.log.warn('decision', { decision: 'retain', reason: 'the deployed declaration is unreadable: no alias is removed', physicalResourceId: event.PhysicalResourceId });
    return;
  }
  if (deployed.aliases.length === 0) return;
  const ref = aliasOwnerRef(deployed);
  const primary = await primaryIfRegistered(deps, ref);
  if (primary === undefined) return;
  try {
    await converge(deps, { ...deployed, aliases: [] }, { primary }, { add: [], remove: deployed.aliases });
  } catch (err) {
    // Deleted or deregistered while we worked: it holds no aliases any more.
    if (!isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException') || await primaryIfRegistered(deps, ref) !== undefined) throw err;
    logDecision(deps, 'owner-gone-during-delete', ref, { errorName: err.errorName });
  }
}

export const aliasReconciler = reconciler<DesiredAliases>({
  parse: parseAliases,
  create: (desired, _event, deps) => create(desired, deps),
  update: (desired, old, _event, deps) => update(desired, old, deps),
  delete: remove,
});
