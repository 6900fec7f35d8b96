/**
 * Create the declared user (also the new user of a replacement), crash-safe:
 * a retried create whose first response was lost claims the user it made, a
 * name already taken is adopted only when declared (and otherwise fails with
 * the way to adopt it), and a create that fails half-way undoes what it made.
 */
import { CreateUserCommand, User } from '@aws-sdk/client-workmail';
import { converge } from './converge';
import { deleteUserCommand, describeManaged, findUserByName, userLifecycle } from './entity';
import { DesiredUser, adoptedPhysicalId, registeredEmail, userRef, userResult } from './parse';
import { EntityStateError, WorkMailOperationError, describeEntity, isWorkMailError } from '../../errors';
import { logDecision } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps, ReconcileResult } from '../reconciler';

const ADOPT_HINT = 'The user already exists in the organization; set adoptExisting: true on the WorkMailUser to take it over (it is then reconciled, never re-created)';

type NameTaken = { readonly kind: 'ours'; readonly userId: string } | { readonly kind: 'adopted'; readonly result: ReconcileResult };

/** CreateUser answered NameAvailabilityException: our own lost create, an adoption, or a clear failure. */
async function onNameTaken(err: WorkMailOperationError, desired: DesiredUser, deps: HandlerDeps): Promise<NameTaken> {
  const ref = userRef(desired);
  if (err.earlierAttemptMayHaveSucceeded || desired.adoptExisting) {
    const existing = await findUserByName(deps, desired.organizationId, desired.name);
    // A first attempt that succeeded with its response lost leaves a user just as
    // CreateUser makes one: DISABLED, never registered (so it never held mail),
    // no email, our display name. Anything else may be someone's mailbox.
    if (err.earlierAttemptMayHaveSucceeded && existing?.Id && looksJustCreated(existing, desired)) {
      logDecision(deps, 'claim-user-from-lost-create-response', { ...ref, id: existing.Id }, { attempts: err.attempts });
      return { kind: 'ours', userId: existing.Id };
    }
    if (desired.adoptExisting) {
      if (!existing?.Id) {
        throw err.withHint(`adoptExisting is set, but ListUsers shows no user named '${desired.name}': the name is held by a group or a resource, which a WorkMailUser cannot adopt`);
      }
      return { kind: 'adopted', result: await adopt(existing.Id, desired, deps) };
    }
  }
  throw err.withHint(ADOPT_HINT);
}

function looksJustCreated(user: User, desired: DesiredUser): boolean {
  return user.State === 'DISABLED' && !user.Email && user.EnabledDate === undefined
    && (user.DisplayName === undefined || user.DisplayName === desired.displayName);
}

/**
 * Take over an existing user: reconcile it like an update, never reset its
 * password, never delete it on failure. Its physical id marks it adopted, so
 * no later Delete removes it.
 */
async function adopt(userId: string, desired: DesiredUser, deps: HandlerDeps): Promise<ReconcileResult> {
  const ref = { ...userRef(desired), id: userId };
  logDecision(deps, 'adopt-existing-user', ref);
  try {
    const actual = await describeManaged(deps, ref);
    await converge(deps, ref, desired, actual, undefined);
  } catch (err) {
    const kept = 'The existing user was left in place (not deleted); it is not adopted until this deployment succeeds';
    if (err instanceof WorkMailOperationError) throw err.withHint(kept);
    if (err instanceof EntityStateError) throw new EntityStateError(`${err.message}. ${kept}`);
    throw err;
  }
  return userResult(adoptedPhysicalId(userId), desired);
}

/** Undo a half-made create: delete the user this create made, then report the first failure. */
async function undoCreate(cause: unknown, deps: HandlerDeps, ref: LiveEntityRef): Promise<unknown> {
  logDecision(deps, 'undo-half-made-create', ref);
  try {
    try {
      await deps.workmail.send(deleteUserCommand(ref), ref);
    } catch (err) {
      if (isWorkMailError(err, 'EntityNotFoundException')) return cause;
      // Registered after all (e.g. a lost response): deregister, then delete.
      if (isWorkMailError(err, 'EntityStateException')) await userLifecycle.destroy(deps, ref);
      else throw err;
    }
    return cause;
  } catch (cleanupErr) {
    const byHand = `Undoing the create failed too (${(cleanupErr as Error).message}): remove ${describeEntity(ref)} from organization ${ref.organizationId} by hand`;
    deps.log.error('undo failed', { organizationId: ref.organizationId, entityName: ref.name, entityId: ref.id });
    if (cause instanceof WorkMailOperationError) return cause.withHint(byHand);
    return new Error(`${(cause as Error).message}. ${byHand}`);
  }
}

export async function createUser(desired: DesiredUser, deps: HandlerDeps): Promise<ReconcileResult> {
  // Read the password first: a bad secret must fail before anything is made.
  const password = await deps.readPassword(desired.passwordSecretArn, desired.passwordSecretField);
  const ref = userRef(desired);
  let userId: string;
  try {
    const output = await deps.workmail.send(
      new CreateUserCommand({ OrganizationId: desired.organizationId, Name: desired.name, DisplayName: desired.displayName, Password: password }),
      { ...ref, redact: [password] },
    );
    if (!output.UserId) throw new EntityStateError(`CreateUser returned no UserId for ${describeEntity(ref)} in organization ${desired.organizationId}`);
    userId = output.UserId;
  } catch (err) {
    if (!isWorkMailError(err, 'NameAvailabilityException')) throw err;
    const taken = await onNameTaken(err, desired, deps);
    if (taken.kind === 'adopted') return taken.result;
    userId = taken.userId;
  }

  const created = { ...ref, id: userId };
  const email = registeredEmail(desired);
  if (email === undefined) {
    logDecision(deps, 'not-registered', created, { reason: desired.enabled === false ? 'enabled is false' : 'no email declared' });
    return userResult(userId, desired);
  }
  try {
    await userLifecycle.register(deps, created, email);
  } catch (err) {
    throw await undoCreate(err, deps, created);
  }
  return userResult(userId, desired);
}
