import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, Azurite } from '../support/azurite';
import { createTestSchema, TestSchema } from '../support/pg-test-schema';
import { startRedis, RedisServer } from '../support/redis';
import { DEMO_KEY, call, Json, jsonInit, RunningGateway } from './support/gateway-harness';
import { spawnGateway, GatewayProcess, waitForExit } from './support/gateway-process';
import { startRun, subscribe, waitForRun } from './support/runs';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/**
 * §9: two gateway processes on one PostgreSQL, one Redis and one Azurite behave as one
 * gateway: the throttle total is exact across them, what one writes or starts the other
 * serves, a scheduled tick runs once, each event is delivered once.
 */
const LIMIT = 30;

describe('two gateway replicas on PostgreSQL, Redis and Azure Blob', () => {
  let schema: TestSchema;
  let redis: RedisServer;
  let azurite: Azurite;
  let receiver: WebhookReceiver;
  let dirs: string[] = [];
  let a: GatewayProcess;
  let b: GatewayProcess;
  const auth = { authorization: `Bearer ${DEMO_KEY}` };
  const view = (p: GatewayProcess): RunningGateway => ({ url: p.url, admin: auth }) as RunningGateway;

  const start = (): Promise<GatewayProcess> => {
    const dir = mkdtempSync(join(tmpdir(), 'igw-replica-'));
    dirs.push(dir);
    return spawnGateway(
      {
        DATA_DIR: dir,
        DATABASE_URL: schema.connectionString,
        DATABASE_SCHEMA: schema.schema,
        REDIS_URL: redis.url,
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        AZURE_STORAGE_CONTAINER: 'replicas',
        DEMO_CUSTOMERS: '300',
        DEMO_API_KEY: DEMO_KEY,
        THROTTLE_LIMIT: '100000',
        THROTTLE_TTL_SECONDS: '600',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_BASE_MS: '50',
        LOG_LEVEL: 'warn',
      },
      DEMO_KEY,
    );
  };

  beforeAll(async () => {
    [schema, redis, azurite, receiver] = await Promise.all([createTestSchema(), startRedis(), startAzurite(), startWebhookReceiver()]);
    // Both start at once on an empty store: the demo must be created once, not twice.
    [a, b] = await Promise.all([start(), start()]);
  }, 120_000);

  afterAll(async () => {
    for (const p of [a, b]) if (p && p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all([a, b].filter(Boolean).map((p) => waitForExit(p.child)));
    await Promise.all([receiver?.close(), azurite?.stop(), redis?.stop(), schema?.drop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  /** A connection of its own with a limit of LIMIT calls, so this test's count starts at zero. */
  async function readerKey(name: string): Promise<string> {
    const body = { displayName: name, role: 'reader', datasets: ['demo'], throttleLimit: LIMIT };
    const res = await call(`${a.url}/admin/connections`, jsonInit('POST', body, auth));
    expect(res.status).toBe(201);
    return res.body.key;
  }

  it('serves the same rows from both, and a write through one is read through the other', async () => {
    const path = '/datasets/demo/tables/Customer/items?$orderby=CustomerId&$top=5';
    const [fromA, fromB] = await Promise.all([call(a.url + path, { headers: auth }), call(b.url + path, { headers: auth })]);
    expect(fromA.status).toBe(200);
    expect(fromB.body.value).toEqual(fromA.body.value);
    expect(fromA.body.value).toHaveLength(5);
    const id = fromA.body.value[0].CustomerId;
    const item = `/datasets/demo/tables/Customer/items/${encodeURIComponent(id)}`;
    const patched = await call(a.url + item, jsonInit('PATCH', { City: 'Replica Town' }, auth));
    expect(patched.status).toBe(200);
    expect((await call(b.url + item, { headers: auth })).body.City).toBe('Replica Town');
  });

  it('follows a next link issued by one replica on the other (one signing secret)', async () => {
    const first = await call(`${a.url}/datasets/demo/tables/Customer/items?$orderby=CustomerId`, { headers: { ...auth, prefer: 'odata.maxpagesize=2' } });
    const next = String(first.body['@odata.nextLink']).replace(a.url, b.url);
    expect(next).toContain('$skiptoken=');
    const second = await call(next, { headers: { ...auth, prefer: 'odata.maxpagesize=2' } });
    expect(second.status).toBe(200);
    expect(second.body.value[0].CustomerId > first.body.value[1].CustomerId).toBe(true);
  });

  it('throttles a connection to exactly the limit in total across both replicas', async () => {
    const key = await readerKey('throttled');
    const headers = { authorization: `Bearer ${key}` };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      const target = i % 2 === 0 ? a : b;
      statuses.push((await call(`${target.url}/datasets/demo/tables`, { headers })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(LIMIT);
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
  });

  it('shows a definition saved through one replica on the other at once', async () => {
    const put = await call(`${a.url}/admin/datasets/demo/segments/ReplicaLoyal`, jsonInit('PUT', { filter: 'LoyaltyPoints ge 1000' }, auth));
    expect(put.status).toBe(200);
    await eventually(async () => {
      const tables = await call(`${b.url}/datasets/demo/tables`, { headers: auth });
      expect(tables.body.value.map((t: Json) => t.Name)).toContain('ReplicaLoyal');
    });
  });

  it('runs a run started on one replica once, visible on the other, and delivers each event once', async () => {
    await subscribe(view(a), 'processCompleted', { NotificationUrl: receiver.url('/completed'), process: 'measures', includingManualRefreshes: true });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await startRun(view(i % 2 === 0 ? a : b), 'measures')).id);
    for (const id of ids) {
      const seenOnOther = await waitForRun(view(b), id);
      expect(seenOnOther.status).toBe('Successful');
      expect((await waitForRun(view(a), id)).endedAt).toBe(seenOnOther.endedAt);
    }
    // One run at a time per instance, across replicas: no two runs overlap.
    const spans = await Promise.all(ids.map(async (id) => waitForRun(view(a), id)));
    const ordered = spans.map((r) => [Date.parse(r.startedAt), Date.parse(r.endedAt)]).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i][0]).toBeGreaterThanOrEqual(ordered[i - 1][1]);
    await receiver.waitFor((r) => r.path === '/completed', 20_000, ids.length);
    // Both replicas dispatch from the one outbox; give a double send time to show up.
    await sleep(1500);
    const all = receiver.at('/completed');
    expect(all).toHaveLength(ids.length);
    expect(new Set(all.map((r) => r.headers['webhook-id'])).size).toBe(ids.length);
  });

  it('runs each scheduled tick once across replicas, and goes on when one replica is gone', async () => {
    const schedule = (target: GatewayProcess, active: boolean) =>
      call(`${target.url}/admin/datasets/demo/schedule`, jsonInit('PUT', { cron: ['*/3 * * * * *'], timezone: 'UTC', active }, auth));
    expect((await schedule(a, true)).status).toBe(200);
    await sleep(7_000);
    // Replica A dies (perhaps mid-run): B's own job, learned from A's change, keeps the schedule,
    // and a run A was executing is failed by B once its lock is free.
    a.child.kill('SIGKILL');
    await waitForExit(a.child);
    const killedAt = Date.now();
    await eventually(async () => expect((await scheduledRuns()).some((r) => Date.parse(r.createdAt) > killedAt)).toBe(true), 40_000);
    const stopped = await schedule(b, false);
    if (stopped.status !== 200) throw new Error(`PUT schedule on B answered ${stopped.status}: ${stopped.text}\n${b.output().slice(-4000)}`);
    await eventually(async () => expect((await scheduledRuns()).every((r) => ['Successful', 'Failed'].includes(r.status))).toBe(true), 40_000);
    const runs = await scheduledRuns();
    expect(runs.length).toBeGreaterThanOrEqual(3);
    const starts = runs.map((r) => Date.parse(r.createdAt)).sort((x, y) => x - y);
    // Ticks are 3 s apart: two runs closer than 2 s would be one tick run twice.
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThan(2000);
    for (const run of runs.filter((r) => r.status === 'Failed')) expect(run.error?.ErrorCode).toBe('RUN_INTERRUPTED');
  }, 100_000);

  async function scheduledRuns(): Promise<Json[]> {
    const res = await call(`${b.url}/admin/datasets/demo/runs?process=fullRefresh`, { headers: auth });
    expect(res.status).toBe(200);
    return res.body.value.filter((r: Json) => r.submissionKind === 'Scheduled');
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}
