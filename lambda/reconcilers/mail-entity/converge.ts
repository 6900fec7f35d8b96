/**
 * Converge an existing entity to its declaration (update in place, adoption,
 * the rollback of a replacement): the registration change, decided before any
 * write, and the kind's own changes.
 *
 * A mailbox is never given up silently: only an explicit Enabled 'false'
 * deregisters a registered entity. A declaration that merely lacks an email
 * fails before any change, naming the address that would be lost, except in
 * the rollback of the update that registered the entity, which undoes it.
 * Registering adds the declared aliases the entity lacks (see ./aliases).
 */
import { restoreDeclaredAliases } from './aliases';
import { MailEntityDeclaration, registeredEmail } from './declaration';
import { BoundKind } from './entity';
import { ConvergeRequest, ListedMailEntity, LiveMailEntity } from './kind';
import { EntityStateError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { HandlerDeps } from '../reconciler';

/** The one mail lifecycle call that brings the entity to its declaration, if any. */
type MailChange =
  | { readonly kind: 'register'; readonly email: string }
  | { readonly kind: 'update-primary-email'; readonly email: string }
  | { readonly kind: 'deregister'; readonly decision: string; readonly reason: string };

/**
 * Whether the update being converged is the rollback of one that registered
 * the entity (asked only when the declaration has no email and the entity is registered).
 */
export type UndoesRegistration = () => Promise<boolean>;

/** What converging is given; the registration change is the lifecycle's to place. */
export type ConvergeInput<Declared, Described> = Omit<ConvergeRequest<Declared, Described>, 'applyMailChange'>;

async function mailChange(
  kindName: string,
  request: ConvergeInput<MailEntityDeclaration, LiveMailEntity>,
  undoesRegistration?: UndoesRegistration,
): Promise<MailChange | undefined> {
  const { ref, desired, actual } = request;
  const email = registeredEmail(desired);
  if (email !== undefined && actual.State === 'DISABLED') return { kind: 'register', email };
  if (email !== undefined && actual.State === 'ENABLED' && !sameText(actual.Email, email)) return { kind: 'update-primary-email', email };
  if (email === undefined && actual.State === 'ENABLED') {
    if (desired.enabled === false) return { kind: 'deregister', decision: 'deregister', reason: 'enabled is false' };
    if (undoesRegistration && await undoesRegistration()) {
      return { kind: 'deregister', decision: 'rollback-registration', reason: `the stack rolls back the update that registered the ${kindName}` };
    }
    const Kind = kindName.charAt(0).toUpperCase() + kindName.slice(1);
    throw new EntityStateError(
      `${Kind} '${desired.name}' (${ref.id}) in organization ${ref.organizationId} is registered as ${actual.Email}, but the declaration has no email: ` +
      `declare email '${actual.Email}' to keep the mailbox, or set enabled: false to deregister it (WorkMail deletes a deregistered mailbox after 30 days)`,
    );
  }
  return undefined;
}

export async function convergeEntity<Declared extends MailEntityDeclaration, Described extends LiveMailEntity, Listed extends ListedMailEntity>(
  { kind, lifecycle }: BoundKind<Declared, Described, Listed>,
  deps: HandlerDeps,
  input: ConvergeInput<Declared, Described>,
  undoesRegistration?: UndoesRegistration,
): Promise<void> {
  const { ref } = input;
  const change = await mailChange(kind.kind, input, undoesRegistration);
  let applied = false;
  const applyMailChange = async () => {
    if (applied) return;
    applied = true;
    if (change?.kind === 'register') {
      logDecision(deps, 'register', ref);
      await lifecycle.register(deps, ref, change.email);
      await restoreDeclaredAliases(deps, ref, change.email, input.desired.aliases);
    } else if (change?.kind === 'update-primary-email') {
      logDecision(deps, 'update-primary-email', ref);
      await lifecycle.updatePrimaryEmail(deps, ref, change.email);
    } else if (change?.kind === 'deregister') {
      logDecision(deps, change.decision, ref, { reason: change.reason });
      await lifecycle.deregister(deps, ref);
    }
  };
  await kind.converge(deps, { ...input, applyMailChange });
  await applyMailChange();
}
