/**
 * Converge an existing user to its declaration (update in place, adoption):
 * compare with what WorkMail holds and make only the calls that change
 * something. Shared by update and create (adoption), so it lives apart from both.
 */
import { DescribeUserCommandOutput, ResetPasswordCommand, UpdateUserCommand } from '@aws-sdk/client-workmail';
import { userLifecycle } from './entity';
import { DesiredUser, registeredEmail } from './parse';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

export async function converge(
  deps: HandlerDeps,
  ref: LiveEntityRef,
  desired: DesiredUser,
  actual: DescribeUserCommandOutput,
  newPassword: string | undefined,
): Promise<void> {
  if ((actual.DisplayName ?? '') !== desired.displayName) {
    logDecision(deps, 'update-display-name', ref);
    await deps.workmail.send(new UpdateUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id, DisplayName: desired.displayName }), ref);
  }
  const email = registeredEmail(desired);
  if (email !== undefined && actual.State === 'DISABLED') {
    logDecision(deps, 'register', ref);
    await userLifecycle.register(deps, ref, email);
  } else if (email !== undefined && actual.State === 'ENABLED' && !sameText(actual.Email, email)) {
    logDecision(deps, 'update-primary-email', ref);
    await userLifecycle.updatePrimaryEmail(deps, ref, email);
  } else if (email === undefined && actual.State === 'ENABLED') {
    logDecision(deps, 'deregister', ref, { reason: desired.enabled ? 'no email declared' : 'enabled is false' });
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
