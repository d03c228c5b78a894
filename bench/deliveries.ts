/**
 * Webhook delivery benchmark (`npm run bench:deliveries`, options after `--`), §6.2:
 *
 *   - a receiver in this process (node:http on 127.0.0.1, 204 at once, receipt time per `webhook-id`);
 *   - one gateway process (demo dataset) with --subscriptions `processCompleted` subscriptions to
 *     `measures` (manual runs included): every run = one event per subscription;
 *   1. latency, unloaded: --latency-runs runs one after the other, each delivered before the next;
 *   2. throughput: --runs runs submitted at once (subscriptions × runs events, 2000 by default):
 *      delivered events/s = events / (last receipt − first commit), and commit → receipt p50/p99
 *      (commit = the delivery's `created_at` in the outbox, read from the store afterwards);
 *   3. drain: the same number of events committed by a gateway that does not deliver
 *      (WEBHOOK_DELIVERY=worker), then a delivering gateway started on that full outbox: the
 *      dispatcher alone (no runs competing), events / (last receipt − first receipt);
 *   4. baseline (the floor): the same number of Standard-Webhooks-signed POSTs, same bodies, same
 *      concurrency as the dispatcher (64), sent to the same receiver by a plain loop in its own
 *      process (like the gateway: sender and receiver never share an event loop), every message
 *      ready at the start (as a full outbox); median of --baseline-rounds.
 *      Ratios = gateway events/s (2, and 3) ÷ baseline events/s.
 *
 * Options: --subscriptions N (100), --runs N (20), --latency-runs N (3), --baseline-rounds N (3),
 *          --main FILE (a built gateway main.js), --ts-node (the sources), --keep (keep the data dir),
 *          --out FILE (default bench/results/deliveries.json for a run at the default sizes, else
 *          .bench-data/deliveries/results-*.json).
 *
 * The gateway is dist/ (the printout warns when a source is newer), a build given with --main, or
 * without dist/ the sources through ts-node (said in the printout). 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DISPATCHER_DEFAULTS, webhookHeaders } from '@app/webhooks';
import { AUTH, BENCH_DATA, ROOT } from './context';
import { benchStarted, fmt, say, table } from './lib/console';
import { LOOPBACK, sleep } from './lib/http';
import { resolveLaunch, startBenchGateway } from './lib/partition-gateway';
import { installCleanup, killAllChildren } from './lib/processes';
import { percentile, round } from './lib/stats';
import { machine } from './report';
import { parseBenchArgs } from './lib/args';

const DATA = join(BENCH_DATA, 'deliveries');
const GLOBAL_TIMEOUT_MS = 15 * 60_000;
const DEFAULTS = { subscriptions: 100, runs: 20, latencyRuns: 3, baselineRounds: 3 } as const;
const CONCURRENCY = DISPATCHER_DEFAULTS.concurrency;

interface Options {
  readonly subscriptions: number;
  readonly runs: number;
  readonly latencyRuns: number;
  readonly baselineRounds: number;
  readonly main?: string;
  readonly tsNode: boolean;
  readonly keep: boolean;
  readonly out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const { flags, values, int } = parseBenchArgs(argv, {
    flags: ['ts-node', 'keep'],
    values: ['subscriptions', 'runs', 'latency-runs', 'baseline-rounds', 'main', 'out'],
  });
  const subscriptions = int('subscriptions', DEFAULTS.subscriptions, 1, 10_000);
  const runs = int('runs', DEFAULTS.runs, 1, 1000);
  const latencyRuns = int('latency-runs', DEFAULTS.latencyRuns, 0, 100);
  const baselineRounds = int('baseline-rounds', DEFAULTS.baselineRounds, 1, 20);
  const full = subscriptions === DEFAULTS.subscriptions && runs === DEFAULTS.runs;
  const main = values.get('main');
  return {
    subscriptions,
    runs,
    latencyRuns,
    baselineRounds,
    ...(main !== undefined ? { main } : {}),
    tsNode: flags.has('ts-node'),
    keep: flags.has('keep'),
    out: resolve(values.get('out') ?? (full ? join(ROOT, 'bench/results/deliveries.json') : join(DATA, `results-${subscriptions}x${runs}.json`))),
  };
}

/** Receipt times by `webhook-id` (first arrival), and one body per path to replay in the baseline. */
class Receiver {
  readonly firstArrival = new Map<string, number>();
  readonly order = new Map<string, string[]>();
  readonly sampleBody = new Map<string, string>();
  requests = 0;
  duplicates = 0;
  private server: Server | undefined;
  private waiter: (() => void) | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = Date.now();
        res.writeHead(204).end();
        this.record(req.url ?? '/', String(req.headers['webhook-id'] ?? ''), at, chunks);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((done) => this.server?.listen(0, LOOPBACK, done));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://${LOOPBACK}:${this.port}${path}`;
  }

  /** Resolves once `predicate` holds (checked after every request), or rejects after `timeoutMs`. */
  async until(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`receiver: ${what} not within ${timeoutMs} ms (${this.firstArrival.size} distinct received)`);
      await new Promise<void>((done) => {
        const timer = setTimeout(done, 200);
        this.waiter = () => {
          clearTimeout(timer);
          done();
        };
      });
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  private record(path: string, id: string, at: number, chunks: Buffer[]): void {
    this.requests += 1;
    if (this.firstArrival.has(id)) this.duplicates += 1;
    else {
      this.firstArrival.set(id, at);
      const list = this.order.get(path) ?? [];
      list.push(id);
      this.order.set(path, list);
      if (!this.sampleBody.has(path) && !id.startsWith('bl')) this.sampleBody.set(path, Buffer.concat(chunks).toString('utf8'));
    }
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}

interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function summarize(latencies: readonly number[]): LatencySummary {
  return {
    count: latencies.length,
    p50Ms: round(percentile(latencies, 50), 1),
    p90Ms: round(percentile(latencies, 90), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
  };
}

async function api(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://${LOOPBACK}:${port}${path}`, {
    method,
    headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function expectApi(port: number, method: string, path: string, status: number, body?: unknown): Promise<Record<string, unknown>> {
  const res = await api(port, method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

interface OutboxRow {
  readonly seq: number;
  readonly id: string;
  readonly subscription_id: string;
  readonly created_at: string;
  readonly state: string;
  readonly attempts: number;
}

function readOutbox(dataDir: string): OutboxRow[] {
  const db = new Database(join(dataDir, 'gateway.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT seq, id, subscription_id, created_at, state, attempts FROM deliveries ORDER BY seq').all() as OutboxRow[];
  } finally {
    db.close();
  }
}

interface GatewayPhase {
  readonly events: number;
  /** First commit (outbox created_at) → last receipt. */
  readonly windowMs: number;
  readonly eventsPerSecond: number;
  /** First run submitted → last receipt. */
  readonly fromSubmitMs: number;
  /** First commit → last commit: how long the runs took to produce the events. */
  readonly commitSpanMs: number;
  readonly latency: LatencySummary;
}

interface BaselineRound {
  readonly round: number;
  readonly events: number;
  readonly windowMs: number;
  readonly eventsPerSecond: number;
  /** The loop's start (every message ready, as a full outbox is) → receipt. */
  readonly fromStart: LatencySummary;
  /** Each POST's send → receipt. */
  readonly sendToReceipt: LatencySummary;
}

interface BaselineMessage {
  readonly path: string;
  readonly id: string;
  readonly secret: string;
  readonly body: string;
}

interface BaselineSpec {
  readonly port: number;
  readonly concurrency: number;
  readonly warmup: readonly BaselineMessage[];
  readonly messages: readonly BaselineMessage[];
}

interface BaselineReport {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly sentAt: readonly number[];
}

/** The baseline sender (a child process): a plain loop of signed POSTs, `concurrency` at a time, over keep-alive. */
async function baselineSender(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as BaselineSpec;
  const agent = new Agent({ keepAlive: true });
  const post = (m: BaselineMessage): Promise<number> =>
    new Promise((done, fail) => {
      const headers = webhookHeaders(m.secret, m.id, Math.floor(Date.now() / 1000), m.body);
      const req = request(
        { host: LOOPBACK, port: spec.port, path: m.path, method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(m.body)) } },
        (res) => {
          res.resume();
          res.once('end', () => done(res.statusCode ?? 0));
        },
      );
      req.once('error', fail);
      req.end(m.body);
    });
  const loop = async (messages: readonly BaselineMessage[], sentAt: number[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (next < messages.length) {
          const i = next++;
          sentAt[i] = Date.now();
          const status = await post(messages[i]);
          if (status !== 204) throw new Error(`baseline POST answered ${status}`);
        }
      }),
    );
  };
  await loop(spec.warmup, []);
  const sentAt: number[] = new Array(spec.messages.length);
  const startedAt = Date.now();
  await loop(spec.messages, sentAt);
  const report: BaselineReport = { startedAt, endedAt: Date.now(), sentAt };
  agent.destroy();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function runBaseline(receiver: Receiver, round: number, messages: BaselineMessage[], warmup: BaselineMessage[]): Promise<BaselineRound> {
  mkdirSync(DATA, { recursive: true });
  const specFile = join(DATA, `baseline-spec-${process.pid}.json`);
  const spec: BaselineSpec = { port: receiver.port, concurrency: CONCURRENCY, warmup, messages };
  writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(ROOT, 'bench/deliveries.js'), '--baseline-sender', specFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  rmSync(specFile, { force: true });
  if (code !== 0) throw new Error(`baseline sender exited with ${code}: ${err}`);
  const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as BaselineReport;
  await receiver.until('every baseline POST', () => messages.every((m) => receiver.firstArrival.has(m.id)), 10_000);
  const arrivals = messages.map((m) => receiver.firstArrival.get(m.id) as number);
  const windowMs = Math.max(...arrivals) - report.startedAt;
  return {
    round,
    events: messages.length,
    windowMs,
    eventsPerSecond: round1((messages.length / windowMs) * 1000),
    fromStart: summarize(arrivals.map((at) => at - report.startedAt)),
    sendToReceipt: summarize(arrivals.map((at, i) => at - report.sentAt[i])),
  };
}

function round1(n: number): number {
  return round(n, 1);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--baseline-sender') return baselineSender(argv[1]);

  installCleanup('bench:deliveries', GLOBAL_TIMEOUT_MS);

  const options = parseOptions(argv);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dataDir = join(DATA, `data-${stamp}`);
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  const logFile = join(DATA, 'logs', `deliveries-${stamp}.log`);
  const launch = resolveLaunch(options.main, options.tsNode);
  const machineInfo = machine();
  say(`bench:deliveries: ${machineInfo.nproc} CPUs, ${machineInfo.totalMemGiB} GiB, node ${process.version}`);
  say(`gateway: ${launch.description}`);

  const receiver = new Receiver();
  await receiver.start();
  const gateway = await startBenchGateway({
    launch,
    label: 'deliveries',
    dataDir,
    logFile,
    instance: 'demo',
    env: { DEMO: 'true', DEMO_CUSTOMERS: '1000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
  });
  const startRun = async (port: number) => String((await expectApi(port, 'POST', '/admin/datasets/demo/processes/measures/runs', 202, {})).id);
  say(`gateway up in ${fmt(gateway.startMs)} ms; receiver on ${receiver.url('/')}`);

  const N = options.subscriptions;
  const secrets = new Map<string, string>();
  const pathOf = new Map<string, string>();
  for (let i = 0; i < N; i++) {
    const path = `/s/${i}`;
    const sub = await expectApi(gateway.port, 'POST', '/datasets/demo/triggers/processCompleted/subscriptions', 201, {
      NotificationUrl: receiver.url(path),
      process: 'measures',
      includingManualRefreshes: true,
    });
    secrets.set(path, String(sub.secret));
    pathOf.set(String(sub.id), path);
  }
  say(`${N} subscriptions to processCompleted (measures, manual runs included)`);

  // Warm-up (connections, JIT), then the unloaded latency runs: one at a time, each delivered before the next.
  let expected = 0;
  const idsBefore = () => new Set(receiver.firstArrival.keys());
  await startRun(gateway.port);
  expected += N;
  await receiver.until('the warm-up run', () => receiver.firstArrival.size >= expected, 60_000);
  const warmIds = idsBefore();
  for (let i = 0; i < options.latencyRuns; i++) {
    await startRun(gateway.port);
    expected += N;
    await receiver.until(`latency run ${i + 1}`, () => receiver.firstArrival.size >= expected, 60_000);
  }
  const latencyIds = [...receiver.firstArrival.keys()].filter((id) => !warmIds.has(id));
  say(`warm-up: 1 run; unloaded latency: ${options.latencyRuns} run(s) × ${N} events`);

  // Throughput: every run submitted at once.
  const before = idsBefore();
  const submittedAt = Date.now();
  for (let i = 0; i < options.runs; i++) await startRun(gateway.port);
  expected += N * options.runs;
  await receiver.until('every event of the throughput phase', () => receiver.firstArrival.size >= expected, 10 * 60_000);
  const bulkIds = [...receiver.firstArrival.keys()].filter((id) => !before.has(id));
  say(`throughput: ${options.runs} runs × ${N} subscriptions = ${fmt(bulkIds.length)} events delivered`);
  // Let the last answers be recorded.
  await sleep(500);
  const stop = await gateway.proc.stop();
  say(`gateway stopped (${stop.killed ? 'KILLED after the grace period' : `SIGTERM, ${fmt(stop.shutdownMs)} ms`})`);

  // Drain: the same number of events committed with no dispatcher running (WEBHOOK_DELIVERY=worker),
  // then a gateway that delivers, started on that full outbox: the dispatcher alone, as the baseline's loop.
  const gatewayEnv = { DEMO: 'true', DEMO_CUSTOMERS: '1000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };
  const producer = await startBenchGateway({ launch, label: 'deliveries (producer)', dataDir, logFile, instance: 'demo', env: { ...gatewayEnv, WEBHOOK_DELIVERY: 'worker' } });
  const drainRuns: string[] = [];
  for (let i = 0; i < options.runs; i++) drainRuns.push(await startRun(producer.port));
  for (const id of drainRuns) {
    while (!['Successful', 'Failed', 'Canceled'].includes(String((await expectApi(producer.port, 'GET', `/admin/datasets/demo/runs/${id}`, 200)).status))) await sleep(20);
  }
  await producer.proc.stop();
  const beforeDrain = idsBefore();
  const drainer = await startBenchGateway({ launch, label: 'deliveries (drain)', dataDir, logFile, instance: 'demo', env: gatewayEnv });
  expected += N * options.runs;
  await receiver.until('every event of the drain phase', () => receiver.firstArrival.size >= expected, 10 * 60_000);
  const drainArrivals = [...receiver.firstArrival].filter(([id]) => !beforeDrain.has(id)).map(([, at]) => at);
  const drainWindowMs = Math.max(...drainArrivals) - Math.min(...drainArrivals);
  const drain = { events: drainArrivals.length, windowMs: drainWindowMs, eventsPerSecond: round1((drainArrivals.length / drainWindowMs) * 1000) };
  say(`drain: ${fmt(drain.events)} events from a full outbox at ${fmt(drain.eventsPerSecond)} events/s`);
  await sleep(500);
  await drainer.proc.stop();
  const rows = readOutbox(dataDir);

  const byId = new Map(rows.map((r) => [r.id, r]));
  const commitAt = (id: string) => {
    const row = byId.get(id);
    if (!row) throw new Error(`the receiver got ${id}, which is not in the outbox`);
    return Date.parse(row.created_at);
  };
  const latencyOf = (ids: readonly string[]) => ids.map((id) => (receiver.firstArrival.get(id) as number) - commitAt(id));
  const unloaded = options.latencyRuns > 0 ? summarize(latencyOf(latencyIds)) : undefined;
  const commits = bulkIds.map(commitAt);
  const lastReceipt = Math.max(...bulkIds.map((id) => receiver.firstArrival.get(id) as number));
  const windowMs = lastReceipt - Math.min(...commits);
  const gatewayPhase: GatewayPhase = {
    events: bulkIds.length,
    windowMs,
    eventsPerSecond: round1((bulkIds.length / windowMs) * 1000),
    fromSubmitMs: lastReceipt - submittedAt,
    commitSpanMs: Math.max(...commits) - Math.min(...commits),
    latency: summarize(latencyOf(bulkIds)),
  };

  // Sanity: every outbox row delivered in one attempt, order per subscription as committed.
  const notDelivered = rows.filter((r) => r.state !== 'delivered').length;
  const retried = rows.filter((r) => r.attempts !== 1).length;
  let outOfOrder = 0;
  for (const [subscriptionId, path] of pathOf) {
    const committed = rows.filter((r) => r.subscription_id === subscriptionId).map((r) => r.id);
    const got = receiver.order.get(path) ?? [];
    if (committed.join() !== got.join()) outOfOrder += 1;
  }

  // Baseline: the same number of signed POSTs, same bodies and secrets, same concurrency.
  const paths = [...secrets.keys()];
  const message = (prefix: string, i: number): BaselineMessage => {
    const path = paths[i % paths.length];
    return { path, id: `${prefix}_${i}`, secret: secrets.get(path) as string, body: receiver.sampleBody.get(path) as string };
  };
  const baseline: BaselineRound[] = [];
  for (let r = 1; r <= options.baselineRounds; r++) {
    const messages = Array.from({ length: gatewayPhase.events }, (_, i) => message(`bl${r}`, i));
    const warmup = Array.from({ length: Math.min(500, gatewayPhase.events) }, (_, i) => message(`blwarm${r}`, i));
    baseline.push(await runBaseline(receiver, r, messages, warmup));
    say(`baseline round ${r}: ${fmt(baseline[r - 1].eventsPerSecond)} events/s`);
  }
  await receiver.close();
  const median = [...baseline].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor(baseline.length / 2)];
  const ratio = gatewayPhase.eventsPerSecond / median.eventsPerSecond;
  const drainRatio = drain.eventsPerSecond / median.eventsPerSecond;

  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench:deliveries${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    machine: { ...machineInfo, cpus: os.cpus().length, loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)) },
    gateway: launch.description,
    options: { ...options, out: relative(ROOT, options.out) },
    dispatcherConcurrency: CONCURRENCY,
    unloadedLatency: unloaded ?? null,
    throughput: gatewayPhase,
    baseline: { rounds: baseline, median: median.round },
    drain,
    ratio: round(ratio, 3),
    drainRatio: round(drainRatio, 3),
    checks: { outboxRows: rows.length, notDelivered, retried, duplicates: receiver.duplicates, subscriptionsOutOfOrder: outOfOrder },
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  if (!options.keep) rmSync(dataDir, { recursive: true, force: true });

  const ms = (n: number) => fmt(n, 1);
  const lines = [
    '',
    `gateway: ${launch.description}`,
    `${N} subscriptions; dispatcher concurrency ${CONCURRENCY}; receiver answers 204 at once (same process as the benchmark)`,
    '',
    table(
      ['', 'events', 'events/s', 'window s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [
        [
          `gateway: ${options.runs} runs at once (commit → receipt)`,
          fmt(gatewayPhase.events),
          fmt(gatewayPhase.eventsPerSecond),
          fmt(gatewayPhase.windowMs / 1000, 2),
          ms(gatewayPhase.latency.p50Ms),
          ms(gatewayPhase.latency.p90Ms),
          ms(gatewayPhase.latency.p99Ms),
          ms(gatewayPhase.latency.maxMs),
        ],
        [`gateway: drain of a full outbox (dispatcher only)`, fmt(drain.events), fmt(drain.eventsPerSecond), fmt(drain.windowMs / 1000, 2), '', '', '', ''],
        ...(unloaded
          ? [[`gateway: unloaded, 1 run at a time (commit → receipt)`, fmt(unloaded.count), '', '', ms(unloaded.p50Ms), ms(unloaded.p90Ms), ms(unloaded.p99Ms), ms(unloaded.maxMs)]]
          : []),
        ...baseline.map((b) => [
          `baseline round ${b.round} (loop start → receipt)${b === median ? ' [median]' : ''}`,
          fmt(b.events),
          fmt(b.eventsPerSecond),
          fmt(b.windowMs / 1000, 2),
          ms(b.fromStart.p50Ms),
          ms(b.fromStart.p90Ms),
          ms(b.fromStart.p99Ms),
          ms(b.fromStart.maxMs),
        ]),
        [
          `baseline median (send → receipt, per POST)`,
          '',
          '',
          '',
          ms(median.sendToReceipt.p50Ms),
          ms(median.sendToReceipt.p90Ms),
          ms(median.sendToReceipt.p99Ms),
          ms(median.sendToReceipt.maxMs),
        ],
      ],
    ),
    '',
    `ratio gateway / baseline events/s: ${fmt(ratio * 100, 1)} % (runs and delivery together), ${fmt(drainRatio * 100, 1)} % (drain of a full outbox)`,
    `the runs committed their ${fmt(gatewayPhase.events)} events over ${fmt(gatewayPhase.commitSpanMs)} ms; first run submitted → last receipt ${fmt(gatewayPhase.fromSubmitMs)} ms`,
    `checks: ${rows.length} outbox rows, ${notDelivered} not delivered, ${retried} retried, ${receiver.duplicates} duplicate receipts, ${outOfOrder} subscription(s) out of order`,
    `results: ${relative(ROOT, options.out)}; gateway log: ${relative(ROOT, logFile)}; ${fmt((performance.now() - benchStarted) / 1000, 0)} s in all`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main()
  .then(() => sleep(0))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`\nbench:deliveries failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  });
