import { LruCache } from './lru-cache';

describe(LruCache.name, () => {
  it('evicts the least recently used entry beyond its capacity', () => {
    const sut = new LruCache<string, number>(2);
    sut.set('a', 1);
    sut.set('b', 2);
    expect(sut.get('a')).toBe(1);
    sut.set('c', 3);
    expect([sut.get('a'), sut.get('b'), sut.get('c'), sut.size]).toEqual([1, undefined, 3, 2]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
