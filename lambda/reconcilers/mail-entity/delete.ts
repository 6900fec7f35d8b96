/**
 * Delete an entity. CloudFormation decides whether a Delete comes at all (the
 * resource's DeletionPolicy), so every Delete destroys the entity the stack
 * made, from the properties it was deployed with; an entity or an organization
 * already gone counts as deleted. An adopted entity is never deleted.
 */
import type { CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { MailEntityDeclaration, parsePhysicalId, registeredEmail } from './declaration';
import { BoundKind } from './entity';
import { ListedMailEntity, LiveMailEntity } from './kind';
import { isWorkMailError } from '../../errors';
import { logDecision } from '../decisions';
import { HandlerDeps } from '../reconciler';

export async function deleteEntity<Declared extends MailEntityDeclaration>(
  { kind, lifecycle }: BoundKind<Declared, LiveMailEntity, ListedMailEntity>,
  deployed: Declared | undefined,
  event: CloudFormationCustomResourceDeleteEvent,
  deps: HandlerDeps,
): Promise<void> {
  const organizationId = deployed?.organizationId;
  const { id, adopted } = parsePhysicalId(event.PhysicalResourceId);
  const ref = { kind: kind.kind, organizationId: organizationId ?? '(unknown)', name: deployed?.name, id };
  if (adopted) {
    logDecision(deps, 'retain-adopted', ref, { reason: `adopted ${kind.kind}s were not made by this stack and are never deleted by it` });
    return;
  }
  if (organizationId === undefined) {
    deps.log.warn('decision', { decision: 'retain', reason: 'no OrganizationId to delete from', entityId: ref.id });
    return;
  }
  try {
    // What the stack declared registered is deregistered without a read first: one call fewer per delete.
    await lifecycle.destroy(deps, ref, deployed !== undefined && registeredEmail(deployed) !== undefined);
  } catch (err) {
    if (!isWorkMailError(err, 'OrganizationNotFoundException')) throw err;
    logDecision(deps, 'organization-gone', ref, { errorName: err.errorName });
  }
}
