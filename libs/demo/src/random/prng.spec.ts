import { cumulativeWeights, Prng } from './prng';

describe(Prng.name, () => {
  const draws = (seed: number, stream: number, index: number, n = 8): number[] => {
    const sut = new Prng();
    sut.reseed(seed, stream, index);
    return Array.from({ length: n }, () => sut.next());
  };

  it('repeats a stream after re-seeding', () => {
    expect(draws(7, 1, 42)).toEqual(draws(7, 1, 42));
  });

  it('gives different streams for a different seed, stream or index', () => {
    const base = draws(7, 1, 42);
    expect(draws(8, 1, 42)).not.toEqual(base);
    expect(draws(7, 2, 42)).not.toEqual(base);
    expect(draws(7, 1, 43)).not.toEqual(base);
  });

  it('draws uniformly in [0, 1)', () => {
    const sut = new Prng();
    sut.reseed(1, 1, 1);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = sut.next();
      if (u < 0 || u >= 1) outside++;
      else buckets[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('picks by weight', () => {
    const sut = new Prng();
    sut.reseed(3, 0, 0);
    const table = cumulativeWeights([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[sut.pick(table)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeCloseTo(3, 0);
  });

  it('draws integers within inclusive bounds', () => {
    const sut = new Prng();
    sut.reseed(5, 0, 0);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(sut.between(1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
