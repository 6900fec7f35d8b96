/**
 * Converge an existing user to its declaration (update in place, adoption):
 * compare with what WorkMail holds and make only the calls that change
 * something. Shared by update and create (adoption), so it lives apart from both.
 *
 * A mailbox is never given up silently: only an explicit Enabled 'false'
 * deregisters a registered user. A declaration that merely lacks an email
 * fails before any change, naming the address that would be lost, except in
 * the rollback of the update that registered the user, which undoes it.
 */
import { DescribeUserCommandOutput, ResetPasswordCommand, UpdateUserCommand } from '@aws-sdk/client-workmail';
import { userLifecycle } from './entity';
import { DesiredUser, registeredEmail } from './parse';
import { EntityStateError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

/** The one mail lifecycle call that brings the user to its declaration, if any. */
type MailChange =
  | { readonly kind: 'register'; readonly email: string }
  | { readonly kind: 'update-primary-email'; readonly email: string }
  | { readonly kind: 'deregister'; readonly decision: string; readonly reason: string };

/**
 * Whether the update being converged is the rollback of one that registered
 * the user (asked only when the declaration has no email and the user is registered).
 */
export type UndoesRegistration = () => Promise<boolean>;

/** Decides before any write, so a refused declaration changes nothing. */
async function mailChange(
  ref: LiveEntityRef,
  desired: DesiredUser,
  actual: DescribeUserCommandOutput,
  undoesRegistration?: UndoesRegistration,
): Promise<MailChange | undefined> {
  const email = registeredEmail(desired);
  if (email !== undefined && actual.State === 'DISABLED') return { kind: 'register', email };
  if (email !== undefined && actual.State === 'ENABLED' && !sameText(actual.Email, email)) return { kind: 'update-primary-email', email };
  if (email === undefined && actual.State === 'ENABLED') {
    if (desired.enabled === false) return { kind: 'deregister', decision: 'deregister', reason: 'enabled is false' };
    if (undoesRegistration && await undoesRegistration()) {
      return { kind: 'deregister', decision: 'rollback-registration', reason: 'the stack rolls back the update that registered the user' };
    }
    throw new EntityStateError(
      `User '${desired.name}' (${ref.id}) in organization ${ref.organizationId} is registered as ${actual.Email}, but the declaration has no email: ` +
      `declare email '${actual.Email}' to keep the mailbox, or set enabled: false to deregister it (WorkMail deletes a deregistered mailbox after 30 days)`,
    );
  }
  return undefined;
}

export async function converge(
  deps: HandlerDeps,
  ref: LiveEntityRef,
  desired: DesiredUser,
  actual: DescribeUserCommandOutput,
  newPassword: string | undefined,
  undoesRegistration?: UndoesRegistration,
): Promise<void> {
  const change = await mailChange(ref, desired, actual, undoesRegistration);
  if ((actual.DisplayName ?? '') !== desired.displayName) {
    logDecision(deps, 'update-display-name', ref);
    await deps.workmail.send(new UpdateUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id, DisplayName: desired.displayName }), ref);
  }
  if (change?.kind === 'register') {
    logDecision(deps, 'register', ref);
    await userLifecycle.register(deps, ref, change.email);
  } else if (change?.kind === 'update-primary-email') {
    logDecision(deps, 'update-primary-email', ref);
    await userLifecycle.updatePrimaryEmail(deps, ref, change.email);
  } else if (change?.kind === 'deregister') {
    logDecision(deps, change.decision, ref, { reason: change.reason });
    await userLifecycle.deregister(deps, ref);
  }
  if (newPassword !== undefined) {
    logDecision(deps, 'reset-password', ref, { reason: 'password secret changed' });
    await deps.workmail.send(
      new ResetPasswordCommand({ OrganizationId: ref.organizationId, UserId: ref.id, Password: newPassword }),
      { ...ref, redact: [newPassword] },
    );
  }
}
