/**
 * Bounded waits for WorkMail's eventual consistency (e.g. DeleteUser answers
 * EntityStateException for a while after DeregisterFromWorkMail). Bounded, so a
 * deployment fails with a clear message instead of hanging until the Lambda
 * timeout; and no wait starts that would end past the event's deadline.
 */
import { Deadline } from './deadline';

export interface WaitPolicy {
  /** How many times to try in all (at least 1). */
  readonly attempts: number;
  /** Pause between two tries. */
  readonly delayMs: number;
}

/** About two minutes, as Terraform's provider waits for DeleteUser. */
export const DEFAULT_WAIT: WaitPolicy = { attempts: 24, delayMs: 5_000 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What a bounded wait is for, to name it when the deadline stops it: "DeleteUser for user 'bob' (S-1)". */
export interface WaitFor {
  readonly what: string;
  /** The event's deadline; undefined: only the policy bounds the wait. */
  readonly deadline?: Deadline;
}

/**
 * Run `run` until it succeeds, while `retryable` says the failure is one to
 * wait out, at most `policy.attempts` times. The last failure escapes; a wait
 * that would end past the deadline is not begun (a DeadlineError naming the try).
 */
export async function retryBounded<T>(
  policy: WaitPolicy,
  run: (attempt: number) => Promise<T>,
  retryable: (err: unknown) => boolean,
  onRetry?: (err: unknown, attempt: number) => void,
  waitFor?: WaitFor,
): Promise<T> {
  const attempts = Math.max(1, policy.attempts);
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    try {
      return await run(attempt);
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      // The next try will take about as long as this one did: no wait begins that it could not end.
      const deadline = waitFor?.deadline;
      if (deadline !== undefined && !deadline.allows(policy.delayMs + (Date.now() - started))) {
        throw deadline.stop(`retry ${waitFor!.what} (tried ${attempt} of ${attempts} times, each answered ${errorName(err)})`);
      }
      onRetry?.(err, attempt);
      await sleep(policy.delayMs);
    }
  }
}

function errorName(err: unknown): string {
  const named = err as { errorName?: unknown; name?: unknown };
  return String(named?.errorName ?? named?.name ?? 'an error');
}
