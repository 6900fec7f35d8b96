/**
 * Create the declared user (also the new user of a replacement), crash-safe:
 * a retried create whose first response was lost claims the user it made, a
 * name already taken is adopted only when declared (and otherwise fails with
 * the way to adopt it), and a create that fails half-way undoes what it made.
 * A replacement rolled back meets the name of the user it replaced: that user
 * is taken back and the replacing one deleted.
 */
import { CreateUserCommand, User } from '@aws-sdk/client-workmail';
import { converge } from './converge';
import { deleteUserCommand, describeManaged, findUserByName, userLifecycle } from './entity';
import { DesiredUser, adoptedPhysicalId, parsePhysicalId, registeredEmail, userRef, userResult } from './parse';
import { EntityStateError, WorkMailOperationError, describeEntity, isWorkMailError } from '../../errors';
import { logDecision } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps, ReconcileResult } from '../reconciler';

const ADOPT_HINT = 'The user already exists in the organization; set adoptExisting: true on the WorkMailUser to take it over (it is then reconciled, never re-created)';

/** The resource a replacement creates for: the stack, and the user the resource holds now. */
export interface Replacing {
  readonly stackId: string;
  readonly physicalId: string;
  readonly user: LiveEntityRef;
}

type NameTaken = { readonly kind: 'ours'; readonly userId: string } | { readonly kind: 'resolved'; readonly result: ReconcileResult };

/**
 * CreateUser answered NameAvailabilityException: the rollback of a replacement,
 * our own lost create, an adoption, or a clear failure.
 */
async function onNameTaken(err: WorkMailOperationError, desired: DesiredUser, deps: HandlerDeps, replacing?: Replacing): Promise<NameTaken> {
  const ref = userRef(desired);
  const rollingBack = replacing !== undefined && await deps.isRollingBack(replacing.stackId, deps.log);
  if (rollingBack || err.earlierAttemptMayHaveSucceeded || desired.adoptExisting) {
    const existing = await findUserByName(deps, desired.organizationId, desired.name);
    if (rollingBack && existing?.Id) return { kind: 'resolved', result: await restoreReplaced(existing.Id, desired, deps, replacing) };
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
      return { kind: 'resolved', result: await adopt(existing.Id, desired, deps) };
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
  await convergeExisting(deps, ref, desired, 'The existing user was left in place (not deleted); it is not adopted until this deployment succeeds');
  return userResult(adoptedPhysicalId(userId), desired);
}

/**
 * The rollback of a replacement that succeeded: CloudFormation sends the old
 * declaration to the new user's id, and the user of the declared name is the
 * one the resource held before (the failed deployment's cleanup never deleted
 * it). Delete the user that deployment made (never an adopted one), converge
 * the old user back without touching its password, and answer its id.
 */
async function restoreReplaced(userId: string, desired: DesiredUser, deps: HandlerDeps, replacing: Replacing): Promise<ReconcileResult> {
  const ref = { ...userRef(desired), id: userId };
  const made = replacing.user;
  const { adopted } = parsePhysicalId(replacing.physicalId);
  logDecision(deps, 'rollback-replacement', ref, { replacedId: made.id, replacedName: made.name, replacedAdopted: String(adopted) });
  if (!adopted && made.id !== userId) await userLifecycle.destroy(deps, made);
  await convergeExisting(deps, ref, desired, 'The user was left in place (not deleted): continue the update rollback once the cause is fixed');
  return userResult(desired.adoptExisting ? adoptedPhysicalId(userId) : userId, desired);
}

/** Converge a user that exists already, never resetting its password; a failure says what was kept. */
async function convergeExisting(deps: HandlerDeps, ref: LiveEntityRef, desired: DesiredUser, kept: string): Promise<void> {
  try {
    const actual = await describeManaged(deps, ref);
    await converge(deps, ref, desired, actual, undefined);
  } catch (err) {
    if (err instanceof WorkMailOperationError) throw err.withHint(kept);
    if (err instanceof EntityStateError) throw new EntityStateError(`${err.message}. ${kept}`);
    throw err;
  }
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

/** `replacing` is set when the user replaces the one a resource holds (a rename or a move). */
export async function createUser(desired: DesiredUser, deps: HandlerDeps, replacing?: Replacing): Promise<ReconcileResult> {
  // Read the password first: a bad secret must fail before anything is made.
  const password = desired.passwordSecretArn === undefined
    ? undefined
    : await deps.readPassword(desired.passwordSecretArn, desired.passwordSecretField);
  const ref = userRef(desired);
  let userId: string;
  try {
    const output = await deps.workmail.send(
      new CreateUserCommand({ OrganizationId: desired.organizationId, Name: desired.name, DisplayName: desired.displayName, Password: password }),
      { ...ref, redact: password === undefined ? [] : [password] },
    );
    if (!output.UserId) throw new EntityStateError(`CreateUser returned no UserId for ${describeEntity(ref)} in organization ${desired.organizationId}`);
    userId = output.UserId;
  } catch (err) {
    if (!isWorkMailError(err, 'NameAvailabilityException')) throw err;
    const taken = await onNameTaken(err, desired, deps, replacing);
    if (taken.kind === 'resolved') return taken.result;
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
