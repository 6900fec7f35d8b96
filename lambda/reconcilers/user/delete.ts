/**
 * Delete a user. CloudFormation decides whether a Delete comes at all (the
 * resource's DeletionPolicy), so every Delete destroys the user the stack
 * made, from the properties it was deployed with; a user or an organization
 * already gone counts as deleted. An adopted user is never deleted.
 */
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { userLifecycle } from './entity';
import { DesiredUser, parsePhysicalId } from './parse';
import { isWorkMailError } from '../../errors';
import { logDecision } from '../decisions';
import { HandlerDeps } from '../reconciler';

export async function deleteUser(
  deployed: DesiredUser | undefined, event: CloudFormationCustomResourceDeleteEvent, deps: HandlerDeps,
): Promise<void> {
  const organizationId = deployed?.organizationId;
  const { userId, adopted } = parsePhysicalId(event.PhysicalResourceId);
  const ref = { kind: 'user' as const, organizationId: organizationId ?? '(unknown)', name: deployed?.name, id: userId };
  if (adopted) {
    logDecision(deps, 'retain-adopted', ref, { reason: 'adopted users were not made by this stack and are never deleted by it' });
    return;
  }
  if (organizationId === undefined) {
    deps.log.warn('decision', { decision: 'retain', reason: 'no OrganizationId to delete from', entityId: ref.id });
    return;
  }
  try {
    await userLifecycle.destroy(deps, ref);
  } catch (err) {
    if (!isWorkMailError(err, 'OrganizationNotFoundException')) throw err;
    logDecision(deps, 'organization-gone', ref, { errorName: err.errorName });
  }
}
