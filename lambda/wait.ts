/**
 * Bounded waits for WorkMail's eventual consistency (e.g. DeleteUser answers
 * EntityStateException for a while after DeregisterFromWorkMail). Bounded, so a
 * deployment fails with a clear message instead of hanging until the Lambda
 * timeout.
 */

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

/**
 * Run `run` until it succeeds, while `retryable` says the failure is one to
 * wait out, at most `policy.attempts` times. The last failure escapes.
 */
export async function retryBounded<T>(
  policy: WaitPolicy,
  run: (attempt: number) => Promise<T>,
  retryable: (err: unknown) => boolean,
  onRetry?: (err: unknown, attempt: number) => void,
): Promise<T> {
  const attempts = Math.max(1, policy.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      onRetry?.(err, attempt);
      await sleep(policy.delayMs);
    }
  }
}
