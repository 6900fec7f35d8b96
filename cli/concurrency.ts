/** Bounded concurrency without a dependency: one limit on the WorkMail calls (or other work) in flight. */

/** A bound on the work in flight: tasks beyond it wait for a slot, in the order they came. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function concurrencyLimit(concurrency: number): Limit {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiting one, so the count never overshoots.
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * `work` applied to every item, at most `concurrency` at a time; results in item order. The first
 * failure stops more work from starting and is what the returned promise rejects with.
 */
export async function mapLimited<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const limit = concurrencyLimit(concurrency);
  let failed = false;
  return Promise.all(items.map((item) => limit(async () => {
    if (failed) return undefined as R;
    try {
      return await work(item);
    } catch (e) {
      failed = true;
      throw e;
    }
  })));
}
