/**
 * A small, fast, seedable PRNG (mulberry32) that can be re-seeded in place.
 *
 * Every demo stream re-seeds one instance per customer from `(seed, stream, customerIndex)`,
 * so any entity's rows for any customer range can be produced on their own, in any order,
 * and still be identical from run to run. Re-seeding allocates nothing.
 */
export class Prng {
  private state = 0;

  /** Positions the generator at the start of one customer's stream. */
  reseed(seed: number, stream: number, index: number): void {
    this.state = mix3(seed, stream, index);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const a = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max] (both inclusive). */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Index into a cumulative-weight table built by {@link cumulativeWeights}. */
  pick(cumulative: Float64Array): number {
    const u = this.next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Turns weights into a cumulative table ending at exactly 1 for {@link Prng.pick}. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const table = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w;
    table[i] = running / total;
  });
  table[weights.length - 1] = 1;
  return table;
}

/** Murmur3-style finaliser over three 32-bit words, so neighbouring customers get unrelated streams. */
function mix3(a: number, b: number, c: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) | 0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ b, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ c, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x165667b1);
  h ^= h >>> 16;
  return h | 0;
}
