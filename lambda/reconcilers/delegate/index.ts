/**
 * Custom::WorkMailDelegate: one delegation of a bookable resource to a user or
 * a group, for delegations that cross stacks (delegates declared on the
 * resource itself are the resource's business). Any change is another
 * delegation: a new physical id, and CloudFormation deletes the old one.
 */
import {
  AssociateDelegateToResourceCommand, DisassociateDelegateFromResourceCommand, paginateListResourceDelegates,
} from '@aws-sdk/client-workmail';
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { ENTITY_IDENTIFIER, ORGANIZATION_ID } from '../../../src/provider/api-shapes';
import { DelegateResourceProperties } from '../../../src/provider/resource-properties';
import { EntityRef, WorkMailOperationError, isWorkMailError } from '../../errors';
import { PropertyNames, RawProperties, ResourceLabel, propertyReader } from '../../properties';
import { logDecision } from '../decisions';
import { HandlerDeps, ReconcileResult, reconciler } from '../reconciler';
import { settleChanges } from '../relation-set';
import { resourceDelegateCalls } from '../resource';

export interface DesiredDelegation {
  readonly organizationId: string;
  readonly resourceId: string;
  /** The delegate: a user's or a group's id. */
  readonly entityId: string;
}

const DELEGATE_PROPERTIES: PropertyNames<DelegateResourceProperties> = { OrganizationId: true, ResourceId: true, EntityId: true };

export function parseDelegation(props: RawProperties, label: ResourceLabel): DesiredDelegation {
  const read = propertyReader<DelegateResourceProperties>(props, label, DELEGATE_PROPERTIES);
  return {
    organizationId: read.requiredString('OrganizationId', ORGANIZATION_ID),
    resourceId: read.requiredString('ResourceId', ENTITY_IDENTIFIER),
    entityId: read.requiredString('EntityId', ENTITY_IDENTIFIER),
  };
}

export function delegationPhysicalId(delegation: DesiredDelegation): string {
  return `${delegation.resourceId}/delegates/${delegation.entityId}`;
}

/** Calls are about the resource; the delegate is named in the messages. */
function resourceRef(delegation: DesiredDelegation): EntityRef & { id: string } {
  return { kind: 'resource', organizationId: delegation.organizationId, id: delegation.resourceId };
}

function sameDelegation(a: DesiredDelegation, b: DesiredDelegation): boolean {
  return a.organizationId === b.organizationId && a.resourceId === b.resourceId && a.entityId === b.entityId;
}

/** Associating a delegate the resource already has is a success. */
async function associate(desired: DesiredDelegation, deps: HandlerDeps): Promise<ReconcileResult> {
  const ref = resourceRef(desired);
  const writesStartedAt = Date.now();
  try {
    await deps.workmail.send(new AssociateDelegateToResourceCommand({
      OrganizationId: desired.organizationId, ResourceId: desired.resourceId, EntityId: desired.entityId,
    }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) {
      throw err.withHint(`The delegate ${desired.entityId} and the resource ${desired.resourceId} must both exist (not DELETED) in organization ` +
        `${desired.organizationId}, and the delegate must be a user or a group`);
    }
    throw err;
  }
  // Other delegations of the room may be written at the same time: read back, redo if lost.
  const added = { add: [desired.entityId], remove: [] };
  await settleChanges(deps, ref, resourceDelegateCalls, { declared: added.add, exclusive: false }, added, writesStartedAt);
  return { PhysicalResourceId: delegationPhysicalId(desired) };
}

/** The resource's delegates by id, or undefined when the resource is gone. */
async function delegateIds(deps: HandlerDeps, delegation: DesiredDelegation): Promise<string[] | undefined> {
  const ids: string[] = [];
  try {
    const input = { OrganizationId: delegation.organizationId, ResourceId: delegation.resourceId };
    const pages = deps.workmail.paginate(paginateListResourceDelegates, input, resourceRef(delegation));
    for await (const page of pages) ids.push(...(page.Delegates ?? []).map((d) => d.Id ?? ''));
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) return undefined;
    throw err;
  }
  return ids;
}

/** Removes the delegation; a resource, delegate or organization gone means there is nothing left to remove. */
async function disassociate(delegation: DesiredDelegation, deps: HandlerDeps): Promise<void> {
  const ref = resourceRef(delegation);
  const writesStartedAt = Date.now();
  try {
    await deps.workmail.send(new DisassociateDelegateFromResourceCommand({
      OrganizationId: delegation.organizationId, ResourceId: delegation.resourceId, EntityId: delegation.entityId,
    }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException', 'OrganizationNotFoundException')) {
      logDecision(deps, 'delegation-already-gone', ref, { delegateId: delegation.entityId, errorName: err.errorName });
      return;
    }
    if (!isWorkMailError(err, 'EntityStateException')) throw err;
    await explainRefusal(err, delegation, deps);
    return;
  }
  // Other delegations of the room may be written at the same time: read back, redo if lost.
  try {
    const removed = { add: [], remove: [delegation.entityId] };
    await settleChanges(deps, ref, resourceDelegateCalls, { previous: removed.remove, exclusive: false }, removed, writesStartedAt);
  } catch (err) {
    // The room was deleted in the meantime: nothing is left to remove.
    if (!isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException', 'OrganizationNotFoundException')) throw err;
    logDecision(deps, 'delegation-already-gone', ref, { delegateId: delegation.entityId, errorName: err.errorName });
  }
}

/** DisassociateDelegateFromResource answered EntityStateException: gone already, or the room's last delegate. */
async function explainRefusal(err: WorkMailOperationError, delegation: DesiredDelegation, deps: HandlerDeps): Promise<void> {
  const ref = resourceRef(delegation);
  // A DELETED resource or delegate, or the last delegate of a resource that does not auto-accept: only the list tells.
  const ids = await delegateIds(deps, delegation);
  if (ids === undefined || !ids.includes(delegation.entityId)) {
    logDecision(deps, 'delegation-already-gone', ref, { delegateId: delegation.entityId, errorName: err.errorName });
    return;
  }
  if (ids.length === 1) {
    throw err.withHint(`${delegation.entityId} is the last delegate of resource ${delegation.resourceId}, which does not accept bookings ` +
      'automatically: turn auto-accept on (bookingOptions autoAcceptRequests: true) or add another delegate first, then delete this delegation');
  }
  throw err;
}

export const delegateReconciler = reconciler<DesiredDelegation>({
  parse: parseDelegation,
  create: (desired, _event, deps) => associate(desired, deps),
  update: async (desired, old, _event, deps) => {
    const result = await associate(desired, deps);
    // Another delegation under the same id (only the organization changed): CloudFormation sends no Delete for the old one.
    if (old !== undefined && !sameDelegation(old, desired) && delegationPhysicalId(old) === result.PhysicalResourceId) {
      await disassociate(old, deps);
    }
    return result;
  },
  delete: async (deployed: DesiredDelegation | undefined, event: CloudFormationCustomResourceDeleteEvent, deps) => {
    if (deployed === undefined) {
      deps.log.warn('decision', { decision: 'retain', reason: 'the deployed declaration is unreadable', physicalResourceId: event.PhysicalResourceId });
      return;
    }
    await disassociate(deployed, deps);
  },
});
