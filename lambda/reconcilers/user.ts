/**
 * Custom::WorkMailUser: create, update (in place or by replacement) and delete
 * a WorkMail user, reading the actual state first and making only the calls
 * that change something. Organizations already hold hand-made mailboxes, so
 * nothing here deletes or re-creates a user the stack did not make, and an
 * adopted user's password is never reset.
 */
import {
  CreateUserCommand,
  DeleteUserCommand,
  DeregisterFromWorkMailCommand,
  DescribeUserCommand,
  DescribeUserCommandOutput,
  ListUsersCommand,
  RegisterToWorkMailCommand,
  ResetPasswordCommand,
  UpdatePrimaryEmailAddressCommand,
  UpdateUserCommand,
  User,
} from '@aws-sdk/client-workmail';
import type { CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { RemovalPolicyValue, WorkMailResourceType } from '../../src/provider/resource-properties';
import { EntityRef, EntityStateError, WorkMailOperationError, describeEntity, isWorkMailError } from '../errors';
import { RawProperties, ResourceLabel, booleanProperty, optionalString, removalPolicy, requiredString } from '../properties';
import { retryBounded } from '../wait';
import { HandlerDeps, ReconcileResult, Reconciler } from './reconciler';

/** The declaration, parsed. */
export interface DesiredUser {
  readonly organizationId: string;
  readonly name: string;
  readonly displayName: string;
  readonly email?: string;
  readonly enabled: boolean;
  readonly passwordSecretArn: string;
  readonly passwordSecretField?: string;
  readonly removalPolicy: RemovalPolicyValue;
  readonly adoptExisting: boolean;
}

export function parseUser(props: RawProperties, logicalId: string): DesiredUser {
  const label: ResourceLabel = { resourceType: WorkMailResourceType.USER, logicalId };
  return {
    organizationId: requiredString(props, 'OrganizationId', label),
    name: requiredString(props, 'Name', label),
    displayName: requiredString(props, 'DisplayName', label),
    email: optionalString(props, 'Email', label),
    enabled: booleanProperty(props, 'Enabled', label),
    passwordSecretArn: requiredString(props, 'PasswordSecretArn', label),
    passwordSecretField: optionalString(props, 'PasswordSecretField', label),
    removalPolicy: removalPolicy(props, 'RemovalPolicy', label),
    adoptExisting: booleanProperty(props, 'AdoptExisting', label, false),
  };
}

/** The address the user is registered under, or undefined when it should not be registered (no email means no mailbox). */
function registeredEmail(desired: DesiredUser): string | undefined {
  return desired.enabled ? desired.email : undefined;
}

/** WorkMail names and addresses are case-insensitive. */
function sameText(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function userRef(desired: DesiredUser, id?: string): EntityRef {
  return { kind: 'user', organizationId: desired.organizationId, name: desired.name, id };
}

function result(userId: string, desired: DesiredUser): ReconcileResult {
  return { PhysicalResourceId: userId, Data: { UserId: userId, Email: registeredEmail(desired) ?? '' } };
}

function logDecision(deps: HandlerDeps, decision: string, ref: EntityRef, fields: Record<string, string | number | undefined> = {}): void {
  deps.log.info('decision', { decision, organizationId: ref.organizationId, entityName: ref.name, entityId: ref.id, ...fields });
}

// ---------------------------------------------------------------------------
// Reads

/** DescribeUser, or undefined when the user does not exist. */
async function describeUser(deps: HandlerDeps, ref: EntityRef & { id: string }): Promise<DescribeUserCommandOutput | undefined> {
  try {
    return await deps.workmail.send(new DescribeUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException')) return undefined;
    throw err;
  }
}

/** The live (not DELETED) user of that name, compared case-insensitively. */
async function findUserByName(deps: HandlerDeps, organizationId: string, name: string): Promise<User | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await deps.workmail.send(
      new ListUsersCommand({ OrganizationId: organizationId, MaxResults: 100, NextToken: nextToken }),
      { kind: 'user', organizationId, name },
    );
    const found = (page.Users ?? []).find((user) => user.State !== 'DELETED' && sameText(user.Name, name));
    if (found) return found;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

function isGone(actual: DescribeUserCommandOutput | undefined): boolean {
  return actual === undefined || actual.State === 'DELETED';
}

// ---------------------------------------------------------------------------
// Idempotent writes: a retried call whose first attempt already took effect
// (lost response) answers with an error that describes the state we wanted.

async function register(deps: HandlerDeps, ref: EntityRef & { id: string }, email: string): Promise<void> {
  try {
    await deps.workmail.send(new RegisterToWorkMailCommand({ OrganizationId: ref.organizationId, EntityId: ref.id, Email: email }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityAlreadyRegisteredException', 'EmailAddressInUseException')) {
      const actual = await describeUser(deps, ref);
      if (actual?.State === 'ENABLED' && sameText(actual.Email, email)) {
        logDecision(deps, 'already-registered-with-desired-email', ref, { errorName: err.errorName });
        return;
      }
    }
    throw err;
  }
}

async function updatePrimaryEmail(deps: HandlerDeps, ref: EntityRef & { id: string }, email: string): Promise<void> {
  try {
    await deps.workmail.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ref.organizationId, EntityId: ref.id, Email: email }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EmailAddressInUseException')) {
      const actual = await describeUser(deps, ref);
      if (sameText(actual?.Email, email)) {
        logDecision(deps, 'primary-email-already-desired', ref);
        return;
      }
    }
    throw err;
  }
}

/** Returns 'gone' when the user no longer exists. */
async function deregister(deps: HandlerDeps, ref: EntityRef & { id: string }): Promise<'done' | 'gone'> {
  try {
    await deps.workmail.send(new DeregisterFromWorkMailCommand({ OrganizationId: ref.organizationId, EntityId: ref.id }), ref);
    return 'done';
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException')) return 'gone';
    if (isWorkMailError(err, 'EntityStateException')) {
      const actual = await describeUser(deps, ref);
      if (isGone(actual)) return 'gone';
      if (actual?.State === 'DISABLED') {
        logDecision(deps, 'already-deregistered', ref);
        return 'done';
      }
    }
    throw err;
  }
}

/**
 * DeleteUser, waiting out EntityStateException while a deregistration settles
 * (bounded by deps.wait). A missing or already DELETED user counts as deleted.
 */
async function deleteWithWait(deps: HandlerDeps, ref: EntityRef & { id: string }): Promise<void> {
  try {
    await retryBounded(deps.wait, async () => {
      try {
        await deps.workmail.send(new DeleteUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id }), ref);
      } catch (err) {
        if (isWorkMailError(err, 'EntityNotFoundException')) {
          logDecision(deps, 'already-deleted', ref, { errorName: err.errorName });
          return;
        }
        if (isWorkMailError(err, 'EntityStateException') && isGone(await describeUser(deps, ref))) {
          logDecision(deps, 'already-deleted', ref, { errorName: err.errorName });
          return;
        }
        throw err;
      }
    }, (err) => isWorkMailError(err, 'EntityStateException'), (_err, attempt) => {
      logDecision(deps, 'wait-before-delete-retry', ref, { attempt, delayMs: deps.wait.delayMs });
    });
  } catch (err) {
    if (isWorkMailError(err, 'EntityStateException')) {
      const seconds = Math.round((deps.wait.attempts * deps.wait.delayMs) / 1000);
      throw err.withHint(`The user was still not deletable after ${deps.wait.attempts} tries over about ${seconds}s; WorkMail may still be deregistering it: retry the deployment later`);
    }
    throw err;
  }
}

/** Deregister if needed, then delete. Nothing to do when the user is already gone. */
async function destroyUser(deps: HandlerDeps, ref: EntityRef & { id: string }): Promise<void> {
  const actual = await describeUser(deps, ref);
  if (isGone(actual)) {
    logDecision(deps, 'already-gone', ref, { state: actual?.State ?? 'not found' });
    return;
  }
  if (actual?.State === 'ENABLED' && (await deregister(deps, ref)) === 'gone') {
    logDecision(deps, 'already-gone', ref);
    return;
  }
  await deleteWithWait(deps, ref);
}

// ---------------------------------------------------------------------------
// Converge an existing user to the declaration (update in place, adoption)

async function converge(
  deps: HandlerDeps,
  ref: EntityRef & { id: string },
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
    await register(deps, ref, email);
  } else if (email !== undefined && actual.State === 'ENABLED' && !sameText(actual.Email, email)) {
    logDecision(deps, 'update-primary-email', ref);
    await updatePrimaryEmail(deps, ref, email);
  } else if (email === undefined && actual.State === 'ENABLED') {
    logDecision(deps, 'deregister', ref, { reason: desired.enabled ? 'no email declared' : 'enabled is false' });
    await deregister(deps, ref);
  }
  if (newPassword !== undefined) {
    logDecision(deps, 'reset-password', ref, { reason: 'password secret changed' });
    await deps.workmail.send(
      new ResetPasswordCommand({ OrganizationId: ref.organizationId, UserId: ref.id, Password: newPassword }),
      { ...ref, redact: [newPassword] },
    );
  }
}

/** DescribeUser for a user the stack manages; a missing one is an error that says what to do. */
async function describeManaged(deps: HandlerDeps, ref: EntityRef & { id: string }): Promise<DescribeUserCommandOutput> {
  const actual = await describeUser(deps, ref);
  if (actual === undefined || actual.State === 'DELETED') {
    const found = actual === undefined ? 'EntityNotFoundException' : 'State DELETED';
    throw new EntityStateError(
      `DescribeUser for ${describeEntity(ref)} in organization ${ref.organizationId}: ${found}. ` +
      'The user was deleted outside the stack: rename it in the stack to create a new one, or remove it from the stack',
    );
  }
  return actual;
}

// ---------------------------------------------------------------------------
// Create

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

/** Take over an existing user: reconcile it like an update, never reset its password, never delete it on failure. */
async function adopt(userId: string, desired: DesiredUser, deps: HandlerDeps): Promise<ReconcileResult> {
  const ref = { ...userRef(desired), id: userId };
  logDecision(deps, 'adopt-existing-user', ref);
  try {
    const actual = await describeManaged(deps, ref);
    await converge(deps, ref, desired, actual, undefined);
  } catch (err) {
    const kept = 'The existing user was adopted as found and left in place (not deleted)';
    if (err instanceof WorkMailOperationError) throw err.withHint(kept);
    throw err;
  }
  return result(userId, desired);
}

/** Undo a half-made create: delete the user this create made, then report the first failure. */
async function undoCreate(cause: unknown, deps: HandlerDeps, ref: EntityRef & { id: string }): Promise<unknown> {
  logDecision(deps, 'undo-half-made-create', ref);
  try {
    try {
      await deps.workmail.send(new DeleteUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id }), ref);
    } catch (err) {
      if (isWorkMailError(err, 'EntityNotFoundException')) return cause;
      // Registered after all (e.g. a lost response): deregister, then delete.
      if (isWorkMailError(err, 'EntityStateException')) await destroyUser(deps, ref);
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

/** Create the declared user (also the new user of a replacement). */
async function createUser(desired: DesiredUser, deps: HandlerDeps): Promise<ReconcileResult> {
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
    logDecision(deps, 'not-registered', created, { reason: desired.enabled ? 'no email declared' : 'enabled is false' });
    return result(userId, desired);
  }
  try {
    await register(deps, created, email);
  } catch (err) {
    throw await undoCreate(err, deps, created);
  }
  return result(userId, desired);
}

// ---------------------------------------------------------------------------
// Update

/** A rename to another name (not just another case) or a move to another organization needs a new user. */
async function replace(
  event: CloudFormationCustomResourceUpdateEvent,
  desired: DesiredUser,
  deps: HandlerDeps,
  current: DescribeUserCommandOutput | undefined,
  oldOrganizationId?: string,
  oldName?: string,
): Promise<ReconcileResult> {
  const oldRef = { kind: 'user' as const, organizationId: oldOrganizationId ?? desired.organizationId, name: oldName, id: event.PhysicalResourceId };
  logDecision(deps, 'replace', oldRef, {
    reason: oldOrganizationId !== desired.organizationId ? 'organization changed' : 'name changed',
    newName: desired.name,
    newOrganizationId: desired.organizationId,
  });
  // CloudFormation deletes the old user only after the new one exists, so the
  // new one cannot take an address the old one still holds.
  const email = registeredEmail(desired);
  if (email !== undefined && oldOrganizationId === desired.organizationId) {
    const old = current;
    if (!isGone(old) && sameText(old?.Email, email)) {
      throw new EntityStateError(
        `Cannot replace ${describeEntity(oldRef)} by user '${desired.name}' in organization ${desired.organizationId}: ` +
        `the address ${email} still belongs to the user being replaced, and WorkMail cannot move an address between two users in one deployment ` +
        '(the old user is deleted only after the new one exists). Nothing was created. ' +
        `Keep the name '${oldName}', or give the renamed user another address (or none) first and move ${email} in a later deployment ` +
        '(a retained old user keeps the address until it is removed)',
      );
    }
  }
  return createUser(desired, deps);
}

function oldString(props: RawProperties, name: string): string | undefined {
  const value = props[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// ---------------------------------------------------------------------------

export const userReconciler: Reconciler = {
  async create(event, deps) {
    return createUser(parseUser(event.ResourceProperties, event.LogicalResourceId), deps);
  },

  async update(event, deps) {
    const desired = parseUser(event.ResourceProperties, event.LogicalResourceId);
    const old = event.OldResourceProperties;
    const oldOrganizationId = oldString(old, 'OrganizationId');
    const oldName = oldString(old, 'Name');
    const ref = { ...userRef(desired), id: event.PhysicalResourceId };
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
    const passwordChanged = oldString(old, 'PasswordSecretArn') !== desired.passwordSecretArn
      || oldString(old, 'PasswordSecretField') !== desired.passwordSecretField;
    // Read a new password before any change, so a bad secret changes nothing.
    const newPassword = passwordChanged ? await deps.readPassword(desired.passwordSecretArn, desired.passwordSecretField) : undefined;
    const actual = current ?? await describeManaged(deps, ref);
    await converge(deps, ref, desired, actual, newPassword);
    return result(event.PhysicalResourceId, desired);
  },

  async delete(event, deps) {
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
      await destroyUser(deps, ref);
    } catch (err) {
      if (!isWorkMailError(err, 'OrganizationNotFoundException')) throw err;
      logDecision(deps, 'organization-gone', ref, { errorName: err.errorName });
    }
    return { PhysicalResourceId: event.PhysicalResourceId };
  },
};
