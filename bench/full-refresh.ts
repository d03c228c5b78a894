/**
 * Full refresh of the demo (`npm run bench:full-refresh`, options after `--`): the design issue's
 * "a full refresh of the 1M-customer demo: duration per task; segment evaluation uses indexes where
 * the filter allows".
 *
 *   1. A gateway with DEMO=true, DEMO_CUSTOMERS=--customers (default 1 000 000) and a pinned
 *      DEMO_API_KEY on DATA_DIR=.bench-data/full-refresh/demo-<customers>/ (gitignored). The first
 *      start generates and loads the demo and writes its lake (minutes at 1M); later runs reuse it.
 *      The benchmark waits for the gateway's "lake up to date" before measuring anything.
 *   2. --rounds times (default 3): `POST /admin/datasets/demo/processes/fullRefresh/runs`, then
 *      `GET /admin/datasets/demo/runs/{id}` every --poll-ms until the run has finished. Recorded:
 *      the run's duration (startedAt → endedAt, as the gateway reports it), every task's duration
 *      and result (the PosSystem import, each segment, each measure, the closing partitions task),
 *      the gateway's CPU time and sampled RSS, and the per-entity "partitions of …" log lines.
 *      The table shows each round and the medians.
 *   3. Baselines, after the gateway has stopped, on the same <DATA_DIR>/gateway.db with
 *      better-sqlite3 in this process (cache_size 64 MiB, as the gateway): per segment the bare
 *      `SELECT COUNT(*) FROM "demo__Customer" WHERE <predicate>`, the predicate compiled by the
 *      project's own `bindDefinitionFilter` + `SqlCompiler(sqliteDialect).where`, with its
 *      `EXPLAIN QUERY PLAN`; the task's own `DELETE` + `INSERT … SELECT` (rolled back, so the
 *      store is unchanged: no commit, no fsync) with its plan; when the planner picks an index,
 *      the same two statements with the index disabled (`+"Column"`, a forced scan) for comparison. Per measure the
 *      bare aggregate SQL. Median of --reps after one untimed warm-up execution.
 *
 * Options: --customers N, --rounds N, --reps N (baseline repetitions, default 5), --poll-ms N (250),
 *          --main FILE (a built gateway main.js; default: the sources through ts-node, said in the
 *          printout), --skip-baselines, --out FILE (default bench/results/full-refresh.json at
 *          1M customers, else .bench-data/full-refresh/results-<customers>.json).
 *
 * Gateway output: .bench-data/full-refresh/logs/. 127.0.0.1 only; every wait has a deadline, and
 * the gateway is killed when the benchmark ends, fails or is interrupted.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { bindDefinitionFilter, EntityMetadata, QueryLimits, SqlCompiler, SqlFragment, sqliteDialect } from '@app/odata';
import { demoManifest, DEMO_INSTANCE_NAME } from '@app/demo';
import { InstanceCatalog, MeasureDefinition, resolveInstance } from '@app/storage';
import { API_KEY, AUTH, BENCH_DATA, ROOT } from './context';
import { cleanEnv } from './gateway';
import { benchStarted, fmt, say, table } from './lib/console';
import { httpGet, LOOPBACK, sleep, waitForFirstAnswer } from './lib/http';
import { httpPost } from './lib/http-post';
import { GatewayLaunch, resolveLaunch } from './lib/partition-gateway';
import { readCpuSeconds, readMemory, RssSampler } from './lib/proc';
import { freePort, installCleanup, killAllChildren, ManagedProcess } from './lib/processes';
import { median, round } from './lib/stats';
import { machine } from './report';
import { parseBenchArgs } from './lib/args';

const FULL_REFRESH_DATA = join(BENCH_DATA, 'full-refresh');
const DEFAULT_CUSTOMERS = 1_000_000;
const GLOBAL_TIMEOUT_MS = 150 * 60_000;
/** First start at 1M: generation + load + the lake (~3 min on an idle 2-core VM); generous for a busy one. */
const START_DEADLINE_MS = 40 * 60_000;
const RUN_DEADLINE_MS = 40 * 60_000;
const MARKER = 'bench-full-refresh.json';
/** The gateway's log lines about the demo's creation and its lake (not Nest's route mapping). */
const STARTUP_LINE = /^\[(DemoInstance|PartitionExportService|ImportService|Gateway)\]/;
/** Gateway settings of the parent environment that must not reach the gateway (besides cleanEnv's). */
const MORE_GATEWAY_VARIABLES = [
  'ADMIN_API_KEY', 'PARTITION_MAX_ROWS', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER', 'TRUST_PROXY',
  'MAX_SKIP', 'MAX_EXPAND_ROWS', 'INSTANCES_DIR', 'TS_NODE_PROJECT', 'TS_NODE_TRANSPILE_ONLY', 'TS_NODE_FILES', 'TS_NODE_COMPILER_OPTIONS',
];
const q = (name: string) => sqliteDialect.quoteIdent(name);

interface Options {
  readonly customers: number;
  readonly rounds: number;
  readonly reps: number;
  readonly pollMs: number;
  readonly main?: string;
  readonly skipBaselines: boolean;
  readonly out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const { flags, values, int } = parseBenchArgs(argv, { flags: ['skip-baselines'], values: ['customers', 'rounds', 'reps', 'poll-ms', 'main', 'out'] });
  const customers = int('customers', DEFAULT_CUSTOMERS, 100, 10_000_000);
  const main = values.get('main');
  return {
    customers,
    rounds: int('rounds', 3, 1, 50),
    reps: int('reps', 5, 1, 100),
    pollMs: int('poll-ms', 250, 20, 10_000),
    ...(main !== undefined ? { main } : {}),
    skipBaselines: flags.has('skip-baselines'),
    out: resolve(values.get('out') ?? (customers === DEFAULT_CUSTOMERS ? join(ROOT, 'bench/results/full-refresh.json') : join(FULL_REFRESH_DATA, `results-${customers}.json`))),
  };
}

// ---------------------------------------------------------------------------------------------
// The gateway process
// ---------------------------------------------------------------------------------------------

interface LogLine {
  /** performance.now() when the line arrived. */
  readonly t: number;
  readonly text: string;
}

interface Gateway {
  readonly proc: ManagedProcess;
  readonly port: number;
  readonly lines: LogLine[];
  readonly firstAnswerMs: number;
  readonly lakeReadyMs: number;
  readonly idleRssMb?: number;
}

function collectLines(proc: ManagedProcess): LogLine[] {
  const lines: LogLine[] = [];
  let partial = '';
  const onData = (data: Buffer) => {
    const text = partial + data.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    const t = performance.now();
    for (const part of parts) if (part.trim().length > 0) lines.push({ t, text: part });
  };
  proc.child.stdout?.on('data', onData);
  proc.child.stderr?.on('data', onData);
  return lines;
}

function tail(lines: readonly LogLine[], n = 40): string {
  return lines.slice(-n).map((l) => l.text).join('\n');
}

async function waitForLine(gateway: { proc: ManagedProcess; lines: LogLine[] }, pattern: RegExp, deadlineMs: number, since = 0): Promise<LogLine> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const hit = gateway.lines.find((l) => l.t >= since && pattern.test(l.text));
    if (hit) return hit;
    if (!gateway.proc.alive()) throw new Error(`the gateway exited while waiting for /${pattern.source}/`);
    if (performance.now() > deadline) throw new Error(`no /${pattern.source}/ in the gateway's output within ${deadlineMs / 1000} s`);
    await sleep(200);
  }
}

async function startGateway(launch: GatewayLaunch, options: Options, dataDir: string, logFile: string): Promise<Gateway> {
  const port = await freePort();
  const inherited = cleanEnv({});
  for (const name of MORE_GATEWAY_VARIABLES) delete inherited[name];
  const env: Record<string, string> = {
    ...inherited,
    PORT: String(port),
    HOST: LOOPBACK,
    DATA_DIR: dataDir,
    DEMO: 'true',
    DEMO_CUSTOMERS: String(options.customers),
    // The demo's admin connection; no ADMIN_API_KEY (a second connection with the same key would clash).
    DEMO_API_KEY: API_KEY,
    THROTTLE_LIMIT: '1000000',
    LOG_LEVEL: 'log',
    NODE_ENV: 'production',
    ...(launch.tsNode ? { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: '1' } : {}),
  };
  const proc = new ManagedProcess('gateway (full refresh)', launch.args, env, logFile, ROOT);
  const lines = collectLines(proc);
  const progress = setInterval(() => {
    const memory = proc.alive() ? readMemory(proc.pid) : undefined;
    const last = lines.map((l) => stripNest(l.text)).filter((l) => STARTUP_LINE.test(l)).at(-1);
    say(`  … start: ${fmt((performance.now() - proc.spawnedAt) / 1000, 0)} s, RSS ${memory ? fmt(memory.rssMb) : '?'} MB${last ? `; last: ${last}` : ''}`);
  }, 20_000);
  try {
    const firstAnswerMs = await waitForFirstAnswer(port, `/datasets/${DEMO_INSTANCE_NAME}/tables`, AUTH, {
      since: proc.spawnedAt,
      intervalMs: 250,
      deadlineMs: START_DEADLINE_MS,
      alive: () => proc.alive(),
    });
    const idle = readMemory(proc.pid);
    const lake = await waitForLine({ proc, lines }, /lake up to date|writing partitions to the lake failed/, START_DEADLINE_MS);
    if (/failed/.test(lake.text)) throw new Error(`the gateway could not write the lake: ${stripNest(lake.text)}`);
    return { proc, port, lines, firstAnswerMs, lakeReadyMs: lake.t - proc.spawnedAt, ...(idle ? { idleRssMb: idle.rssMb } : {}) };
  } catch (error) {
    await proc.stop(10_000);
    throw new Error(`gateway start: ${error instanceof Error ? error.message : String(error)}\n--- gateway output (tail) ---\n${tail(lines)}`);
  } finally {
    clearInterval(progress);
  }
}

/** "[Nest] 123  - 11/28/2026, 9:15:47 PM     LOG [Context] message" → "[Context] message". */
function stripNest(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\[Nest\]\s+\d+\s+-\s+.*?\s+(LOG|WARN|ERROR|DEBUG|VERBOSE)\s+/, '').trim();
}

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

interface TaskView {
  readonly seq: number;
  readonly process: string;
  readonly kind: 'dataSource' | 'segment' | 'measure' | 'partitions';
  readonly name: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly durationMs: number | null;
  readonly result?: Record<string, unknown>;
  readonly error?: unknown;
}

interface RunView {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly error: unknown;
  readonly tasks: readonly TaskView[];
}

interface EntityPartitions {
  readonly entity: string;
  readonly partitions: number;
  readonly ms: number;
}

interface RoundResult {
  readonly round: number;
  readonly runId: string;
  readonly status: string;
  /** startedAt → endedAt of the run, as the gateway reports it (ms resolution). */
  readonly runMs: number;
  /** createdAt → startedAt: time queued behind another run. */
  readonly queuedMs: number;
  /** POST sent → the first poll that saw the run finished (includes up to one poll interval). */
  readonly wallMs: number;
  readonly serverCpuSeconds: number;
  readonly maxSampledRssMb: number;
  readonly tasks: readonly {
    readonly key: string;
    readonly kind: string;
    readonly name: string;
    readonly status: string;
    readonly durationMs: number;
    /** Highest VmRSS sampled (every 250 ms) while the task ran. */
    readonly maxSampledRssMb: number;
    readonly result: Record<string, unknown>;
  }[];
  /** "partitions of demo/<entity>: N in M ms" lines logged during the run. */
  readonly partitionLines: readonly EntityPartitions[];
}

const ACTIVE = new Set(['Queued', 'Running']);

async function getJson<T>(port: number, path: string): Promise<T> {
  const res = await httpGet(port, path, AUTH, { timeoutMs: 30_000 });
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
  return JSON.parse(res.body.toString('utf8')) as T;
}

/** Waits until no run of the demo is queued or running (a leftover, or the nightly schedule). */
async function waitForIdle(gateway: Gateway): Promise<void> {
  const deadline = performance.now() + RUN_DEADLINE_MS;
  for (;;) {
    const runs = await getJson<{ value: RunView[] }>(gateway.port, `/admin/datasets/${DEMO_INSTANCE_NAME}/runs`);
    const busy = runs.value.filter((r) => ACTIVE.has(r.status));
    if (busy.length === 0) return;
    if (performance.now() > deadline) throw new Error(`runs still active: ${busy.map((r) => r.id).join(', ')}`);
    say(`  waiting for ${busy.length} active run(s) of ${DEMO_INSTANCE_NAME} to finish: ${busy.map((r) => `${r.id} ${r.status}`).join(', ')}`);
    await sleep(2000);
  }
}

function taskLabel(t: { kind: string; name: string }): string {
  switch (t.kind) {
    case 'dataSource':
      return `data source ${t.name} (import)`;
    case 'segment':
      return `segment ${t.name}`;
    case 'measure':
      return `measure ${t.name}`;
    default:
      return `${t.kind} (rewrite from the store)`;
  }
}

async function runFullRefresh(gateway: Gateway, roundNo: number, options: Options): Promise<RoundResult> {
  await waitForIdle(gateway);
  const path = `/admin/datasets/${DEMO_INSTANCE_NAME}/processes/fullRefresh/runs`;
  const sampler = new RssSampler(gateway.proc.pid, 250);
  const samplerWallStart = Date.now();
  const cpuBefore = readCpuSeconds(gateway.proc.pid);
  const started = performance.now();
  const res = await httpPost(gateway.port, path, AUTH, 30_000);
  if (res.status !== 202) throw new Error(`POST ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 1000)}`);
  const { id } = JSON.parse(res.body.toString('utf8')) as { id: string };
  const seen = new Map<number, string>();
  let run: RunView;
  for (;;) {
    await sleep(options.pollMs);
    run = await getJson<RunView>(gateway.port, `/admin/datasets/${DEMO_INSTANCE_NAME}/runs/${encodeURIComponent(id)}`);
    for (const t of run.tasks) {
      if (seen.get(t.seq) === t.status) continue;
      seen.set(t.seq, t.status);
      if (t.status !== 'Queued' && t.status !== 'Running') {
        say(`   ${taskLabel(t).padEnd(38)} ${t.status} in ${fmt((t.durationMs ?? NaN) / 1000, 2)} s ${JSON.stringify(t.result ?? t.error ?? {})}`);
      }
    }
    if (!ACTIVE.has(run.status)) break;
    if (performance.now() - started > RUN_DEADLINE_MS) throw new Error(`run ${id} still ${run.status} after ${RUN_DEADLINE_MS / 60_000} min`);
  }
  const wallMs = performance.now() - started;
  const serverCpuSeconds = readCpuSeconds(gateway.proc.pid) - cpuBefore;
  const samples = sampler.stop();
  await sleep(300); // the last log lines
  if (run.status !== 'Successful') {
    throw new Error(`run ${id} ended ${run.status}: ${JSON.stringify(run.error)}; tasks: ${JSON.stringify(run.tasks.filter((t) => t.status !== 'Successful'))}\n${tail(gateway.lines)}`);
  }
  const partitionLines = gateway.lines
    .filter((l) => l.t >= started)
    .map((l) => /partitions of [^/\s]+\/(\S+): (\d+) in (\d+) ms/.exec(l.text))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ entity: m[1], partitions: Number(m[2]), ms: Number(m[3]) }));
  const ms = (a: string | null | undefined, b: string | null | undefined) => (a && b ? Date.parse(b) - Date.parse(a) : NaN);
  const rssDuring = (from: string | undefined, to: string | undefined) => {
    const lo = Date.parse(from ?? '') - samplerWallStart;
    const hi = Date.parse(to ?? '') - samplerWallStart;
    const inside = samples.filter((x) => x.tMs >= lo && x.tMs <= hi + 250).map((x) => x.rssMb);
    return inside.length > 0 ? Math.max(...inside) : NaN;
  };
  return {
    round: roundNo,
    runId: id,
    status: run.status,
    runMs: run.durationMs ?? NaN,
    queuedMs: ms(run.createdAt, run.startedAt),
    wallMs,
    serverCpuSeconds: round(serverCpuSeconds, 2),
    maxSampledRssMb: Math.max(...samples.map((s) => s.rssMb)),
    tasks: run.tasks.map((t) => ({ key: `${t.kind}:${t.name}`, kind: t.kind, name: t.name, status: t.status, durationMs: t.durationMs ?? NaN, maxSampledRssMb: rssDuring(t.startedAt, t.endedAt), result: t.result ?? {} })),
    partitionLines,
  };
}

// ---------------------------------------------------------------------------------------------
// Baselines: bare SQL on the same database
// ---------------------------------------------------------------------------------------------

interface Timed {
  /** The untimed warm-up execution's time, ms (reported for the cold/warm picture). */
  readonly firstMs: number;
  readonly ms: readonly number[];
  readonly medianMs: number;
}

interface SegmentBaseline {
  readonly segment: string;
  readonly filter: string;
  readonly where: string;
  readonly params: readonly unknown[];
  readonly count: number;
  readonly countSql: string;
  readonly countPlan: readonly string[];
  readonly countTime: Timed;
  readonly usesIndex: boolean;
  readonly materializeSql: string;
  readonly materializePlan: readonly string[];
  /** DELETE + INSERT … SELECT in a transaction that is rolled back (no commit, no fsync). */
  readonly materializeTime: Timed;
  /** The same with the index disabled (`+"Column"`: a forced scan), when the planner chose an index. */
  readonly scan?: { readonly countPlan: readonly string[]; readonly countTime: Timed; readonly materializePlan: readonly string[]; readonly materializeTime: Timed };
}

interface MeasureBaseline {
  readonly measure: string;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly plan: readonly string[];
  readonly value: number | null;
  readonly time: Timed;
}

interface Baselines {
  readonly database: string;
  readonly databaseBytes: number;
  readonly sqliteVersion: string;
  readonly analyzed: boolean;
  readonly reps: number;
  readonly segments: readonly SegmentBaseline[];
  readonly measures: readonly MeasureBaseline[];
}

type Db = InstanceType<typeof Database>;

function timed(reps: number, fn: () => void): Timed {
  let t = performance.now();
  fn();
  const firstMs = performance.now() - t;
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    fn();
    ms.push(round(performance.now() - t, 2));
  }
  return { firstMs: round(firstMs, 2), ms, medianMs: median(ms) };
}

function explain(db: Db, sql: string, params: readonly unknown[]): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = r.parent === 0 ? 0 : (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

function whereOf(compiler: SqlCompiler, filter: string | undefined, entity: EntityMetadata, limits: QueryLimits): SqlFragment {
  if (filter === undefined) return { text: '', params: [] };
  const predicate = compiler.where(bindDefinitionFilter(filter, entity, limits));
  return { text: ` WHERE ${predicate.text}`, params: predicate.params };
}

/** The aggregate expression exactly as the store's SqliteDerived writes it. */
function aggregateExpr(entity: EntityMetadata, measure: MeasureDefinition): string {
  if (measure.aggregate === 'count') return 'COUNT(*)';
  const attribute = entity.attributes.find((a) => a.name === measure.field);
  if (!attribute) throw new Error(`measure ${measure.name}: no field ${String(measure.field)} on ${entity.name}`);
  if (measure.aggregate === 'countDistinct') return `COUNT(DISTINCT ${q(attribute.name)})`;
  return `${measure.aggregate.toUpperCase()}(${q(attribute.name)})`;
}

function runBaselines(dataDir: string, catalog: InstanceCatalog, reps: number): Baselines {
  const file = join(dataDir, 'gateway.db');
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536'); // as the gateway's connection
    const sqliteVersion = db.prepare('SELECT sqlite_version()').pluck().get() as string;
    const compiler = new SqlCompiler(sqliteDialect);
    const limits = new QueryLimits();
    const profile = catalog.entities.find((e) => e.kind === 'profile');
    if (!profile) throw new Error('the demo has no profile entity');
    const analyzed = (db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").pluck().get() as number) > 0 &&
      (db.prepare('SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = ?').pluck().get(profile.table) as number) > 0;

    const segments: SegmentBaseline[] = [];
    for (const segment of (catalog.manifest.segments ?? []).filter((s) => (s.state ?? 'active') === 'active')) {
      const members = catalog.entities.find((e) => e.kind === 'segment' && e.name === segment.name);
      if (!members) throw new Error(`segment ${segment.name} has no membership entity`);
      const where = whereOf(compiler, segment.filter, profile, limits);
      // `scan`: every column of the predicate written `+"Column"`, which keeps its value but not its
      // index: the classic way to make SQLite scan (NOT INDEXED is not honoured on a WITHOUT ROWID table).
      const build = (scan: boolean) => {
        const predicate = scan ? where.text.replace(/"((?:[^"]|"")+)"/g, '+"$1"') : where.text;
        const countSql = `SELECT COUNT(*) FROM ${q(profile.table)}${predicate}`;
        // The task's statements (SqliteDerived.materializeSegment): the members' columns plus the row version.
        const tableColumns = (db.prepare(`PRAGMA table_info(${q(members.table)})`).all() as { name: string }[]).map((c) => c.name);
        const extra = tableColumns.filter((c) => !members.attributes.some((a) => a.name === c));
        if (extra.length !== 1) throw new Error(`${members.table}: expected one column besides the attributes, found ${extra.join(', ')}`);
        const columns = members.attributes.map((a) => q(a.name)).join(', ');
        const materializeSql = `INSERT INTO ${q(members.table)} (${columns}, ${q(extra[0])}) SELECT ${columns}, ? FROM ${q(profile.table)}${predicate}`;
        const count = db.prepare(countSql).pluck();
        const del = db.prepare(`DELETE FROM ${q(members.table)}`);
        const insert = db.prepare(materializeSql);
        const etag = 'bench-rolled-back';
        let counted = 0;
        const countTime = timed(reps, () => {
          counted = count.get(...where.params) as number;
        });
        let copied = 0;
        const materializeTime = timed(Math.min(reps, 3), () => {
          db.exec('BEGIN IMMEDIATE');
          try {
            del.run();
            copied = insert.run(etag, ...where.params).changes;
          } finally {
            db.exec('ROLLBACK');
          }
        });
        if (copied !== counted) throw new Error(`${segment.name}: INSERT … SELECT copied ${copied} rows, COUNT(*) says ${counted}`);
        return {
          counted,
          countSql,
          countPlan: explain(db, countSql, where.params),
          countTime,
          materializeSql,
          materializePlan: explain(db, materializeSql, ['etag', ...where.params]),
          materializeTime,
        };
      };
      say(`   segment ${segment.name}: ${segment.filter}`);
      const planned = build(false);
      const usesIndex = [...planned.countPlan, ...planned.materializePlan].some((l) => /USING (COVERING )?INDEX/.test(l));
      const scan = usesIndex ? build(true) : undefined;
      if (scan && scan.counted !== planned.counted) throw new Error(`${segment.name}: the forced scan counted ${scan.counted}, the indexed plan ${planned.counted}`);
      segments.push({
        segment: segment.name,
        filter: segment.filter,
        where: where.text.replace(/^ WHERE /, ''),
        params: where.params,
        count: planned.counted,
        countSql: planned.countSql,
        countPlan: planned.countPlan,
        countTime: planned.countTime,
        usesIndex,
        materializeSql: planned.materializeSql,
        materializePlan: planned.materializePlan,
        materializeTime: planned.materializeTime,
        ...(scan ? { scan: { countPlan: scan.countPlan, countTime: scan.countTime, materializePlan: scan.materializePlan, materializeTime: scan.materializeTime } } : {}),
      });
    }

    const measures: MeasureBaseline[] = [];
    for (const measure of catalog.manifest.measures ?? []) {
      const entity = catalog.entities.find((e) => e.name === measure.entity);
      if (!entity) throw new Error(`measure ${measure.name}: no entity ${measure.entity}`);
      const where = whereOf(compiler, measure.filter, entity, limits);
      const sql = `SELECT ${aggregateExpr(entity, measure)} AS value FROM ${q(entity.table)}${where.text}`;
      const statement = db.prepare(sql).pluck();
      let value: number | null = null;
      say(`   measure ${measure.name}: ${sql}`);
      const time = timed(reps, () => {
        const v = statement.get(...where.params) as number | bigint | null;
        value = v === null ? null : Number(v);
      });
      measures.push({ measure: measure.name, sql, params: where.params, plan: explain(db, sql, where.params), value, time });
    }
    return { database: file, databaseBytes: statSync(file).size, sqliteVersion, analyzed, reps, segments, measures };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Summary, report, results
// ---------------------------------------------------------------------------------------------

interface TaskSummary {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly roundsMs: readonly number[];
  readonly medianMs: number;
  /** Highest VmRSS sampled during the task, over all rounds. */
  readonly maxSampledRssMb: number;
  readonly result: Record<string, unknown>;
  /** True when every round returned the same result. */
  readonly stableResult: boolean;
}

function summarize(rounds: readonly RoundResult[]): { tasks: TaskSummary[]; runMs: number; wallMs: number; cpuSeconds: number; partitions: { entity: string; partitions: number; roundsMs: number[]; medianMs: number }[] } {
  const keys = rounds[0].tasks.map((t) => t.key);
  const tasks = keys.map((key) => {
    const per = rounds.map((r) => r.tasks.find((t) => t.key === key));
    const first = per[0] as RoundResult['tasks'][number];
    const roundsMs = per.map((t) => t?.durationMs ?? NaN);
    // The import reports its own duration in its result; the rest must be equal from round to round.
    const results = per.map((t) => JSON.stringify({ ...(t?.result ?? {}), durationMs: undefined }));
    const rss = per.map((t) => t?.maxSampledRssMb ?? NaN).filter((v) => Number.isFinite(v));
    return { key, kind: first.kind, name: first.name, roundsMs, medianMs: median(roundsMs), maxSampledRssMb: rss.length > 0 ? Math.max(...rss) : NaN, result: first.result, stableResult: results.every((r) => r === results[0]) };
  });
  const entities = [...new Set(rounds.flatMap((r) => r.partitionLines.map((p) => p.entity)))];
  const partitions = entities.map((entity) => {
    const roundsMs = rounds.map((r) => r.partitionLines.filter((p) => p.entity === entity).reduce((s, p) => s + p.ms, 0));
    return { entity, partitions: rounds.at(-1)?.partitionLines.find((p) => p.entity === entity)?.partitions ?? NaN, roundsMs, medianMs: median(roundsMs) };
  });
  return {
    tasks,
    runMs: median(rounds.map((r) => r.runMs)),
    wallMs: median(rounds.map((r) => r.wallMs)),
    cpuSeconds: median(rounds.map((r) => r.serverCpuSeconds)),
    partitions,
  };
}

function resultText(result: Record<string, unknown>): string {
  if (typeof result.entityCount === 'number') return `${fmt(result.entityCount)} members`;
  if (typeof result.value === 'number') return `value ${fmt(result.value, Number.isInteger(result.value) ? 0 : 2)}`;
  if (result.rows && typeof result.rows === 'object') return Object.entries(result.rows as Record<string, number>).map(([e, n]) => `${e} ${fmt(n)} rows`).join(', ');
  if (Array.isArray(result.entities)) return `${result.entities.length} entities`;
  return JSON.stringify(result);
}

const s = (ms: number, digits = 2) => fmt(ms / 1000, digits);

function printReport(launch: GatewayLaunch, options: Options, store: StoreInfo, rounds: readonly RoundResult[], summary: ReturnType<typeof summarize>, baselines: Baselines | undefined, outFile: string, logFile: string): void {
  const out: string[] = ['', '='.repeat(100), `Full refresh of the ${fmt(options.customers)}-customer demo — ${rounds.length} rounds, ${os.availableParallelism()} CPUs, node ${process.version}`, '='.repeat(100)];
  out.push(`gateway: ${launch.description}`);
  out.push(`store: ${relative(ROOT, store.dataDir)} (${store.reused ? 'reused' : 'created by this run'}; gateway.db ${fmt(store.databaseBytes / 2 ** 20)} MiB); this start: first answer ${s(store.firstAnswerMs, 1)} s, lake up to date ${s(store.lakeReadyMs, 1)} s`);
  if (store.creation) {
    out.push(`demo created ${store.creation.createdAt}${store.reused ? ' (an earlier run)' : ''}: first answer ${s(store.creation.firstAnswerMs, 1)} s, lake up to date ${s(store.creation.lakeReadyMs, 1)} s; ${store.creation.entityLoads.map((l) => `${l.entity} ${fmt(l.rows)} rows ${s(l.ms, 1)} s`).join(', ')}`);
  }

  out.push('', 'Runs (POST …/processes/fullRefresh/runs, polled until finished):');
  const roundRows = rounds.map((r) => [`round ${r.round}`, s(r.runMs), s(r.wallMs), s(r.queuedMs, 3), fmt(r.serverCpuSeconds, 1), fmt(r.maxSampledRssMb)]);
  roundRows.push(['median', s(summary.runMs), s(summary.wallMs), '', fmt(summary.cpuSeconds, 1), '']);
  out.push(table(['', 'run s', 'wall s', 'queued s', 'gw CPU s', 'gw RSS max MB'], roundRows));

  out.push('', 'Tasks (duration in s, as the gateway reports them):');
  const taskRows = summary.tasks.map((t) => [taskLabel(t), ...t.roundsMs.map((ms) => s(ms)), s(t.medianMs), `${fmt((t.medianMs / summary.runMs) * 100, 1)} %`, fmt(t.maxSampledRssMb), `${resultText(t.result)}${t.stableResult ? '' : ' (varies)'}`]);
  const taskSum = summary.tasks.reduce((sum, t) => sum + t.medianMs, 0);
  taskRows.push(['sum of task medians', ...rounds.map(() => ''), s(taskSum), `${fmt((taskSum / summary.runMs) * 100, 1)} %`, '', '']);
  taskRows.push(['run (median)', ...rounds.map((r) => s(r.runMs)), s(summary.runMs), '100 %', fmt(Math.max(...rounds.map((r) => r.maxSampledRssMb))), '']);
  out.push(table(['task', ...rounds.map((r) => `round ${r.round}`), 'median', 'of run', 'RSS max MB', 'result'], taskRows));

  if (summary.partitions.length > 0) {
    out.push('', 'Partition rewrites logged during the runs ("partitions of demo/<entity>: N in M ms"), s:');
    out.push(table(['entity', 'files', ...rounds.map((r) => `round ${r.round}`), 'median'], summary.partitions.map((p) => [p.entity, fmt(p.partitions), ...p.roundsMs.map((ms) => s(ms)), s(p.medianMs)])));
    out.push('(PosPurchases is written by the data source task, the others by the closing partitions task.)');
  }

  if (baselines) {
    out.push('', `Baselines: bare SQL on ${relative(ROOT, baselines.database)} (${fmt(baselines.databaseBytes / 2 ** 20)} MiB, SQLite ${baselines.sqliteVersion}, ` +
      `${baselines.analyzed ? 'ANALYZE statistics present' : 'no ANALYZE statistics for Customer'}) with better-sqlite3 in the bench process after the gateway stopped; ` +
      `median of ${baselines.reps} (INSERT: ${Math.min(baselines.reps, 3)}) after one untimed warm-up.`);
    const segRows = baselines.segments.flatMap((b) => {
      const task = summary.tasks.find((t) => t.key === `segment:${b.segment}`);
      const taskMs = task?.medianMs ?? NaN;
      const rows = [[
        b.segment,
        b.usesIndex ? 'index' : 'scan',
        fmt(b.count),
        s(taskMs),
        fmt(b.countTime.medianMs, 1),
        `${fmt(taskMs / b.countTime.medianMs, 1)}×`,
        s(b.materializeTime.medianMs),
        `${fmt(taskMs / b.materializeTime.medianMs, 2)}×`,
      ]];
      if (b.scan) {
        rows.push([`  same, forced scan (+col)`, 'scan', '', '', fmt(b.scan.countTime.medianMs, 1), `${fmt(taskMs / b.scan.countTime.medianMs, 1)}×`, s(b.scan.materializeTime.medianMs), `${fmt(taskMs / b.scan.materializeTime.medianMs, 2)}×`]);
      }
      return rows;
    });
    out.push(table(['segment', 'plan', 'members', 'task s', 'bare COUNT ms', 'task ÷ COUNT', 'bare DELETE+INSERT s', 'task ÷ INSERT'], segRows));
    out.push('task ÷ COUNT is expected to be > 1: the task does not only find the members, it copies every member row (17 columns) into the');
    out.push('segment table in one transaction (DELETE of the old members + INSERT … SELECT + commit with fsync). The bare DELETE+INSERT is');
    out.push('that statement pair alone, rolled back (no commit, no fsync); task ÷ INSERT is the gateway\'s overhead on top of its own SQL.');
    for (const b of baselines.segments) {
      out.push('', `${b.segment}: ${b.filter}  →  WHERE ${b.where}  ${JSON.stringify(b.params)}`);
      out.push(`  EXPLAIN QUERY PLAN (COUNT):            ${b.countPlan.join(' | ')}`);
      out.push(`  EXPLAIN QUERY PLAN (INSERT … SELECT):  ${b.materializePlan.join(' | ')}`);
      if (b.scan) out.push(`  forced scan, +"col" (COUNT / INSERT):  ${b.scan.countPlan.join(' | ')} / ${b.scan.materializePlan.join(' | ')}`);
    }
    out.push('', 'Measures:');
    out.push(table(['measure', 'value (task)', 'value (bare)', 'task ms', 'bare ms', 'task ÷ bare', 'plan'], baselines.measures.map((b) => {
      const task = summary.tasks.find((t) => t.key === `measure:${b.measure}`);
      const taskValue = typeof task?.result.value === 'number' ? task.result.value : NaN;
      const value = (v: number) => fmt(v, Number.isInteger(v) ? 0 : 2);
      return [b.measure, value(taskValue), value(b.value ?? NaN), fmt(task?.medianMs ?? NaN), fmt(b.time.medianMs, 1), `${fmt((task?.medianMs ?? NaN) / b.time.medianMs, 2)}×`, b.plan.join(' | ')];
    })));
    for (const b of baselines.measures) out.push(`  ${b.measure}: ${b.sql}`);
  }
  if (launch.tsNode) out.push('', 'note: the gateway ran from the sources through ts-node (transpile-only); its RSS includes the TypeScript compiler.');
  out.push('', `results: ${relative(ROOT, outFile)}; gateway log: ${relative(ROOT, logFile)}; ${fmt((performance.now() - benchStarted) / 1000, 0)} s in all`, '');
  process.stdout.write(`${out.join('\n')}\n`);
}

interface Creation {
  readonly customers: number;
  readonly createdAt: string;
  readonly firstAnswerMs: number;
  readonly lakeReadyMs: number;
  readonly entityLoads: readonly { entity: string; rows: number; ms: number }[];
  readonly log: readonly string[];
}

interface StoreInfo {
  readonly dataDir: string;
  readonly reused: boolean;
  readonly databaseBytes: number;
  readonly firstAnswerMs: number;
  readonly lakeReadyMs: number;
  readonly creation?: Creation;
}

async function main(): Promise<void> {
  installCleanup('bench:full-refresh', GLOBAL_TIMEOUT_MS);

  const options = parseOptions(process.argv.slice(2));
  const launch = resolveLaunch(options.main, true);
  const dataDir = join(FULL_REFRESH_DATA, `demo-${options.customers}`);
  const markerFile = join(dataDir, MARKER);
  mkdirSync(join(FULL_REFRESH_DATA, 'logs'), { recursive: true });
  const logFile = join(FULL_REFRESH_DATA, 'logs', `full-refresh-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const machineInfo = machine();
  say(`bench:full-refresh: ${machineInfo.nproc} CPUs, ${machineInfo.totalMemGiB} GiB, node ${process.version}, load ${(machineInfo.loadAvgAtStart as number[]).join(' ')}`);
  say(`gateway: ${launch.description}`);
  const marker = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, 'utf8')) as Creation) : undefined;
  const previous = marker ? { ...marker, log: marker.log.map(stripNest).filter((l) => STARTUP_LINE.test(l)) } : undefined;
  if (previous && previous.customers !== options.customers) throw new Error(`${relative(ROOT, markerFile)} is for ${previous.customers} customers`);
  say(`store: ${relative(ROOT, dataDir)} — ${previous ? `reusing the demo created ${previous.createdAt}` : existsSync(join(dataDir, 'gateway.db')) ? 'an unfinished demo (the gateway resumes it)' : `creating the demo (${fmt(options.customers)} customers: minutes)`}`);
  mkdirSync(dataDir, { recursive: true });

  const gateway = await startGateway(launch, options, dataDir, logFile);
  const entityLoads = gateway.lines
    .map((l) => /demo (\S+): (\d+) rows in (\d+) ms/.exec(l.text))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ entity: m[1], rows: Number(m[2]), ms: Number(m[3]) }));
  let creation = previous;
  if (entityLoads.length > 0 || !previous) {
    creation = {
      customers: options.customers,
      createdAt: new Date().toISOString(),
      firstAnswerMs: Math.round(gateway.firstAnswerMs),
      lakeReadyMs: Math.round(gateway.lakeReadyMs),
      entityLoads,
      log: gateway.lines.map((l) => stripNest(l.text)).filter((l) => STARTUP_LINE.test(l)),
    };
    writeFileSync(markerFile, `${JSON.stringify(creation, null, 2)}\n`);
  }
  say(`gateway up: first answer ${s(gateway.firstAnswerMs, 1)} s, lake up to date ${s(gateway.lakeReadyMs, 1)} s, idle RSS ${fmt(gateway.idleRssMb ?? NaN)} MB`);

  const rounds: RoundResult[] = [];
  try {
    for (let r = 1; r <= options.rounds; r++) {
      say(`round ${r}/${options.rounds}: full refresh`);
      const result = await runFullRefresh(gateway, r, options);
      say(`  run ${result.runId}: ${result.status} in ${s(result.runMs)} s (gateway CPU ${fmt(result.serverCpuSeconds, 1)} s, RSS max ${fmt(result.maxSampledRssMb)} MB)`);
      rounds.push(result);
      const customers = result.tasks.find((t) => t.key === 'measure:CustomerCount')?.result.value;
      if (customers !== undefined && customers !== options.customers) throw new Error(`the store holds ${String(customers)} customers, not ${options.customers}: remove ${relative(ROOT, dataDir)}`);
    }
  } finally {
    const stopped = await gateway.proc.stop(60_000);
    say(`gateway stopped (${stopped.killed ? 'KILLED after 60 s' : `exit ${stopped.code ?? stopped.signal}`}, ${fmt(stopped.shutdownMs)} ms)`);
  }

  const summary = summarize(rounds);
  let baselines: Baselines | undefined;
  if (!options.skipBaselines) {
    say(`baselines: bare SQL on ${relative(ROOT, join(dataDir, 'gateway.db'))}`);
    baselines = runBaselines(dataDir, resolveInstance(demoManifest()), options.reps);
    for (const b of baselines.segments) {
      const task = summary.tasks.find((t) => t.key === `segment:${b.segment}`);
      if (task && task.result.entityCount !== b.count) throw new Error(`${b.segment}: the task counted ${String(task.result.entityCount)} members, the bare COUNT ${b.count}`);
    }
  }

  const store: StoreInfo = {
    dataDir,
    reused: entityLoads.length === 0 && previous !== undefined,
    databaseBytes: statSync(join(dataDir, 'gateway.db')).size,
    firstAnswerMs: gateway.firstAnswerMs,
    lakeReadyMs: gateway.lakeReadyMs,
    ...(creation ? { creation } : {}),
  };
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench:full-refresh${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { ...machineInfo, cpus: os.cpus().length, loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)) },
    gateway: launch.description,
    options: { ...options, out: relative(ROOT, options.out) },
    store: { ...store, dataDir: relative(ROOT, dataDir), firstAnswerMs: Math.round(store.firstAnswerMs), lakeReadyMs: Math.round(store.lakeReadyMs), idleRssMb: gateway.idleRssMb ?? null },
    medians: { runMs: summary.runMs, wallMs: round(summary.wallMs), serverCpuSeconds: summary.cpuSeconds, tasks: summary.tasks, partitionsByEntity: summary.partitions },
    rounds: rounds.map((r) => ({ ...r, wallMs: round(r.wallMs) })),
    baselines: baselines
      ? {
          ...baselines,
          database: relative(ROOT, baselines.database),
          segments: baselines.segments.map((b) => {
            const taskMs = summary.tasks.find((t) => t.key === `segment:${b.segment}`)?.medianMs ?? NaN;
            return {
              ...b,
              taskMedianMs: taskMs,
              taskOverCount: round(taskMs / b.countTime.medianMs, 2),
              taskOverMaterialize: round(taskMs / b.materializeTime.medianMs, 3),
            };
          }),
          measures: baselines.measures.map((b) => {
            const taskMs = summary.tasks.find((t) => t.key === `measure:${b.measure}`)?.medianMs ?? NaN;
            return { ...b, taskMedianMs: taskMs, taskOverBare: round(taskMs / b.time.medianMs, 3) };
          }),
        }
      : null,
    benchSeconds: round((performance.now() - benchStarted) / 1000),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  printReport(launch, options, store, rounds, summary, baselines, options.out, logFile);
}

main()
  .then(() => sleep(0))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`\nbench:full-refresh failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  });
