/**
 * The time an event has left. Lambda stops a function at its timeout without a
 * word, and CloudFormation then waits for an answer that never comes (and the
 * provider framework reports only "timed out"). So the handler stops starting
 * calls, SDK retries and waits before that, keeping a reserve to undo a
 * half-made create and to answer with what was done and what was not.
 */

/**
 * The reserve kept back from the event's time, defined once: a share of the
 * time the event started with, at most `maxMs`. With the provider's 14-minute
 * timeout that is 30 s, enough for an undo (deregister, delete) with SDK retries.
 */
export const DEADLINE_RESERVE = { share: 0.2, maxMs: 30_000 } as const;

/** The part of the reserve that the undo may not use: the answer's own time. */
const ANSWER_SHARE_OF_RESERVE = 0.25;

/** What the Lambda context tells of the time left (`Context.getRemainingTimeInMillis` of `@types/aws-lambda`). */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** Which part of the event's time a deadline ends: the work, or the undo within the reserve. */
export type DeadlinePhase = 'work' | 'undo';

export class Deadline {
  /** The deadline of an event whose context tells its time; undefined when nothing tells it (tests, tools). */
  public static of(context: Partial<RemainingTime> | undefined, now = Date.now()): Deadline | undefined {
    if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
    const remaining = context.getRemainingTimeInMillis();
    if (!Number.isFinite(remaining)) return undefined;
    return Deadline.in(Math.max(0, remaining), now);
  }

  /** A deadline `remainingMs` from `now`, with the reserve of DEADLINE_RESERVE. */
  public static in(remainingMs: number, now = Date.now()): Deadline {
    const reserveMs = Math.round(Math.min(DEADLINE_RESERVE.maxMs, remainingMs * DEADLINE_RESERVE.share));
    return new Deadline(now + remainingMs, reserveMs, 'work');
  }

  private constructor(
    /** When the function is stopped (epoch ms). */
    public readonly endsAt: number,
    /** What is kept back from the work for the undo and the answer. */
    public readonly reserveMs: number,
    public readonly phase: DeadlinePhase,
  ) {}

  /** When this phase must have stopped starting anything (epoch ms). */
  public get stopsAt(): number {
    return this.phase === 'work' ? this.endsAt - this.reserveMs : this.endsAt - Math.round(this.reserveMs * ANSWER_SHARE_OF_RESERVE);
  }

  /** Time left in this phase (never negative). */
  public msLeft(now = Date.now()): number {
    return Math.max(0, this.stopsAt - now);
  }

  /** Time left before the function is stopped (never negative). */
  public msToEnd(now = Date.now()): number {
    return Math.max(0, this.endsAt - now);
  }

  /** Whether something that takes `ms` can still start and end within this phase. */
  public allows(ms: number, now = Date.now()): boolean {
    return this.msLeft(now) > ms;
  }

  /** The same event's deadline for undoing what the work made: it ends inside the reserve. */
  public forUndo(): Deadline {
    return new Deadline(this.endsAt, this.reserveMs, 'undo');
  }

  /** A signal that aborts when this phase ends (the SDK's `abortSignal`: stops its retries, their waits and a hung request). */
  public signal(now = Date.now()): AbortSignal {
    return AbortSignal.timeout(this.msLeft(now));
  }

  /** The error for a step not taken: `notDone` says what, e.g. "RegisterToWorkMail for user 'alice' (S-1)". */
  public stop(notDone: string, options: { mayHaveRun?: boolean } = {}): DeadlineError {
    const mayHaveRun = options.mayHaveRun ?? false;
    return new DeadlineError({ notDone, msToEnd: this.msToEnd(), reserveMs: this.reserveMs, phase: this.phase, mayHaveRun });
  }
}

export interface DeadlineErrorProps {
  /** The step that was not taken (or not confirmed), named with its entity. */
  readonly notDone: string;
  /** Time left before the function is stopped when the step was given up. */
  readonly msToEnd: number;
  readonly reserveMs: number;
  readonly phase: DeadlinePhase;
  /** The call was under way when it was given up: the service may have carried it out. */
  readonly mayHaveRun: boolean;
  /** The writes the event made before, in order. */
  readonly done?: readonly string[];
  /** What was done to take back a half-made create, or what is left to do by hand. */
  readonly undo?: string;
}

/** The event ran out of time: the message says what was done, what was not and what was undone. */
export class DeadlineError extends Error {
  public readonly props: DeadlineErrorProps;

  constructor(props: DeadlineErrorProps) {
    super(deadlineMessage(props));
    this.name = 'DeadlineError';
    this.props = props;
  }

  public get mayHaveRun(): boolean {
    return this.props.mayHaveRun;
  }

  /** The same error, naming the writes made before it (set once, by the dispatcher). */
  public withDone(done: readonly string[]): DeadlineError {
    return new DeadlineError({ ...this.props, done });
  }

  /** The same error, saying how a half-made create was taken back (or that it could not be). */
  public withUndo(undo: string): DeadlineError {
    return new DeadlineError({ ...this.props, undo });
  }
}

function deadlineMessage(props: DeadlineErrorProps): string {
  const unsure = props.mayHaveRun ? ' (it was under way and may have been carried out)' : '';
  const parts = [
    `The function's time ran out (${props.msToEnd}ms left before its timeout, ${props.reserveMs}ms kept to undo and answer): ` +
    `did not ${props.notDone}${unsure}`,
  ];
  if (props.done !== undefined) parts.push(props.done.length > 0 ? `Done before: ${props.done.join(', ')}` : 'Nothing was changed before');
  if (props.undo !== undefined) parts.push(props.undo);
  return parts.join('. ');
}

/** Whether `err` is the event running out of time. */
export function isDeadlineError(err: unknown): err is DeadlineError {
  return err instanceof DeadlineError;
}
