/**
 * The mail lifecycle WorkMail gives users, groups and resources alike (the
 * calls that take an EntityId): register, change the primary address,
 * deregister, and delete once deregistered. One copy, so every kind keeps the
 * same idempotence, waits and messages; a kind supplies only how it is
 * described and how it is deleted.
 *
 * Each write is idempotent: a retried call whose first attempt already took
 * effect (lost response) answers with an error that describes the state we
 * wanted, and that is read back and accepted.
 */
import { DeregisterFromWorkMailCommand, RegisterToWorkMailCommand, UpdatePrimaryEmailAddressCommand } from '@aws-sdk/client-workmail';
import { EntityRef, describeEntity, isWorkMailError } from '../errors';
import { retryBounded } from '../wait';
import { CommandLike } from '../workmail-client';
import { logDecision, sameText } from './decisions';
import { HandlerDeps } from './reconciler';

/** An entity that exists (or existed) under a known id. */
export type LiveEntityRef = EntityRef & { readonly id: string };

/** What the lifecycle reads of an entity; DescribeUser, DescribeGroup and DescribeResource all answer it. */
export interface MailState {
  readonly State?: string;
  readonly Email?: string;
}

/** What differs between the kinds that share the lifecycle. */
export interface EntityKindCalls {
  /** The entity's state, or undefined when it does not exist. */
  describe(deps: HandlerDeps, ref: LiveEntityRef): Promise<MailState | undefined>;
  /** The kind's delete command (DeleteUser, DeleteGroup, DeleteResource). */
  deleteCommand(ref: LiveEntityRef): CommandLike;
}

export interface EntityLifecycle {
  register(deps: HandlerDeps, ref: LiveEntityRef, email: string): Promise<void>;
  updatePrimaryEmail(deps: HandlerDeps, ref: LiveEntityRef, email: string): Promise<void>;
  /** Returns 'gone' when the entity no longer exists. */
  deregister(deps: HandlerDeps, ref: LiveEntityRef): Promise<'done' | 'gone'>;
  /**
   * Delete, waiting out EntityStateException while a deregistration settles
   * (bounded by deps.wait). A missing or already DELETED entity counts as deleted.
   */
  deleteWithWait(deps: HandlerDeps, ref: LiveEntityRef): Promise<void>;
  /**
   * Deregister if needed, then delete. Nothing to do when the entity is already gone.
   * `declaredRegistered`: the stack last declared it registered, so it deregisters at once instead of
   * reading the state first (a deregistration of an entity that is not registered is read back and accepted).
   */
  destroy(deps: HandlerDeps, ref: LiveEntityRef, declaredRegistered?: boolean): Promise<void>;
}

export function isGone(actual: MailState | undefined): boolean {
  return actual === undefined || actual.State === 'DELETED';
}

export function entityLifecycle(kind: EntityKindCalls): EntityLifecycle {
  async function register(deps: HandlerDeps, ref: LiveEntityRef, email: string): Promise<void> {
    try {
      await deps.workmail.send(new RegisterToWorkMailCommand({ OrganizationId: ref.organizationId, EntityId: ref.id, Email: email }), ref);
    } catch (err) {
      if (isWorkMailError(err, 'EntityAlreadyRegisteredException', 'EmailAddressInUseException')) {
        const actual = await kind.describe(deps, ref);
        if (actual?.State === 'ENABLED' && sameText(actual.Email, email)) {
          logDecision(deps, 'already-registered-with-desired-email', ref, { errorName: err.errorName });
          return;
        }
      }
      throw err;
    }
  }

  async function updatePrimaryEmail(deps: HandlerDeps, ref: LiveEntityRef, email: string): Promise<void> {
    try {
      await deps.workmail.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ref.organizationId, EntityId: ref.id, Email: email }), ref);
    } catch (err) {
      if (isWorkMailError(err, 'EmailAddressInUseException')) {
        const actual = await kind.describe(deps, ref);
        if (sameText(actual?.Email, email)) {
          logDecision(deps, 'primary-email-already-desired', ref);
          return;
        }
      }
      throw err;
    }
  }

  async function deregister(deps: HandlerDeps, ref: LiveEntityRef): Promise<'done' | 'gone'> {
    try {
      await deps.workmail.send(new DeregisterFromWorkMailCommand({ OrganizationId: ref.organizationId, EntityId: ref.id }), ref);
      return 'done';
    } catch (err) {
      if (isWorkMailError(err, 'EntityNotFoundException')) return 'gone';
      if (isWorkMailError(err, 'EntityStateException')) {
        const actual = await kind.describe(deps, ref);
        if (isGone(actual)) return 'gone';
        if (actual?.State === 'DISABLED') {
          logDecision(deps, 'already-deregistered', ref);
          return 'done';
        }
      }
      throw err;
    }
  }

  async function deleteWithWait(deps: HandlerDeps, ref: LiveEntityRef): Promise<void> {
    try {
      await retryBounded(deps.wait, async () => {
        try {
          await deps.workmail.send(kind.deleteCommand(ref), ref);
        } catch (err) {
          if (isWorkMailError(err, 'EntityNotFoundException')) {
            logDecision(deps, 'already-deleted', ref, { errorName: err.errorName });
            return;
          }
          if (isWorkMailError(err, 'EntityStateException') && isGone(await kind.describe(deps, ref))) {
            logDecision(deps, 'already-deleted', ref, { errorName: err.errorName });
            return;
          }
          throw err;
        }
      }, (err) => isWorkMailError(err, 'EntityStateException'), (_err, attempt) => {
        logDecision(deps, 'wait-before-delete-retry', ref, { attempt, delayMs: deps.wait.delayMs });
      }, { what: `the delete of ${describeEntity(ref)} in organization ${ref.organizationId}`, deadline: deps.deadline });
    } catch (err) {
      if (isWorkMailError(err, 'EntityStateException')) {
        const seconds = Math.round((deps.wait.attempts * deps.wait.delayMs) / 1000);
        throw err.withHint(`The ${ref.kind} was still not deletable after ${deps.wait.attempts} tries over about ${seconds}s; WorkMail may still be deregistering it: retry the deployment later`);
      }
      throw err;
    }
  }

  async function destroy(deps: HandlerDeps, ref: LiveEntityRef, declaredRegistered = false): Promise<void> {
    if (declaredRegistered) {
      if ((await deregister(deps, ref)) === 'gone') {
        logDecision(deps, 'already-gone', ref);
        return;
      }
      await deleteWithWait(deps, ref);
      return;
    }
    const actual = await kind.describe(deps, ref);
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

  return { register, updatePrimaryEmail, deregister, deleteWithWait, destroy };
}
