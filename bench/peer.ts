/**
 * Peer comparison (`npm run bench:peer`): in one run, on the same demo data and the same queries,
 * with the same load generator, each server in its own process on 127.0.0.1:
 *
 *   gateway, SQLite       the built gateway on its embedded store
 *   gateway, PostgreSQL   the same build with DATABASE_URL (a private server unless DATABASE_URL is set)
 *   SAP CAP               @sap/cds + @cap-js/sqlite serving the same Customer and UnifiedActivity rows
 *   node:http floor       the gateway's own answer bytes from a Map
 *
 * Queries: (a) Customer('id'), (b) UnifiedActivity?$filter=CustomerId eq 'id'&$top=50, (c) every page
 * of Customer through @odata.nextLink. Every answer is checked against the gateway on SQLite before
 * anything is measured. Results: bench/results/peer.json and a table on stdout.
 *
 * Options: --customers N (100000), --duration S (10), --rounds N (3), --paged-rounds N (5),
 *          --connections N (16), --ids N (200), --warmup S (2), --fresh (rebuild CAP's database),
 *          --skip-postgres, --out FILE.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { BENCH_DATA, ROOT } from './context';
import { parseBenchArgs } from './lib/args';
import { fmt, say } from './lib/console';
import { sleep } from './lib/http';
import { installCleanup, killAllChildren } from './lib/processes';
import { machine } from './report';
import { cdsVersion, ensureCapData, startCap } from './peer/cap-target';
import { newCapture, startFloor } from './peer/floor-target';
import { GatewayStart, GatewayTarget, startGatewayTarget } from './peer/gateway-target';
import { measureLoad, measurePagedRead, MeasureOptions } from './peer/measure';
import { printTable, summarize, writeJson } from './peer/peer-report';
import { PEER_SCHEMA, PeerPostgres, preparePostgres } from './peer/postgres';
import { activitiesPath, lookupPath, QUERIES, QueryKey, Target, TargetKey } from './peer/targets';
import { AnswerSize, readReference, verifyTarget } from './peer/verify';

const GLOBAL_TIMEOUT_MS = 45 * 60_000;
const PEER_DATA = join(BENCH_DATA, 'peer');

interface PeerOptions extends MeasureOptions {
  readonly customers: number;
  readonly ids: number;
  readonly fresh: boolean;
  readonly postgres: boolean;
  readonly out: string;
}

function parseOptions(argv: readonly string[]): PeerOptions {
  const { flags, values, int } = parseBenchArgs(argv, {
    flags: ['fresh', 'skip-postgres'],
    values: ['customers', 'duration', 'rounds', 'paged-rounds', 'connections', 'ids', 'warmup', 'out'],
  });
  const customers = int('customers', 100_000, 1000);
  return {
    customers,
    durationS: int('duration', 10, 1),
    rounds: int('rounds', 3, 1),
    pagedRounds: int('paged-rounds', 5, 1),
    connections: int('connections', 16, 1),
    ids: int('ids', 200, 1),
    warmupS: int('warmup', 2, 0),
    fresh: flags.has('fresh'),
    postgres: !flags.has('skip-postgres'),
    // The committed results are the default size's; other sizes stay in .bench-data.
    out: resolve(values.get('out') ?? (customers === 100_000 ? join(ROOT, 'bench/results/peer.json') : join(PEER_DATA, `results-${customers}.json`))),
  };
}

/** Loads the demo into an empty store, then restarts on it: the measured process has not loaded anything. */
async function startLoadedGateway(start: GatewayStart): Promise<{ target: GatewayTarget; load: GatewayTarget }> {
  rmSync(start.dataDir, { recursive: true, force: true });
  mkdirSync(start.dataDir, { recursive: true });
  const load = await startGatewayTarget(start);
  say(`   ${load.label}: demo loaded, first answer after ${fmt(load.firstAnswerMs / 1000, 1)} s (${load.loads.map((l) => `${l.entity} ${fmt(l.rows)} rows ${fmt(l.ms / 1000, 1)} s`).join(', ')})`);
  await load.proc.stop();
  const target = await startGatewayTarget(start);
  if (target.loads.length > 0) throw new Error(`${target.label} loaded the demo again on restart`);
  say(`   ${target.label}: restarted on the loaded store, first answer after ${fmt(target.firstAnswerMs)} ms, RSS ${fmt(target.idleRssMb ?? NaN)} MB`);
  return { target, load };
}

async function main(): Promise<void> {
  installCleanup('bench:peer', GLOBAL_TIMEOUT_MS);

  const o = parseOptions(process.argv.slice(2));
  mkdirSync(join(BENCH_DATA, 'logs'), { recursive: true });
  const logFile = join(BENCH_DATA, 'logs', `peer-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const machineInfo = machine();
  const startedAt = new Date().toISOString();
  say(`bench:peer: ${fmt(o.customers)} customers, ${machineInfo.nproc} CPUs, node ${process.version}, @sap/cds ${cdsVersion()}; logs in ${relative(ROOT, logFile)}`);

  const targets: Target[] = [];
  let postgres: PeerPostgres | undefined;
  try {
    say('1. gateway on SQLite');
    const sqlite = await startLoadedGateway({ key: 'gatewaySqlite', dataDir: join(PEER_DATA, `sqlite-${o.customers}`), customers: o.customers, logFile, store: {} });
    targets.push(sqlite.target);
    const capture = newCapture();
    const { reference, verified } = await readReference(sqlite.target, o.ids, capture);
    const sizes: Partial<Record<TargetKey, Record<QueryKey, AnswerSize>>> = { gatewaySqlite: verified.sizes };

    say('2. SAP CAP');
    const capData = await ensureCapData(join(PEER_DATA, `cap-${o.customers}.sqlite`), o.customers, sqlite.target, o.fresh);
    const cap = await startCap(capData.file, logFile);
    say(`   CAP answering after ${fmt(cap.firstAnswerMs)} ms`);
    targets.push(cap);

    let pg: { target: GatewayTarget; load: GatewayTarget } | undefined;
    if (o.postgres) {
      say('3. gateway on PostgreSQL');
      postgres = await preparePostgres();
      say(`   ${postgres.description}`);
      const db = postgres;
      pg = await startLoadedGateway({
        key: 'gatewayPostgres',
        dataDir: join(PEER_DATA, `postgres-${o.customers}`),
        customers: o.customers,
        logFile,
        store: { DATABASE_URL: db.url, DATABASE_SCHEMA: PEER_SCHEMA },
        databaseMemoryMb: () => db.memoryMb(),
        databaseCpuSeconds: () => db.cpuSeconds(),
      });
      targets.push(pg.target);
    } else {
      say('3. gateway on PostgreSQL: skipped (--skip-postgres)');
    }

    say('4. node:http floor');
    const floor = await startFloor(capture, join(PEER_DATA, 'floor-fixture.json'), logFile);
    targets.push(floor);

    say('5. equivalence: every target against the gateway on SQLite');
    for (const t of targets) if (t.key !== 'gatewaySqlite') sizes[t.key] = (await verifyTarget(t, reference)).sizes;

    say('6. load');
    const lookup = await measureLoad(QUERIES[0].name, targets, reference.ids, lookupPath, o);
    const activities = await measureLoad(QUERIES[1].name, targets, reference.ids, activitiesPath, o);
    const pagedRead = await measurePagedRead(QUERIES[2].name, targets, o);
    const summary = summarize({ lookup, activities, pagedRead }, sizes);

    writeJson(o.out, {
      benchmark: 'bench:peer',
      startedAt,
      finishedAt: new Date().toISOString(),
      // Other work on the machine shows here (the 1-minute figure at the start is in machine).
      loadAvgAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
      commit: gitCommit(),
      machine: machineInfo,
      options: { ...o, out: relative(ROOT, o.out) },
      versions: { node: process.version, sapCds: cdsVersion() },
      setup: {
        gatewaySqlite: gatewaySetup(sqlite),
        ...(pg && postgres ? {
          gatewayPostgres: { database: postgres.description, ...gatewaySetup(pg) },
        } : {}),
        cap: { database: relative(ROOT, capData.file), reused: capData.reused, rows: capData.rows, loadMs: capData.loadMs, firstAnswerMs: Math.round(cap.firstAnswerMs) },
      },
      verification: { ids: reference.ids.length, sampleIds: reference.ids.slice(0, 10), pagedRead: reference.pagedRead, answerSizes: sizes },
      summary,
      runs: { lookup, activities, pagedRead },
    });
    say(`results written to ${relative(ROOT, o.out)}\n`);
    process.stdout.write(`${printTable(summary)}\n`);
  } finally {
    for (const t of targets) await t.proc.stop(10_000);
    await postgres?.stop();
  }
}

/** The load start and the restart the measured process came from. */
function gatewaySetup(g: { target: GatewayTarget; load: GatewayTarget }): Record<string, unknown> {
  return {
    loadFirstAnswerMs: Math.round(g.load.firstAnswerMs),
    loads: g.load.loads,
    restartFirstAnswerMs: Math.round(g.target.firstAnswerMs),
    idleRssMb: g.target.idleRssMb,
  };
}

function gitCommit(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (working tree with uncommitted changes)' : ''}`;
  } catch {
    return undefined;
  }
}

main()
  .then(() => sleep(0))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`\nbench:peer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  });
