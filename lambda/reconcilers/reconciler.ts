/**
 * What every entity kind implements, and what it is given. Reconcilers take
 * their dependencies instead of building them, so tests can point them at an
 * emulator, shorten the waits and capture the log.
 */
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { Logger } from '../logger';
import { ReadPassword } from '../secrets';
import { RollbackCheck } from '../stack-status';
import { WaitPolicy } from '../wait';
import { WorkMailApi } from '../workmail-client';

export interface HandlerDeps {
  readonly workmail: WorkMailApi;
  readonly readPassword: ReadPassword;
  /** Bound on waits for eventual consistency (e.g. DeleteUser after deregistering). */
  readonly wait: WaitPolicy;
  readonly log: Logger;
  /**
   * Whether the stack is rolling back (an Update then carries the old
   * properties). Only for the paths where a rollback must be handled
   * differently; false when the status cannot be read.
   */
  readonly isRollingBack: RollbackCheck;
}

/** What the provider framework expects back: a new id on Update means replacement. */
export interface ReconcileResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

export interface Reconciler {
  create(event: CloudFormationCustomResourceCreateEvent, deps: HandlerDeps): Promise<ReconcileResult>;
  update(event: CloudFormationCustomResourceUpdateEvent, deps: HandlerDeps): Promise<ReconcileResult>;
  /** Must return the event's PhysicalResourceId. */
  delete(event: CloudFormationCustomResourceDeleteEvent, deps: HandlerDeps): Promise<ReconcileResult>;
}
