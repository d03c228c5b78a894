import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { register } from 'prom-client';
import { RedisServer, startRedis } from '../support/redis';
import { call, JsonResponse, RunningGateway, startGateway } from './support/gateway-harness';

/**
 * §9 throttling across replicas: two gateways on one Redis count one window per connection;
 * with Redis gone, each keeps answering and throttles on its own counter (docs/operations.md, "Redis").
 * Each gateway has its own DATA_DIR; the demo admin (same DEMO_API_KEY) is the connection both know.
 */
describe('throttling across replicas with Redis (e2e)', () => {
  let redis: RedisServer;
  let replicas: RunningGateway[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, THROTTLE_LIMIT: '100', THROTTLE_TTL_SECONDS: '60', THROTTLE_UNAUTHENTICATED_LIMIT: '100000', DEMO_CUSTOMERS: '50' };
    replicas = await Promise.all([startGateway(env), startGateway(env)]);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((gw) => gw.close()));
    await redis.stop();
  });

  /** `perReplica` concurrent calls of the demo admin on every replica at once. */
  async function burst(perReplica: number): Promise<JsonResponse[][]> {
    return Promise.all(
      replicas.map((gw) =>
        Promise.all(Array.from({ length: perReplica }, () => call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1`, { headers: gw.admin }))),
      ),
    );
  }
  const count = (responses: JsonResponse[], status: number) => responses.filter((r) => r.status === status).length;

  it('lets exactly THROTTLE_LIMIT calls of a connection through across both replicas (60 + 60 → 100)', async () => {
    const perReplica = await burst(60);
    const all = perReplica.flat();
    expect(count(all, 200)).toBe(100);
    expect(count(all, 429)).toBe(20);
    for (const r of all.filter((x) => x.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.body.error.code).toBe('THROTTLED');
    }
    // Both replicas served and both refused: the window is one, not one each.
    for (const responses of perReplica) expect(count(responses, 200)).toBeGreaterThan(0);
  });

  it('with Redis killed, both replicas still answer and each enforces the limit on its own counter', async () => {
    const before = await fallbacks();
    await redis.stop(true);
    const perReplica = await burst(130);
    for (const responses of perReplica) {
      expect(count(responses, 200)).toBe(100);
      expect(count(responses, 429)).toBe(30);
    }
    expect((await fallbacks()) - before).toBe(260);
  });

  it('counts on the shared window again once Redis is back', async () => {
    redis = await startRedis(redis.port);
    for (const gw of replicas) await untilShared(gw);
    // The restarted Redis holds no window: the admin's calls start from 0 on the shared counter.
    const all = (await burst(60)).flat();
    expect(count(all, 200)).toBe(100);
    expect(count(all, 429)).toBe(20);
  });

  it('connects to Redis at start and disconnects on shutdown', async () => {
    const inspect = new Redis(redis.url);
    try {
      const clients = async () => String(await inspect.client('LIST')).trim().split('\n').length;
      const before = await clients();
      const gw = await startGateway({ REDIS_URL: redis.url, DEMO_CUSTOMERS: '50' });
      expect(await clients()).toBe(before + 1);
      await gw.close();
      expect(await clients()).toBe(before);
    } finally {
      await inspect.quit();
    }
  });
});

/** The fallback counter of both in-process gateways, from the default registry. */
async function fallbacks(): Promise<number> {
  const metric = register.getSingleMetric('gateway_throttle_redis_fallback_total');
  if (!metric) throw new Error('gateway_throttle_redis_fallback_total is not registered');
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/**
 * Waits until `gw` counts on Redis again (it reconnects with a backoff of up to 2 s), probing with
 * calls without a valid credential: they are counted per address, not against the admin's window.
 */
async function untilShared(gw: RunningGateway): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const before = await fallbacks();
    expect((await call(`${gw.url}/datasets`, { headers: { authorization: 'Bearer not-a-key' } })).status).toBe(401);
    if ((await fallbacks()) === before) return;
    await sleep(50);
  }
  throw new Error(`${gw.url} did not count on Redis again within 15 s`);
}
