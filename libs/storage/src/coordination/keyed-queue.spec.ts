import { KeyedQueue } from './keyed-queue';

describe('KeyedQueue', () => {
  it('runs work of one key in order, other keys alongside, and goes on after a failure', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('a', step('a1', 30, true)), queue.run('a', step('a2', 1)), queue.run('b', step('b1', 5))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('is busy for a key while its work runs or waits, and idle after', async () => {
    const queue = new KeyedQueue();
    let release!: () => void;
    const running = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    expect([queue.isBusy('a'), queue.isBusy('b')]).toEqual([true, false]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await running;
    expect(queue.isBusy('a')).toBe(false);
  });
});
