/**
 * Delete a user only when its removal policy says 'destroy' (anything else
 * keeps the mailbox), from the properties it was deployed with; a user or an
 * organization already gone counts as deleted.
 */
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { userLifecycle } from './entity';
import { isWorkMailError } from '../../errors';
import { oldString } from '../../properties';
import { logDecision } from '../decisions';
import { HandlerDeps, ReconcileResult } from '../reconciler';

export async function deleteUser(event: CloudFormationCustomResourceDeleteEvent, deps: HandlerDeps): Promise<ReconcileResult> {
  const props = event.ResourceProperties;
  const organizationId = oldString(props, 'OrganizationId');
  const ref = { kind: 'user' as const, organizationId: organizationId ?? '(unknown)', name: oldString(props, 'Name'), id: event.PhysicalResourceId };
  // Only an explicit 'destroy' deletes: anything else keeps the mailbox.
  const policy = oldString(props, 'RemovalPolicy');
  if (policy !== 'destroy') {
    logDecision(deps, 'retain', ref, { removalPolicy: policy ?? 'absent' });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (organizationId === undefined) {
    deps.log.warn('decision', { decision: 'retain', reason: 'no OrganizationId to delete from', entityId: ref.id });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  try {
    await userLifecycle.destroy(deps, ref);
  } catch (err) {
    if (!isWorkMailError(err, 'OrganizationNotFoundException')) throw err;
    logDecision(deps, 'organization-gone', ref, { errorName: err.errorName });
  }
  return { PhysicalResourceId: event.PhysicalResourceId };
}
