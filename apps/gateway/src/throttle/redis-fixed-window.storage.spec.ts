import type { LoggerService } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { register } from 'prom-client';
import { freePort } from '../../../../test/e2e/support/gateway-process';
import { testRedisUrl } from '../../../../test/support/pg-test-schema';
import { RedisServer, startRedis } from '../../../../test/support/redis';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';
import { RedisFixedWindowThrottlerStorage } from './redis-fixed-window.storage';

/** Real `redis-server`s: the suite's shared one, and private ones for the outage. */
describe(RedisFixedWindowThrottlerStorage.name, () => {
  const opened: RedisFixedWindowThrottlerStorage[] = [];
  afterAll(() => Promise.all(opened.map((s) => s.close())));

  async function storage(url: string, logger: LoggerService = quietLogger()): Promise<RedisFixedWindowThrottlerStorage> {
    const sut = new RedisFixedWindowThrottlerStorage(url, { logger });
    opened.push(sut);
    await sut.onModuleInit();
    return sut;
  }

  const fresh = () => `spec:${randomUUID()}`;
  const blocked = (records: { isBlocked: boolean }[]) => records.map((r) => r.isBlocked);

  describe('on a Redis that answers', () => {
    let sut: RedisFixedWindowThrottlerStorage;
    let other: RedisFixedWindowThrottlerStorage;
    let inspect: Redis;
    beforeAll(async () => {
      sut = await storage(testRedisUrl());
      other = await storage(testRedisUrl());
      inspect = new Redis(testRedisUrl());
    });
    afterAll(() => inspect.quit());

    it('answers hit for hit as the in-memory fixed window does, in a prefixed key that expires', async () => {
      const memory = new FixedWindowThrottlerStorage();
      try {
        const key = fresh();
        const fromRedis = [];
        const fromMemory = [];
        for (let i = 0; i < 5; i++) {
          fromRedis.push(await sut.increment(key, 60_000, 3));
          fromMemory.push(await memory.increment(key, 60_000, 3));
        }
        expect(fromRedis).toEqual(fromMemory);
        expect(blocked(fromRedis)).toEqual([false, false, false, true, true]);
        expect(fromRedis[3]).toEqual({ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 });
        const pttl = await inspect.pttl(`igw:throttle:${key}`);
        expect(pttl).toBeGreaterThan(55_000);
        expect(pttl).toBeLessThanOrEqual(60_000);

        // A short window: at least 1 s to wait, and a new window once it has ended.
        const short = fresh();
        const sequence = async (s: { increment: FixedWindowThrottlerStorage['increment'] }) => [
          await s.increment(short, 300, 1),
          await s.increment(short, 300, 1),
        ];
        const [redisWindow, memoryWindow] = [await sequence(sut), await sequence(memory)];
        expect(redisWindow).toEqual(memoryWindow);
        expect(redisWindow[1]).toEqual({ totalHits: 2, timeToExpire: 1, isBlocked: true, timeToBlockExpire: 1 });
        await sleep(400);
        expect(await sut.increment(short, 300, 1)).toEqual(await memory.increment(short, 300, 1));
        expect((await sut.increment(fresh(), 300, 1)).totalHits).toBe(1);
      } finally {
        memory.close();
      }
    });

    it('shares one window between replicas: 60 + 60 concurrent calls against a limit of 100 → exactly 100 allowed', async () => {
      const key = fresh();
      const records = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? sut : other).increment(key, 60_000, 100)));
      expect(records.filter((r) => !r.isBlocked)).toHaveLength(100);
      expect(records.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      expect(await inspect.get(`igw:throttle:${key}`)).toBe('120');
    });
  });

  describe('when Redis is down', () => {
    let server: RedisServer;
    beforeAll(async () => {
      server = await startRedis();
    });
    afterAll(() => server.stop());

    it('falls back to a local window per replica, and shares the count again once Redis is back', async () => {
      const loggers = [quietLogger(), quietLogger()];
      const [a, b] = [await storage(server.url, loggers[0]), await storage(server.url, loggers[1])];
      const shared = fresh();
      expect(blocked([await a.increment(shared, 60_000, 3), await b.increment(shared, 60_000, 3)])).toEqual([false, false]);
      const before = await fallbacks();

      await server.stop(true);
      const key = fresh();
      for (const replica of [a, b]) {
        const records = [];
        for (let i = 0; i < 5; i++) records.push(await replica.increment(key, 60_000, 3));
        // Each replica enforces the limit on its own counter: at most replicas × limit get through.
        expect(blocked(records)).toEqual([false, false, false, true, true]);
        expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3, 4, 5]);
      }
      expect((await fallbacks()) - before).toBe(10);
      for (const logger of loggers) {
        expect(logger.warn).toHaveBeenCalledTimes(1);
        expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/^Redis does not answer/));
        expect(logger.log).not.toHaveBeenCalled();
      }

      server = await startRedis(server.port);
      // One at a time: each probe tells from the fallback counter whether Redis answered it.
      await untilShared(a);
      await untilShared(b);
      const after = fresh();
      const records = [];
      for (let i = 0; i < 4; i++) records.push(await (i % 2 === 0 ? a : b).increment(after, 60_000, 3));
      expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3, 4]);
      expect(blocked(records)).toEqual([false, false, false, true]);
      for (const logger of loggers) {
        expect(logger.warn).toHaveBeenCalledTimes(1);
        expect(logger.log).toHaveBeenCalledTimes(1);
        expect(logger.log).toHaveBeenCalledWith(expect.stringMatching(/^Redis answers again/));
      }
    }, 30_000);

    it('starts with Redis unreachable and throttles locally at once', async () => {
      const logger = quietLogger();
      const started = Date.now();
      const sut = await storage(`redis://127.0.0.1:${await freePort()}`, logger);
      const before = await fallbacks();
      const key = fresh();
      const records = [];
      for (let i = 0; i < 3; i++) records.push(await sut.increment(key, 60_000, 2));
      expect(blocked(records)).toEqual([false, false, true]);
      expect((await fallbacks()) - before).toBe(3);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(logger.warn).toHaveBeenCalledTimes(1);
    });
  });
});

function quietLogger(): jest.Mocked<LoggerService> {
  return { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
}

/** The fallback counter, read from the default registry (what /metrics will expose). */
async function fallbacks(): Promise<number> {
  const metric = register.getSingleMetric('gateway_throttle_redis_fallback_total');
  if (!metric) throw new Error('gateway_throttle_redis_fallback_total is not registered');
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Waits until `sut` counts on Redis again (it reconnects with a backoff of up to 2 s). */
async function untilShared(sut: RedisFixedWindowThrottlerStorage): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const before = await fallbacks();
    await sut.increment(`spec:probe:${randomUUID()}`, 1000, 1);
    if ((await fallbacks()) === before) return;
    await sleep(50);
  }
  throw new Error('the storage did not count on Redis again within 15 s');
}
