/**
 * Custom::WorkMailMailboxPermissions: who may use one mailbox (a user's or a resource's), and how.
 * Reconciled like every other set: reads first where nothing is known of what the stack wrote before
 * (a create: taking over grants that already match writes nothing), writes only what differs, and
 * reads back once, which also restores a declared grant removed by hand. A failed create takes back
 * only what it changed: grants it added are deleted, grants whose values it replaced get them back.
 */
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { HeldGrant, asHeld, mailboxGrantCalls } from './calls';
import { DesiredPermissions, mailboxRef, parsePermissions, permissionsPhysicalId, sameMailbox } from './parse';
import { isWorkMailError } from '../../errors';
import { logDecision } from '../decisions';
import { HandlerDeps, ReconcileResult, inReserve, reconciler } from '../reconciler';
import { DeclaredSet, relationSet, setChanges, settleChanges, writeAdds, writeRemoves } from '../relation-set';

export { parsePermissions } from './parse';
export type { DesiredPermissions } from './parse';

const grants = relationSet(mailboxGrantCalls);
const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function declaredSet(desired: DesiredPermissions, previous?: DesiredPermissions): DeclaredSet {
  return { declared: desired.grants.map(asHeld), previous: previous?.grants.map(asHeld), exclusive: desired.exclusive };
}

async function create(desired: DesiredPermissions, deps: HandlerDeps): Promise<ReconcileResult> {
  const ref = mailboxRef(desired);
  const before = await mailboxGrantCalls.list(deps, ref);
  const set = declaredSet(desired);
  const planned = setChanges(before, set);
  if (planned.add.length === 0 && planned.remove.length === 0) {
    logDecision(deps, 'grants-already-held', ref, { grants: desired.grants.length });
    return { PhysicalResourceId: permissionsPhysicalId(desired) };
  }
  const written: HeldGrant[] = [];
  const removed: HeldGrant[] = [];
  try {
    const writesStartedAt = Date.now();
    // One at a time, so that a failure knows exactly what was attempted.
    for (const grant of planned.add as HeldGrant[]) {
      written.push(grant);
      await writeAdds(deps, ref, mailboxGrantCalls, [grant]);
    }
    for (const grant of planned.remove as HeldGrant[]) {
      removed.push(grant);
      await writeRemoves(deps, ref, mailboxGrantCalls, [grant]);
    }
    await settleChanges(deps, ref, mailboxGrantCalls, set, planned, writesStartedAt);
  } catch (err) {
    await undo(deps, desired, before, written, removed);
    throw err;
  }
  return { PhysicalResourceId: permissionsPhysicalId(desired) };
}

/** Puts back what a failed create changed: each grantee it wrote or removed gets what it held before (or nothing). */
async function undo(
  work: HandlerDeps, desired: DesiredPermissions, before: readonly HeldGrant[], written: readonly HeldGrant[], removed: readonly HeldGrant[],
): Promise<void> {
  if (written.length === 0 && removed.length === 0) return;
  // In the reserve of the event's time: a create stopped by the deadline still takes back what it changed.
  const deps = inReserve(work);
  const ref = mailboxRef(desired);
  try {
    for (const grant of [...written, ...removed]) {
      const held = before.find((b) => sameId(b.id, grant.id));
      if (held === undefined) {
        await mailboxGrantCalls.remove(deps, ref, grant.id);
      } else {
        await mailboxGrantCalls.add(deps, ref, held.id, held.value);
      }
      logDecision(deps, 'undo-grant', ref, { grantId: grant.id, restored: held?.value ?? 'none' });
    }
  } catch (err) {
    deps.log.error('decision', {
      decision: 'undo-failed', organizationId: ref.organizationId, entityId: ref.id, errorName: (err as Error).name, error: (err as Error).message,
    });
  }
}

async function update(desired: DesiredPermissions, old: DesiredPermissions | undefined, deps: HandlerDeps): Promise<ReconcileResult> {
  // Another mailbox is another set (a new physical id): CloudFormation deletes the old one after this.
  if (old === undefined || !sameMailbox(old, desired)) return create(desired, deps);
  await grants.converge(deps, mailboxRef(desired), declaredSet(desired, old));
  return { PhysicalResourceId: permissionsPhysicalId(desired) };
}

/** Removes the deployed grants the mailbox still has; never a grant the stack did not declare. A mailbox gone holds none. */
async function remove(deployed: DesiredPermissions | undefined, event: CloudFormationCustomResourceDeleteEvent, deps: HandlerDeps): Promise<void> {
  if (deployed === undefined) {
    deps.log.warn('decision', { decision: 'retain', reason: 'the deployed declaration is unreadable: no grant is removed', physicalResourceId: event.PhysicalResourceId });
    return;
  }
  if (deployed.grants.length === 0) return;
  const ref = mailboxRef(deployed);
  try {
    await grants.converge(deps, ref, { declared: [], previous: deployed.grants.map(asHeld), exclusive: false });
  } catch (err) {
    // Deleted or deregistered: its mailbox, and who could use it, are gone.
    if (!isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException', 'OrganizationNotFoundException')) throw err;
    logDecision(deps, 'mailbox-gone-during-delete', ref, { errorName: err.errorName, grants: deployed.grants.map((g) => g.granteeId).join(',') });
  }
}

export const mailboxPermissionsReconciler = reconciler<DesiredPermissions>({
  parse: parsePermissions,
  create: (desired, _event, deps) => create(desired, deps),
  update: (desired, old, _event, deps) => update(desired, old, deps),
  delete: remove,
});
