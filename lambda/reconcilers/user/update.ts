/**
 * Update a user: converge it in place, or replace it when the organization or
 * the name (beyond its case) changed, refusing a replacement that would need
 * one address on two users at once. Also recognises the rollback of a failed
 * replacement (the resource already is the declared user) and converges it,
 * and the rollback of an update that registered the user, which it undoes.
 */
import { DescribeUserCommandOutput } from '@aws-sdk/client-workmail';
import type { CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { converge } from './converge';
import { createUser } from './create';
import { describeManaged, describeUser } from './entity';
import { DesiredUser, parsePhysicalId, registeredEmail, userRef, userResult } from './parse';
import { EntityStateError, describeEntity } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { isGone } from '../entity-lifecycle';
import { HandlerDeps, ReconcileResult } from '../reconciler';

/** A rename to another name (not just another case) or a move to another organization needs a new user. */
async function replace(
  event: CloudFormationCustomResourceUpdateEvent,
  desired: DesiredUser,
  deps: HandlerDeps,
  current: DescribeUserCommandOutput | undefined,
  oldOrganizationId?: string,
  oldName?: string,
): Promise<ReconcileResult> {
  const oldRef = { kind: 'user' as const, organizationId: oldOrganizationId ?? desired.organizationId, name: oldName, id: parsePhysicalId(event.PhysicalResourceId).userId };
  logDecision(deps, 'replace', oldRef, {
    reason: oldOrganizationId !== desired.organizationId ? 'organization changed' : 'name changed',
    newName: desired.name,
    newOrganizationId: desired.organizationId,
  });
  // CloudFormation deletes the old user only after the new one exists, so the
  // new one cannot take an address the old one still holds.
  const email = registeredEmail(desired);
  if (email !== undefined && oldOrganizationId === desired.organizationId) {
    if (!isGone(current) && sameText(current?.Email, email)) {
      throw new EntityStateError(
        `Cannot replace ${describeEntity(oldRef)} by user '${desired.name}' in organization ${desired.organizationId}: ` +
        `the address ${email} still belongs to the user being replaced, and WorkMail cannot move an address between two users in one deployment ` +
        '(the old user is deleted only after the new one exists). Nothing was created. ' +
        `Keep the name '${oldName ?? current?.Name}', or give the renamed user another address (or none) first and move ${email} in a later deployment ` +
        '(a retained old user keeps the address until it is removed)',
      );
    }
  }
  return createUser(desired, deps, { stackId: event.StackId, physicalId: event.PhysicalResourceId, user: oldRef });
}

export async function updateUser(
  desired: DesiredUser, old: DesiredUser | undefined, event: CloudFormationCustomResourceUpdateEvent, deps: HandlerDeps,
): Promise<ReconcileResult> {
  const oldOrganizationId = old?.organizationId;
  const oldName = old?.name;
  const ref = { ...userRef(desired), id: parsePhysicalId(event.PhysicalResourceId).userId };
  let current: DescribeUserCommandOutput | undefined;
  if (oldOrganizationId !== desired.organizationId || !sameText(oldName, desired.name)) {
    // The resource may already be the declared user: CloudFormation rolls a failed
    // replacement back by sending the old properties to the old id. Then converge in place.
    current = await describeUser(deps, ref);
    if (isGone(current) || !sameText(current?.Name, desired.name)) {
      return replace(event, desired, deps, current, oldOrganizationId, oldName);
    }
    logDecision(deps, 'converge-in-place', ref, { reason: 'the resource already is the declared user (rollback of a replacement)' });
  }
  if (current === undefined && oldName !== desired.name) {
    logDecision(deps, 'ignore-case-only-rename', ref, { reason: 'user names are case-insensitive' });
  }
  // A password can be reset, never unset: only a new secret (or field) resets it.
  const passwordChanged = desired.passwordSecretArn !== undefined
    && (old?.passwordSecretArn !== desired.passwordSecretArn || old?.passwordSecretField !== desired.passwordSecretField);
  // Read a new password before any change, so a bad secret changes nothing.
  const newPassword = passwordChanged ? await deps.readPassword(desired.passwordSecretArn!, desired.passwordSecretField) : undefined;
  const actual = current ?? await describeManaged(deps, ref);
  // Only the rollback of an update that declared this very address may take it away again.
  const undoesRegistration = async () => old?.enabled !== false && sameText(actual.Email, old?.email)
    && deps.isRollingBack(event.StackId, deps.log);
  await converge(deps, ref, desired, actual, newPassword, undoesRegistration);
  // In place: the id stays as it is (an adopted user stays adopted).
  return userResult(event.PhysicalResourceId, desired);
}
