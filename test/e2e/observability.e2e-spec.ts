import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, PostgresServer } from '../support/postgres';
import { RedisServer, startRedis } from '../support/redis';
import { call, jsonInit, JsonResponse, RunningGateway, startGateway } from './support/gateway-harness';
import { GatewayProcess, spawnGateway, waitForExit } from './support/gateway-process';
import { runToEnd } from './support/runs';
import { eventually, startMeasuresRun, subscribeToMeasureRuns, unsubscribe, waitForRun } from './support/delivery-support';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/**
 * §8 health, metrics and logs: `/health` (public; 200 when the store, the lake and Redis answer,
 * 503 naming the one that does not), `/metrics` (admin; counters that move with calls, 429s,
 * runs and webhook attempts) and pino JSON lines with a request id and no credential.
 */
describe('health, metrics and logs (e2e)', () => {
  describe('on the suite store', () => {
    let gw: RunningGateway;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      gw = await startGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: '50' });
    });
    afterAll(async () => {
      await gw?.close();
      await receiver?.close();
    });

    it('/health answers 200 without a credential: process (liveness), store and lake, no Redis when none is configured', async () => {
      const res = await call(`${gw.url}/health`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const dialect = process.env.E2E_STORE === 'postgres' ? 'postgres' : 'sqlite';
      expect(res.body).toEqual({
        status: 'ok',
        info: {
          process: { status: 'up', uptimeSeconds: expect.any(Number) },
          store: { status: 'up', dialect, responseTimeMs: expect.any(Number) },
          lake: { status: 'up', kind: 'local', responseTimeMs: expect.any(Number) },
        },
        error: {},
        details: res.body.info,
      });
    });

    it('/metrics needs an admin credential (§7: it is not public)', async () => {
      const anonymous = await call(`${gw.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('AUTH_REQUIRED');
      const reader = await connection(gw, 'reader');
      expect((await call(`${gw.url}/metrics`, { headers: reader.headers })).status).toBe(403);

      const res = await call(`${gw.url}/metrics`, { headers: gw.admin });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      for (const name of [
        'gateway_http_requests_total counter',
        'gateway_http_request_duration_seconds histogram',
        'gateway_throttled_calls_total counter',
        'gateway_throttle_redis_fallback_total counter',
        'gateway_webhook_deliveries_total counter',
        'gateway_webhook_retries_total counter',
        'gateway_run_duration_seconds histogram',
        'process_cpu_user_seconds_total counter',
        'nodejs_eventloop_lag_seconds gauge',
      ]) {
        expect(res.text).toContain(`# TYPE ${name}`);
      }
    });

    it('counts calls by route pattern, method and status (never the URL) and times them', async () => {
      const route = { route: '/datasets/:dataset/tables/:table/items', method: 'GET', status: '200' };
      const unmatched = { route: '(unmatched)', method: 'GET', status: '404' };
      const before = await scrape(gw);
      for (let i = 0; i < 3; i++) expect((await call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1&$skip=${i}`, { headers: gw.admin })).status).toBe(200);
      expect((await call(`${gw.url}/no/such/route-4711?api-key=nothing`, { headers: gw.admin })).status).toBe(404);

      const after = await scrapeUntil(gw, (text) => sample(text, 'gateway_http_requests_total', unmatched) > sample(before, 'gateway_http_requests_total', unmatched));
      expect(sample(after, 'gateway_http_requests_total', route) - sample(before, 'gateway_http_requests_total', route)).toBe(3);
      expect(sample(after, 'gateway_http_request_duration_seconds_count', route) - sample(before, 'gateway_http_request_duration_seconds_count', route)).toBe(3);
      expect(sample(after, 'gateway_http_request_duration_seconds_sum', route)).toBeGreaterThan(sample(before, 'gateway_http_request_duration_seconds_sum', route));
      expect(sample(after, 'gateway_http_requests_total', unmatched) - sample(before, 'gateway_http_requests_total', unmatched)).toBe(1);
      const routes = labelValues(after, 'route');
      expect(routes).toContain('/health');
      for (const value of routes) expect(value).not.toMatch(/Customer|route-4711|\?|\$top|api-key/);
    });

    it('counts a throttled call where its 429 is produced', async () => {
      const limited = await connection(gw, 'reader', 2);
      const before = await scrape(gw);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(`${gw.url}/datasets/demo/tables`, { headers: limited.headers })).status);
      expect(statuses).toEqual([200, 200, 429]);

      const throttled = { route: '/datasets/:dataset/tables', method: 'GET', status: '429' };
      const after = await scrapeUntil(gw, (text) => sample(text, 'gateway_http_requests_total', throttled) > sample(before, 'gateway_http_requests_total', throttled));
      expect(sample(after, 'gateway_throttled_calls_total', { caller: 'connection' }) - sample(before, 'gateway_throttled_calls_total', { caller: 'connection' })).toBe(1);
      expect(sample(after, 'gateway_throttled_calls_total', { caller: 'anonymous' })).toBe(sample(before, 'gateway_throttled_calls_total', { caller: 'anonymous' }));
      expect(sample(after, 'gateway_http_requests_total', throttled) - sample(before, 'gateway_http_requests_total', throttled)).toBe(1);
    });

    it('times a run by process and final status', async () => {
      const before = await scrape(gw);
      const run = await runToEnd(gw, 'measures');
      expect(run.status).toBe('Successful');
      const labels = { process: 'measures', status: 'Successful' };
      const after = await scrape(gw);
      expect(sample(after, 'gateway_run_duration_seconds_count', labels) - sample(before, 'gateway_run_duration_seconds_count', labels)).toBe(1);
      expect(sample(after, 'gateway_run_duration_seconds_bucket', { ...labels, le: '+Inf' }) - sample(before, 'gateway_run_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
    });

    it('counts webhook attempts by outcome, and the retries among them', async () => {
      receiver.respond('/observed', 503, 200);
      const subscription = await subscribeToMeasureRuns(gw, receiver.url('/observed'));
      try {
        const before = await scrape(gw);
        await waitForRun(gw, await startMeasuresRun(gw));
        await receiver.waitFor((r) => r.path === '/observed', 10_000, 2);
        const delivered = (text: string) => sample(text, 'gateway_webhook_deliveries_total', { outcome: 'delivered' });
        const after = await eventually('the second attempt is counted', async () => {
          const text = await scrape(gw);
          return delivered(text) > delivered(before) ? text : undefined;
        }, 5_000);
        const delta = (name: string, outcome: string) => sample(after, name, { outcome }) - sample(before, name, { outcome });
        expect(delta('gateway_webhook_deliveries_total', 'retry')).toBe(1);
        expect(delta('gateway_webhook_deliveries_total', 'delivered')).toBe(1);
        expect(delta('gateway_webhook_retries_total', 'retry')).toBe(0);
        expect(delta('gateway_webhook_retries_total', 'delivered')).toBe(1);
      } finally {
        await unsubscribe(gw, subscription.id);
      }
    });
  });

  describe('with Redis counting the throttle', () => {
    let redis: RedisServer;
    let gw: RunningGateway;
    beforeAll(async () => {
      redis = await startRedis();
      gw = await startGateway({ REDIS_URL: redis.url, DEMO_CUSTOMERS: '50' });
    });
    afterAll(async () => {
      await gw?.close();
      await redis?.stop();
    });

    it('checks Redis, and answers 503 naming it once Redis is gone, while the gateway keeps serving', async () => {
      const up = await call(`${gw.url}/health`);
      expect(up.status).toBe(200);
      expect(up.body.info.redis).toEqual({ status: 'up', responseTimeMs: expect.any(Number) });

      await redis.stop(true);
      const started = Date.now();
      const down = await call(`${gw.url}/health`);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('error');
      expect(Object.keys(down.body.error)).toEqual(['redis']);
      expect(down.body.error.redis).toEqual({ status: 'down', message: expect.any(String) });
      expect(down.body.info).toMatchObject({ process: { status: 'up' }, store: { status: 'up' }, lake: { status: 'up' } });
      expect(down.text).not.toContain(redis.url);
      // Readiness is down, the process is not: calls are still served (throttled on the local counter).
      expect((await call(`${gw.url}/datasets`, { headers: gw.admin })).status).toBe(200);
    });
  });

  describe('on a PostgreSQL that goes away', () => {
    const PASSWORD = 's3cret-pg-password';
    let postgres: PostgresServer;
    let gw: RunningGateway;
    beforeAll(async () => {
      postgres = await startPostgres();
      // The server trusts loopback, so the password is never checked: it is only there to be kept secret.
      gw = await startGateway({ DATABASE_URL: postgres.url.replace('postgres@', `postgres:${PASSWORD}@`), DATABASE_SCHEMA: 'health', DEMO_CUSTOMERS: '50' });
    }, 60_000);
    afterAll(async () => {
      await gw?.close();
      await postgres?.stop();
    });

    it('answers 503 naming the store while PostgreSQL is down, without its URL, and 200 again once it is back', async () => {
      const up = await call(`${gw.url}/health`);
      expect(up.status).toBe(200);
      expect(up.body.info.store).toEqual({ status: 'up', dialect: 'postgres', responseTimeMs: expect.any(Number) });

      const resume = await postgres.interrupt();
      let down: JsonResponse;
      try {
        const started = Date.now();
        down = await call(`${gw.url}/health`);
        expect(Date.now() - started).toBeLessThan(4000);
      } finally {
        await resume();
      }
      expect(down.status).toBe(503);
      expect(Object.keys(down.body.error)).toEqual(['store']);
      expect(down.body.error.store).toEqual({ status: 'down', dialect: 'postgres', message: expect.stringMatching(/ECONNREFUSED|terminat|connect/i) });
      expect(down.body.info).toMatchObject({ process: { status: 'up' }, lake: { status: 'up' } });
      expect(down.text).not.toContain(PASSWORD);
      expect(down.text).not.toContain('postgres://');

      const again = await eventually('/health is 200 again', async () => {
        const res = await call(`${gw.url}/health`);
        return res.status === 200 ? res : undefined;
      }, 15_000, 100);
      expect(again.body.info.store.status).toBe('up');
    }, 60_000);
  });

  describe('logs', () => {
    const ADMIN_KEY = 'observability-admin-key-0123456789';
    let dataDir: string;
    let gateway: GatewayProcess;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'igw-logs-'));
      // SQLite whatever the suite's store: this process is only here for its output.
      gateway = await spawnGateway({ DATA_DIR: dataDir, DATABASE_URL: '', DEMO_CUSTOMERS: '50', DEMO_API_KEY: ADMIN_KEY, LOG_LEVEL: 'log' }, ADMIN_KEY);
    }, 90_000);
    afterAll(async () => {
      if (gateway && gateway.child.exitCode === null && gateway.child.signalCode === null) {
        gateway.child.kill('SIGKILL');
        await waitForExit(gateway.child);
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('writes one JSON line per request with its request id, and no credential anywhere', async () => {
      const admin = { authorization: `Bearer ${ADMIN_KEY}` };
      const created = await call(`${gateway.url}/admin/connections`, jsonInit('POST', { displayName: 'logged', role: 'reader', datasets: ['demo'] }, admin));
      expect(created.status).toBe(201);
      const { id, key } = created.body as { id: string; key: string };
      const basic = Buffer.from(`${id}:${key}`).toString('base64');

      const byQuery = await call(`${gateway.url}/datasets/demo/tables?api-key=${encodeURIComponent(key)}`, { headers: { 'x-request-id': 'trace-42.a:b_c' } });
      expect(byQuery.status).toBe(200);
      expect(byQuery.headers.get('x-request-id')).toBe('trace-42.a:b_c');
      const byBasic = await call(`${gateway.url}/datasets/demo/tables/Customer/items?$top=1`, { headers: { authorization: `Basic ${basic}`, 'x-request-id': `unsafe id ${'x'.repeat(80)}` } });
      expect(byBasic.status).toBe(200);
      const generated = byBasic.headers.get('x-request-id') ?? '';
      expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect((await call(`${gateway.url}/datasets`, { headers: { 'api-key': key } })).status).toBe(200);
      expect((await call(`${gateway.url}/datasets?api-key=wrong-key-not-to-be-logged`)).status).toBe(401);
      expect((await call(`${gateway.url}/status/demo?token=status-token-not-to-be-logged`)).status).toBe(401);

      gateway.child.kill('SIGTERM');
      await waitForExit(gateway.child);
      const output = gateway.output();

      for (const secret of [key, basic, 'wrong-key-not-to-be-logged', 'status-token-not-to-be-logged', 'api-key=', 'token=']) expect(output).not.toContain(secret);
      const lines = output.split('\n').filter((line) => line.trim() !== '');
      // Every line is JSON but the demo banner main.ts prints to the console (indented; it shows the admin key once).
      const banner = lines.filter((line) => !line.startsWith('{'));
      for (const line of banner) expect(line).toMatch(/^ {2}\S/);
      const records = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogRecord);
      for (const record of records) {
        expect(record).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String) });
        expect(JSON.stringify(record)).not.toContain(ADMIN_KEY);
      }
      // Nest's Logger goes through pino too.
      expect(records).toContainEqual(expect.objectContaining({ level: 'info', context: 'Gateway', msg: expect.stringMatching(/^Insights Gateway listening on /) }));

      const completed = records.filter((r) => r.msg === 'request completed');
      expect(completed.find((r) => r.req?.id === 'trace-42.a:b_c')).toMatchObject({
        level: 'info',
        reqId: 'trace-42.a:b_c',
        req: { id: 'trace-42.a:b_c', method: 'GET', path: '/datasets/demo/tables' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      });
      expect(completed.find((r) => r.req?.id === generated)).toMatchObject({ req: { method: 'GET', path: '/datasets/demo/tables/Customer/items' }, res: { statusCode: 200 } });
      expect(completed.filter((r) => r.req?.path === '/datasets').map((r) => r.res?.statusCode)).toEqual(expect.arrayContaining([200, 401]));
      expect(new Set(completed.map((r) => r.req?.id)).size).toBe(completed.length);
      for (const record of completed) expect(record.req).toEqual({ id: expect.any(String), method: expect.any(String), path: expect.any(String) });
    }, 60_000);
  });
});

interface LogRecord {
  readonly level: string;
  readonly time: string;
  readonly msg: string;
  readonly context?: string;
  readonly reqId?: string;
  readonly req?: { readonly id: string; readonly method: string; readonly path: string };
  readonly res?: { readonly statusCode: number };
}

/** A new connection of `role` (optionally with its own throttle limit) and its Bearer header. */
async function connection(gw: RunningGateway, role: 'reader' | 'admin', throttleLimit?: number): Promise<{ headers: Record<string, string> }> {
  const body = { displayName: `observability ${role}`, role, datasets: ['demo'], ...(throttleLimit ? { throttleLimit } : {}) };
  const res = await call(`${gw.url}/admin/connections`, jsonInit('POST', body, gw.admin));
  expect(res.status).toBe(201);
  return { headers: { authorization: `Bearer ${res.body.key}` } };
}

async function scrape(gw: RunningGateway): Promise<string> {
  const res = await call(`${gw.url}/metrics`, { headers: gw.admin });
  expect(res.status).toBe(200);
  return res.text;
}

/** A request is counted when its answer has been sent, so the next scrape may just precede it. */
function scrapeUntil(gw: RunningGateway, done: (text: string) => boolean): Promise<string> {
  return eventually('the metrics moved', async () => {
    const text = await scrape(gw);
    return done(text) ? text : undefined;
  }, 5_000, 20);
}

/** The sum of the samples of `name` whose labels include `labels` (Prometheus text format). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = labelsOf(match[2] ?? '');
    if (Object.entries(labels).every(([label, value]) => present[label] === value)) sum += Number(match[3]);
  }
  return sum;
}

function labelsOf(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
}

/** Every value `label` takes in the scrape. */
function labelValues(text: string, label: string): string[] {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const value = labelsOf(/\{(.*)\}/.exec(line)?.[1] ?? '')[label];
    if (value !== undefined) values.add(value);
  }
  return [...values];
}
