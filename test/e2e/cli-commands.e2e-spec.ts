import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashKey } from '@app/storage';
import { call, DEMO_KEY, Json, RunningGateway, startGateway, storeEnv } from './support/gateway-harness';
import { freePort } from './support/gateway-process';
import { CliRun, runCli } from './support/cli-process';

/** `key: value` lines of a command's stdout. */
function field(stdout: string, name: string): string {
  const value = new RegExp(`^${name}:\\s+(\\S+)$`, 'm').exec(stdout)?.[1];
  if (value === undefined) throw new Error(`no '${name}:' line in:\n${stdout}`);
  return value;
}

/** A second instance beside the demo, for dataset grants. */
const shop = {
  name: 'shop',
  displayName: 'Shop',
  searchIndex: [],
  entities: [{ name: 'Orders', kind: 'source', key: 'OrderId', attributes: [{ name: 'OrderId', type: 'String' }] }],
};

describe('CLI commands (e2e)', () => {
  let dataDir: string;
  let gateway: RunningGateway | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'igw-cli-commands-'));
    mkdirSync(join(dataDir, 'instances'));
    writeFileSync(join(dataDir, 'instances', 'shop.json'), JSON.stringify(shop));
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keys create prints a key with its role and datasets, keys list shows it without secrets, keys revoke locks it out', async () => {
    gateway = await startGateway({ DATA_DIR: dataDir, DEMO_CUSTOMERS: '20', THROTTLE_UNAUTHENTICATED_LIMIT: '1000' });
    const env = await storeEnv(dataDir);

    // Beside a running gateway: the keys commands are safe while it serves.
    const created = await runCli(['keys', 'create', '--dataset', 'demo', '--role', 'reader', '--name', 'Excel reports', '--throttle-limit', '500'], env);
    expect(created.stderr).toContain('shown only now');
    expect(created.code).toBe(0);
    const id = field(created.stdout, 'id');
    const key = field(created.stdout, 'key');
    expect(created.stdout).toMatch(/^role:\s+reader$/m);
    expect(created.stdout).toMatch(/^datasets:\s+demo$/m);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await call(`${gateway.url}/datasets/demo/tables/Customer/items?$top=1`, { headers: bearer })).status).toBe(200);
    const basic = { authorization: `Basic ${Buffer.from(`${id}:${key}`).toString('base64')}` };
    expect((await call(`${gateway.url}/datasets/demo/tables/Customer/items?$top=1`, { headers: basic })).status).toBe(200);
    // Its datasets: demo, not shop; its role: reader, so no admin API.
    expect((await call<Json>(`${gateway.url}/datasets`, { headers: bearer })).body.value.map((d: Json) => d.Name)).toEqual(['demo']);
    expect((await call(`${gateway.url}/datasets/shop/tables`, { headers: bearer })).status).toBe(403);
    expect((await call(`${gateway.url}/admin/connections`, { headers: bearer })).status).toBe(403);
    const admin = { authorization: `Bearer ${DEMO_KEY}` };
    const viaApi = (await call<Json>(`${gateway.url}/admin/connections`, { headers: admin })).body.value.find((c: Json) => c.id === id);
    expect(viaApi).toMatchObject({ displayName: 'Excel reports', role: 'reader', datasets: ['demo'], throttleLimit: 500 });

    const listed = await runCli(['keys', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+DATASETS\s+THROTTLE\s+CREATED$/m);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+Excel reports\\s+reader\\s+demo\\s+500\\s+\\d{4}-\\d\\d-\\d\\dT`, 'm'));
    expect(listed.stdout).toMatch(/^demo-admin\s+Demo administrator\s+admin\s+\*\s+default\s/m);
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(hashKey(key));

    const revoked = await runCli(['keys', 'revoke', id], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`revoked ${id}\n`);
    // The gateway caches a credential for up to 5 s; then the key is refused.
    const seen: number[] = [];
    for (const deadline = Date.now() + 10_000; seen.at(-1) !== 401 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen.push((await call(`${gateway.url}/datasets/demo/tables/Customer/items?$top=1`, { headers: bearer })).status);
    }
    expect({ last: seen.at(-1), seen: seen.join(' ') }).toEqual({ last: 401, seen: expect.stringMatching(/^(200 )*401$/) });
    expect((await call<Json>(`${gateway.url}/admin/connections`, { headers: admin })).body.value.map((c: Json) => c.id)).not.toContain(id);
  }, 120_000);

  it('demo generate creates the demo with N customers and generates it anew; run --wait runs measures; run queues a run a gateway then runs', async () => {
    const env = await storeEnv(dataDir);
    const created = await runCli(['demo', 'generate', '--customers', '40', '--seed', '7'], env);
    expect(created.stderr).toBe('creating the demo: 40 customers, seed 7\nwriting the lake: the PosSystem data source and the partitions\n');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('demo created: 40 customers (seed 7)');
    expect(created.stdout).toMatch(/^ {2}Customer: 40 rows$/m);
    const key = /^Demo admin key \(shown once, keep it\): (\S+)$/m.exec(created.stdout)?.[1] as string;
    expect(key).toMatch(/^igw_/);

    const again = await runCli(['demo', 'generate', '--customers', '25'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('demo generated anew: 25 customers (seed 42)');
    expect(again.stdout).not.toContain('Demo admin key');

    const waited = await runCli(['run', 'measures', '--dataset', 'demo', '--wait'], env);
    expect(waited.code).toBe(0);
    const runId = waited.stdout.split('\n')[0] as string;
    expect(runId).toMatch(/^run_/);
    expect(waited.stdout).toMatch(new RegExp(`^${runId} Successful in \\d`, 'm'));
    expect(waited.stderr).toContain(`${runId}: measures on demo, 3 task(s)`);
    expect(waited.stderr).toMatch(/\[1\/3\] measure CustomerCount: Successful in \d+ ms \(value 25\)/);

    const queued = await runCli(['run', 'segments', '--dataset', 'demo'], env);
    expect(queued.code).toBe(0);
    expect(queued.stderr).toContain('a gateway on this store runs it');
    const queuedId = queued.stdout.trim();
    expect(queuedId).toMatch(/^run_[\w-]+$/);

    // A gateway on the store (demo off: it keeps what the CLI generated) adopts the queued run.
    gateway = await startGateway({ DATA_DIR: dataDir, DEMO: 'false' });
    const auth = { authorization: `Bearer ${key}` };
    const customers = await call<Json>(`${gateway.url}/datasets/demo/tables/Customer/items?$count=true&$top=1`, { headers: auth });
    expect(customers.body['@odata.count']).toBe(25);
    const run = await call<Json>(`${gateway.url}/admin/datasets/demo/runs/${runId}`, { headers: auth });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ id: runId, process: 'measures', status: 'Successful', submissionKind: 'Manual' });
    expect(run.body.tasks.map((t: Json) => [t.name, t.status])).toEqual([
      ['CustomerCount', 'Successful'],
      ['TotalSpend', 'Successful'],
      ['AverageOrderValue', 'Successful'],
    ]);
    let adopted: Json;
    for (const deadline = Date.now() + 20_000; adopted?.status !== 'Successful' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      adopted = (await call<Json>(`${gateway.url}/admin/datasets/demo/runs/${queuedId}`, { headers: auth })).body;
    }
    expect(adopted).toMatchObject({ id: queuedId, process: 'segments', status: 'Successful' });
  }, 180_000);

  it('exits 2 with a helpful line when called wrongly, and 1 with one line when the store does not answer', async () => {
    const env = await storeEnv(dataDir);
    const unreachable = { DATA_DIR: dataDir, DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/postgres` };
    // Independent runs, started together: each CLI start costs a second or more of TypeScript loading.
    const [unknown, noRole, badRole, badProcess, noDataset, badCustomers, unknownOption, missingDataset, badConfig, help, storeDown, storeDownRun] = await Promise.all([
      runCli(['frobnicate'], env),
      runCli(['keys', 'create', '--dataset', 'demo'], env),
      runCli(['keys', 'create', '--dataset', 'demo', '--role', 'owner'], env),
      runCli(['run', 'everything', '--dataset', 'demo'], env),
      runCli(['run', 'measures'], env),
      runCli(['demo', 'generate', '--customers', 'many'], env),
      runCli(['keys', 'list', '--all'], env),
      runCli(['run', 'measures', '--dataset', 'nope'], env),
      runCli(['keys', 'list'], { ...env, THROTTLE_LIMIT: '0' }),
      runCli(['keys', 'create', '--help'], env),
      runCli(['keys', 'list'], unreachable),
      runCli(['run', 'measures', '--dataset', 'demo', '--wait'], unreachable),
    ]);
    const usage = (run: CliRun, line: RegExp) => {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')[0]).toMatch(line);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack
    };
    usage(unknown, /^insights-gateway: unknown command 'frobnicate' \(commands: start, keys, import, run, demo\)$/);
    expect(unknown.stderr).toContain("Run 'insights-gateway --help' for usage.");
    usage(noRole, /^insights-gateway keys create: --role is required \(reader, writer or admin\)$/);
    expect(noRole.stderr).toContain("Run 'insights-gateway keys create --help' for usage.");
    usage(badRole, /^insights-gateway keys create: --role: role must be one of the following values: reader, writer, admin$/);
    usage(badProcess, /^insights-gateway run: unknown process 'everything' \(processes: dataSources, segments, measures, fullRefresh\)$/);
    usage(noDataset, /^insights-gateway run: --dataset is required/);
    usage(badCustomers, /^insights-gateway demo generate: --customers must be an integer from 1 to 50,000,000, got 'many'$/);
    usage(unknownOption, /^insights-gateway keys list: unknown option '--all'$/);
    usage(missingDataset, /^insights-gateway run: dataset 'nope' does not exist \(known: shop\)$/);
    usage(badConfig, /^Invalid configuration:$/);
    expect(badConfig.stderr).toBe('Invalid configuration:\n  THROTTLE_LIMIT="0": THROTTLE_LIMIT must not be less than 1\n');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: insights-gateway keys create --dataset <ds>\[,<ds>…\] --role reader\|writer\|admin/);

    for (const down of [storeDown, storeDownRun]) {
      expect(down.code).toBe(1);
      expect(down.stdout).toBe('');
      expect(down.stderr).toMatch(/^insights-gateway (keys list|run): PostgreSQL at 127\.0\.0\.1:\d+\/postgres \(DATABASE_URL\) does not answer: connect ECONNREFUSED [^\n]*\n$/);
    }
  }, 120_000);
});
