import { FixedWindowThrottlerStorage } from './fixed-window.storage';

describe(FixedWindowThrottlerStorage.name, () => {
  let now = 1_000_000;
  const sut = new FixedWindowThrottlerStorage(60_000, () => now);
  afterAll(() => sut.close());

  it('allows the limit within a window, blocks the rest until the window ends', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await sut.increment('a', 60_000, 3));
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, true, true]);
    now += 20_000;
    const blocked = await sut.increment('a', 60_000, 3);
    expect(blocked).toEqual({ totalHits: 6, timeToExpire: 40, isBlocked: true, timeToBlockExpire: 40 });
    now += 40_000;
    expect((await sut.increment('a', 60_000, 3)).isBlocked).toBe(false);
  });

  it('counts trackers separately and forgets finished windows', async () => {
    await sut.increment('b', 1000, 1);
    expect((await sut.increment('c', 1000, 1)).isBlocked).toBe(false);
    now += 61_000;
    sut.sweep();
    expect(sut.size).toBe(0);
  });
});
