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
import { Deadline } from '../deadline';
import { Logger } from '../logger';
import { RawProperties, ResourceLabel } from '../properties';
import { ReadPassword } from '../secrets';
import { OperationStartCheck, RollbackCheck } from '../stack-status';
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
  /**
   * When the stack operation an event belongs to began (DescribeStacks: LastUpdatedTime, else
   * CreationTime). Only asked to tell a retried Create's own work from an older entity;
   * undefined when the stack cannot be read.
   */
  readonly stackOperationStart: OperationStartCheck;
  /**
   * The event's deadline (from the Lambda context): no call, retry or wait starts that would end
   * past it. Undefined: none is known (only the waits' and the SDK's own bounds apply).
   */
  readonly deadline?: Deadline;
}

/**
 * The same dependencies in the reserve of the event's time, to undo a half-made create after
 * the work was stopped (or failed) and still answer before the function is stopped.
 */
export function inReserve(deps: HandlerDeps): HandlerDeps {
  return { ...deps, deadline: deps.deadline?.forUndo(), workmail: deps.workmail.forUndo() };
}

/** What the provider framework expects back: a new id on Update means replacement. */
export interface ReconcileResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/**
 * One resource type's handling, over its parsed declaration `D`. The dispatcher
 * parses ResourceProperties (and OldResourceProperties) with `parse`, and owns
 * the rule that a Delete answers the event's own physical id.
 */
export interface ReconcilerOf<D> {
  /** The declaration from CloudFormation's strings; throws InvalidPropertyError naming the property. */
  parse(props: RawProperties, label: ResourceLabel): D;
  create(desired: D, event: CloudFormationCustomResourceCreateEvent, deps: HandlerDeps): Promise<ReconcileResult>;
  /** `old` is the previous declaration, undefined when it no longer parses (logged by the dispatcher). */
  update(desired: D, old: D | undefined, event: CloudFormationCustomResourceUpdateEvent, deps: HandlerDeps): Promise<ReconcileResult>;
  /** `deployed` is the declaration being deleted, undefined when it does not parse (it was then never created). */
  delete(deployed: D | undefined, event: CloudFormationCustomResourceDeleteEvent, deps: HandlerDeps): Promise<void>;
}

/** A reconciler with its declaration type erased, as the dispatcher's registry holds it. */
export type Reconciler = ReconcilerOf<unknown>;

/** Registers a typed reconciler: the dispatcher only ever hands it what its own `parse` returned. */
export function reconciler<D>(typed: ReconcilerOf<D>): Reconciler {
  return typed as unknown as Reconciler;
}
