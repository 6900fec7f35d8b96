/** Fault injection: seeded random faults, and queued one-off faults for tests. */
import { Prng } from './prng';
import { FaultCounts, FaultOptions } from './types';

export interface FaultDraw {
  readonly serverError: boolean;
  readonly throttle: boolean;
  readonly lostResponse: boolean;
}

export type FaultKind = keyof FaultCounts;

const RATES = ['throttleRate', 'serverErrorRate', 'lostResponseRate'] as const;
const DURATIONS = ['latencyMs', 'latencyJitterMs', 'consistencyDelayMs'] as const;

export function validateFaults(faults: FaultOptions): FaultOptions {
  for (const key of Object.keys(faults)) {
    if (![...RATES, ...DURATIONS, 'seed', 'racyWrites'].includes(key)) throw new RangeError(`unknown fault option ${key}`);
  }
  if (faults.racyWrites !== undefined && typeof faults.racyWrites !== 'boolean') throw new RangeError('racyWrites must be a boolean');
  for (const key of RATES) {
    const v = faults[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) throw new RangeError(`${key} must be a number from 0 to 1`);
  }
  for (const key of DURATIONS) {
    const v = faults[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new RangeError(`${key} must be a number >= 0`);
  }
  if (faults.seed !== undefined && !Number.isInteger(faults.seed)) throw new RangeError('seed must be an integer');
  return { ...faults };
}

export class FaultController {
  private options: FaultOptions = {};
  private prng = new Prng(1);
  private jitterPrng = new Prng(1);
  private readonly failQueue = new Map<string, { errorName: string; count: number }[]>();
  private readonly loseQueue = new Map<string, number>();
  private readonly injected: Record<FaultKind, number> = { throttled: 0, serverErrors: 0, lostResponses: 0, queuedFailures: 0 };

  constructor(faults: FaultOptions = {}) {
    this.set(faults);
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** This request's delay: the latency and a draw of the jitter. */
  drawLatency(): number {
    const jitter = this.options.latencyJitterMs ?? 0;
    return this.latencyMs + (jitter > 0 ? Math.floor(this.jitterPrng.next() * jitter) : 0);
  }

  get consistencyDelayMs(): number {
    return this.options.consistencyDelayMs ?? 0;
  }

  get racyWrites(): boolean {
    return this.options.racyWrites ?? false;
  }

  set(faults: FaultOptions): void {
    this.options = validateFaults(faults);
    this.prng = new Prng(this.options.seed ?? 1);
    this.jitterPrng = new Prng((this.options.seed ?? 1) * 7919 + 104729);
  }

  failNext(operation: string, errorName: string, count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    const queue = this.failQueue.get(operation) ?? [];
    queue.push({ errorName, count });
    this.failQueue.set(operation, queue);
  }

  loseNextResponse(operation: string, count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    this.loseQueue.set(operation, (this.loseQueue.get(operation) ?? 0) + count);
  }

  /** Forgets every queued failure and lost response. */
  clearQueued(): void {
    this.failQueue.clear();
    this.loseQueue.clear();
  }

  /** The error name queued for this call of `operation`, consuming it. */
  takeFailure(operation: string): string | undefined {
    const queue = this.failQueue.get(operation);
    if (!queue || queue.length === 0) return undefined;
    const head = queue[0];
    head.count -= 1;
    if (head.count === 0) queue.shift();
    return head.errorName;
  }

  takeLostResponse(operation: string): boolean {
    const left = this.loseQueue.get(operation) ?? 0;
    if (left === 0) return false;
    this.loseQueue.set(operation, left - 1);
    return true;
  }

  /** Counts one injected fault of `kind`; returns nothing so that callers inject and count in one place. */
  count(kind: FaultKind): void {
    this.injected[kind] += 1;
  }

  counts(): FaultCounts {
    return { ...this.injected };
  }

  /** Always three draws per request, so the sequence depends only on the seed and the request count. */
  draw(): FaultDraw {
    const [a, b, c] = [this.prng.next(), this.prng.next(), this.prng.next()];
    return {
      serverError: a < (this.options.serverErrorRate ?? 0),
      throttle: b < (this.options.throttleRate ?? 0),
      lostResponse: c < (this.options.lostResponseRate ?? 0),
    };
  }
}
