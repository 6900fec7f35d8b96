/**
 * Custom::WorkMailAlias: the extra addresses of one entity. The stack adds the
 * addresses it declares and removes only those it declared before and no
 * longer does: never an alias made by hand, never the primary address (which
 * a primary-email change may have swapped with a declared alias).
 */
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { createAlias, deleteAlias } from './calls';
import { holds, listAliases, LiveAddresses, readOwnerIfRegistered, readRegisteredOwner } from './owner';
import { DesiredAliases, aliasOwnerRef, aliasPhysicalId, notIn, parseAliases, sameOwner } from './parse';
import { isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { HandlerDeps, ReconcileResult, inReserve, reconciler } from '../reconciler';
import { RelationCalls, settleChanges } from '../relation-set';

export { parseAliases } from './parse';
export type { DesiredAliases } from './parse';

/**
 * Remove the `removable` addresses the entity holds, then add the declared ones
 * it lacks; then read the aliases back once and redo what a concurrent change
 * of the same entity's addresses lost. `attempted` collects every address this
 * call tried to add.
 */
async function converge(
  deps: HandlerDeps, desired: DesiredAliases, live: LiveAddresses, removable: readonly string[], attempted: string[] = [],
): Promise<void> {
  const ref = aliasOwnerRef(desired);
  const removed: string[] = [];
  const writesStartedAt = Date.now();
  // Removals first: they make room under the limit of aliases per entity.
  for (const alias of removable) {
    if (sameText(alias, live.primary)) {
      logDecision(deps, 'keep-primary-address', ref, { alias, reason: 'no longer declared as an alias, but it is the primary address now' });
    } else if (holds(live, alias)) {
      removed.push(alias);
      await deleteAlias(deps, ref, alias);
    }
  }
  for (const alias of desired.aliases) {
    if (sameText(alias, live.primary)) {
      logDecision(deps, 'skip-primary-address', ref, { alias, reason: 'the declared alias is the entity\'s primary address' });
    } else if (!holds(live, alias)) {
      attempted.push(alias);
      await createAlias(deps, ref, live.primary, alias);
    }
  }
  await settleChanges(deps, ref, aliasCalls(live.primary), { add: [...attempted], remove: removed }, writesStartedAt);
}

/** An entity's aliases as a set of addresses, to read back and redo with. */
function aliasCalls(primary: string): RelationCalls {
  return {
    relation: 'alias',
    list: (deps, ref) => listAliases(deps, ref, primary),
    add: (deps, ref, alias) => createAlias(deps, ref, primary, alias),
    remove: (deps, ref, alias) => deleteAlias(deps, ref, alias),
  };
}

async function create(desired: DesiredAliases, deps: HandlerDeps): Promise<ReconcileResult> {
  const live = await readRegisteredOwner(deps, desired);
  const attempted: string[] = [];
  try {
    await converge(deps, desired, live, [], attempted);
  } catch (err) {
    await undoAdded(deps, desired, live.primary, attempted);
    throw err;
  }
  return { PhysicalResourceId: aliasPhysicalId(desired) };
}

/** A failed create takes back what it added: the attempted addresses the entity holds now (never one it held before). */
async function undoAdded(work: HandlerDeps, desired: DesiredAliases, primary: string, attempted: readonly string[]): Promise<void> {
  if (attempted.length === 0) return;
  // In the reserve of the event's time: a create stopped by the deadline still takes back what it added.
  const deps = inReserve(work);
  const ref = aliasOwnerRef(desired);
  try {
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
  const oldLive = await readOwnerIfRegistered(deps, old);
  if (oldLive === undefined) return;
  for (const alias of moving.filter((a) => holds(oldLive, a))) await deleteAlias(deps, oldRef, alias);
}

async function update(desired: DesiredAliases, old: DesiredAliases | undefined, deps: HandlerDeps): Promise<ReconcileResult> {
  // The new owner must be able to take the addresses before any leave the old one.
  const live = await readRegisteredOwner(deps, desired);
  if (old !== undefined && !sameOwner(old, desired)) {
    await moveFromOldOwner(deps, old, desired);
    await converge(deps, desired, live, []);
  } else {
    // Only what the stack declared before may be taken away.
    await converge(deps, desired, live, old === undefined ? [] : notIn(old.aliases, desired.aliases));
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
  const live = await readOwnerIfRegistered(deps, deployed);
  if (live === undefined) return;
  try {
    await converge(deps, { ...deployed, aliases: [] }, live, deployed.aliases);
  } catch (err) {
    // Deleted or deregistered while we worked: it holds no aliases any more.
    if (!isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException') || await readOwnerIfRegistered(deps, deployed) !== undefined) throw err;
    logDecision(deps, 'owner-gone-during-delete', ref, { errorName: err.errorName });
  }
}

export const aliasReconciler = reconciler<DesiredAliases>({
  parse: parseAliases,
  create: (desired, _event, deps) => create(desired, deps),
  update: (desired, old, _event, deps) => update(desired, old, deps),
  delete: remove,
});
