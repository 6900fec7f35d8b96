/**
 * Park–Miller "minimal standard" generator: tiny, deterministic for a given seed, and exact in
 * double arithmetic (48271 × 2^31 < 2^53), so it needs no bitwise operators.
 */
export class Prng {
  private static readonly MODULUS = 2147483647;
  private static readonly MULTIPLIER = 48271;
  private state: number;

  constructor(seed: number) {
    const s = Math.abs(Math.trunc(seed)) % Prng.MODULUS;
    // 0 is a fixed point of the recurrence.
    this.state = s === 0 ? 1 : s;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state * Prng.MULTIPLIER) % Prng.MODULUS;
    return (this.state - 1) / (Prng.MODULUS - 1);
  }
}
