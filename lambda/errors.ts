/**
 * Typed errors. The provider framework turns an error's message into the
 * CloudFormation Reason, so every message names what failed and where, and
 * none ever carries a secret value.
 */

export type EntityKind = 'organization' | 'user' | 'group' | 'resource' | 'alias' | 'delegate' | 'mailbox';

/** The entity a call is about, for log lines and messages. */
export interface EntityRef {
  readonly kind: EntityKind;
  readonly organizationId: string;
  readonly name?: string;
  readonly id?: string;
}

/** `user 'alice' (S-1-1-…)`, `user 'alice'` or `user S-1-1-…`. */
export function describeEntity(entity: EntityRef): string {
  if (entity.name !== undefined && entity.id !== undefined) {
    return `${entity.kind} '${entity.name}' (${entity.id})`;
  }
  if (entity.name !== undefined) return `${entity.kind} '${entity.name}'`;
  return `${entity.kind} ${entity.id ?? '(unknown)'}`;
}

/** What one SDK attempt ended with (the SDK retries inside one `send`). */
export interface AttemptOutcome {
  readonly errorName?: string;
  readonly httpStatusCode?: number;
}

/** Errors the service answers before it does any work (throttling): such an attempt changed nothing. */
const REJECTED_UNPROCESSED = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'Throttling',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ThrottledException',
]);

/** Whether the attempt was refused before the service did any work (throttled). */
export function rejectedUnprocessed(outcome: AttemptOutcome): boolean {
  return outcome.httpStatusCode === 429 || (outcome.errorName !== undefined && REJECTED_UNPROCESSED.has(outcome.errorName));
}

export interface WorkMailOperationErrorProps {
  readonly operation: string;
  readonly entity: EntityRef;
  readonly errorName: string;
  readonly serviceMessage: string;
  /** How many attempts the SDK made (`$metadata.attempts`). */
  readonly attempts: number;
  /** Outcome of every attempt, in order, when known. */
  readonly attemptOutcomes?: readonly AttemptOutcome[];
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  /** What the user can do about it, appended to the message. */
  readonly hint?: string;
}

/** A failed WorkMail call, named after the operation, the entity, the organization and the WorkMail error. */
export class WorkMailOperationError extends Error {
  public readonly operation: string;
  public readonly entity: EntityRef;
  public readonly errorName: string;
  public readonly serviceMessage: string;
  public readonly attempts: number;
  public readonly attemptOutcomes: readonly AttemptOutcome[];
  public readonly httpStatusCode?: number;
  public readonly requestId?: string;
  public readonly hint?: string;

  constructor(props: WorkMailOperationErrorProps) {
    const detail = props.serviceMessage ? `${props.errorName}: ${props.serviceMessage}` : props.errorName;
    const base = `${props.operation} failed for ${describeEntity(props.entity)} in organization ${props.entity.organizationId}: ${detail}`;
    super(props.hint ? `${base}. ${props.hint}` : base);
    this.name = 'WorkMailOperationError';
    this.operation = props.operation;
    this.entity = props.entity;
    this.errorName = props.errorName;
    this.serviceMessage = props.serviceMessage;
    this.attempts = props.attempts;
    this.attemptOutcomes = props.attemptOutcomes ?? [];
    this.httpStatusCode = props.httpStatusCode;
    this.requestId = props.requestId;
    this.hint = props.hint;
  }

  /** The same error with a hint (the way out) appended to its message. */
  public withHint(hint: string): WorkMailOperationError {
    return new WorkMailOperationError({ ...this.props(), hint: this.hint ? `${this.hint}. ${hint}` : hint });
  }

  /**
   * Whether an earlier attempt of this call may have been carried out by the
   * service with its response lost (a 5xx, a timeout or a dropped connection,
   * then an SDK retry). Throttled attempts were refused before any work.
   */
  public get earlierAttemptMayHaveSucceeded(): boolean {
    if (this.attempts <= 1) return false;
    const earlier = this.attemptOutcomes.slice(0, -1);
    if (earlier.length === 0) return true; // outcomes unknown: assume the worst
    return earlier.some((outcome) => !rejectedUnprocessed(outcome));
  }

  private props(): WorkMailOperationErrorProps {
    return {
      operation: this.operation,
      entity: this.entity,
      errorName: this.errorName,
      serviceMessage: this.serviceMessage,
      attempts: this.attempts,
      attemptOutcomes: this.attemptOutcomes,
      httpStatusCode: this.httpStatusCode,
      requestId: this.requestId,
      hint: this.hint,
    };
  }
}

/** Whether `err` is a WorkMail failure with one of the given error names. */
export function isWorkMailError(err: unknown, ...errorNames: string[]): err is WorkMailOperationError {
  return err instanceof WorkMailOperationError && (errorNames.length === 0 || errorNames.includes(err.errorName));
}

/** A resource property is missing or malformed. */
export class InvalidPropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPropertyError';
  }
}

/** The password secret could not be read or does not hold a password. Never carries the value. */
export class SecretReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretReadError';
  }
}

/** The entity the stack manages is gone or not in a state the stack can converge. */
export class EntityStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntityStateError';
  }
}
