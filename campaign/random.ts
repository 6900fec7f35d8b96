/** The campaign's one source of randomness: everything a scenario does follows from its seed. */
import { Prng } from '../local/emulator/prng';

export class Random {
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng.next() * n);
  }

  chance(p: number): boolean {
    return this.prng.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('campaign bug: pick from an empty list');
    return items[this.int(items.length)];
  }

  /** Up to `max` distinct items, in their original order. */
  some<T>(items: readonly T[], max: number): T[] {
    const count = Math.min(items.length, this.int(max + 1));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(this.int(items.length));
    return items.filter((_, i) => chosen.has(i));
  }
}

/** A seed for the n-th thing derived from `seed` (scenario n of a campaign, the faults of step n...). */
export function deriveSeed(seed: number, n: number): number {
  return ((seed * 1_000_003 + n * 7_919 + 12_345) % 2_147_483_646) + 1;
}
