/**
 * The emulator's time source. Tests move it (`advance`, `set`) to reach what takes hours on the service,
 * such as the 24-hour window between two exports of a mailbox; by default it also runs with real time, so
 * that a client polling without anyone moving the clock still sees time pass.
 */

export interface EmulatorClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Moves the clock forward by `ms` (0 or more). */
  advance(ms: number): void;
  /** Sets the clock to `date`; a running clock goes on from there with real time. Never moves backwards. */
  set(date: Date | number): void;
  /** Called after every move (advance or set), so that jobs can catch up at once. Returns an unsubscribe function. */
  onMove(listener: () => void): () => void;
}

export interface ClockOptions {
  /** Where the clock starts. Default: the real time. */
  readonly start?: Date | number;
  /** A frozen clock moves only by `advance` and `set`, not with real time. Default false. */
  readonly frozen?: boolean;
}

/** A clock at the real time plus an offset (or, frozen, at a fixed time) that only ever moves forward. */
export function createClock(options: ClockOptions = {}): EmulatorClock {
  const frozen = options.frozen ?? false;
  const start = options.start === undefined ? Date.now() : +options.start;
  // Running: now = Date.now() + offset. Frozen: now = fixed.
  let offset = start - Date.now();
  let fixed = start;
  const listeners = new Set<() => void>();
  const now = () => (frozen ? fixed : Date.now() + offset);
  const moveTo = (target: number) => {
    const delta = target - now();
    if (delta <= 0) return;
    if (frozen) fixed += delta;
    else offset += delta;
    for (const listener of [...listeners]) listener();
  };
  return {
    now,
    advance: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a finite number of milliseconds >= 0, got ${ms}`);
      moveTo(now() + ms);
    },
    set: (date: Date | number) => {
      const target = +date;
      if (!Number.isFinite(target)) throw new RangeError('clock.set needs a valid date');
      if (target < now()) throw new RangeError(`clock.set cannot move the clock backwards (now ${new Date(now()).toISOString()})`);
      moveTo(target);
    },
    onMove: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
