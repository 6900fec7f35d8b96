/** Waiting between polls: doubling while nothing changes, back to the first wait when something does; cut short by an abort. */

export class PollBackoff {
  private wait: number;

  constructor(private readonly first: number, private readonly max: number) {
    this.wait = first;
  }

  /** The next wait: the first one after a change, else twice the previous, at most `max`. */
  next(changed: boolean): number {
    this.wait = changed ? this.first : Math.min(this.max, this.wait * 2);
    return this.wait;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
