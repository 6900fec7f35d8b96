/**
 * Runs one step per resource as CloudFormation does: every step whose
 * prerequisites have finished starts at once, at most `concurrency` at a time.
 * With a concurrency of 1 the steps run one after the other in the order of
 * `ids` (a dependency order), which makes such a run reproducible; with more,
 * ready steps start in that order as places free up.
 *
 * After a failure, `stopOnFailure` starts nothing new and lets the steps in
 * flight finish (a deploy before its rollback, a destroy); otherwise the other
 * steps go on, still after their prerequisites (a cleanup phase, a rollback).
 */

/** How many events the runner has in flight at once unless told otherwise. */
export const DEFAULT_CONCURRENCY = 20;

export interface ScheduleOptions {
  /** Every step's id, in a dependency order: ties start in this order. */
  readonly ids: readonly string[];
  /** The ids a step waits for (ids outside `ids` are ignored). */
  readonly prerequisitesOf: (id: string) => Iterable<string>;
  readonly concurrency: number;
  readonly stopOnFailure: boolean;
}

export interface StepFailure {
  readonly id: string;
  readonly error: unknown;
}

export interface ScheduleResult {
  /** Failed steps, in the order they failed. */
  readonly failures: readonly StepFailure[];
  /** Steps that never started (after a failure with stopOnFailure). */
  readonly notStarted: readonly string[];
}

/** The concurrency option checked: a whole number of at least 1. */
export function concurrencyOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (!Number.isInteger(value) || value < 1) throw new Error(`concurrency must be a whole number of at least 1, got ${value}`);
  return value;
}

export function schedule(options: ScheduleOptions, step: (id: string) => Promise<void>): Promise<ScheduleResult> {
  const { ids, concurrency, stopOnFailure } = options;
  const position = new Map(ids.map((id, i) => [id, i]));
  const waitingFor = new Map<string, number>();
  const dependents = new Map<string, string[]>(ids.map(id => [id, []]));
  for (const id of ids) {
    const prerequisites = new Set([...options.prerequisitesOf(id)].filter(p => position.has(p) && p !== id));
    for (const p of prerequisites) {
      // So no step can wait forever: every prerequisite comes first in `ids`.
      if (position.get(p)! > position.get(id)!) throw new Error(`${id} waits for ${p}, which comes after it in the order given`);
      dependents.get(p)!.push(id);
    }
    waitingFor.set(id, prerequisites.size);
  }
  // Ready steps, kept in the order of `ids`.
  const ready = ids.filter(id => waitingFor.get(id) === 0);
  const started = new Set<string>();
  const failures: StepFailure[] = [];
  let running = 0;

  return new Promise(resolve => {
    const startReady = () => {
      while (running < concurrency && ready.length > 0 && !(stopOnFailure && failures.length > 0)) {
        const id = ready.shift()!;
        started.add(id);
        running++;
        void Promise.resolve().then(() => step(id)).then(() => finish(id), error => {
          failures.push({ id, error });
          finish(id);
        });
      }
      if (running === 0) resolve({ failures, notStarted: ids.filter(id => !started.has(id)) });
    };
    // A failed step's dependents wait for its end only: whether they start is stopOnFailure's business.
    const finish = (id: string) => {
      running--;
      for (const dependent of dependents.get(id)!) {
        const left = waitingFor.get(dependent)! - 1;
        waitingFor.set(dependent, left);
        if (left === 0) insertInOrder(ready, dependent, position);
      }
      startReady();
    };
    startReady();
  });
}

function insertInOrder(ready: string[], id: string, position: ReadonlyMap<string, number>): void {
  const at = position.get(id)!;
  let i = ready.length;
  while (i > 0 && position.get(ready[i - 1])! > at) i--;
  ready.splice(i, 0, id);
}
