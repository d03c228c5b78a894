/**
 * The measurement: for each query, a warm-up on every target, then `rounds` rounds in which every
 * target is measured once, the order rotating each round (the machine is noisy: alternating spreads
 * a slow spell over all targets instead of one). (a) and (b) are autocannon runs (bench/lib/load.ts,
 * `connections` connections cycling through the sampled ids); (c) is one sequential client reading
 * every page (paged-read.ts). RSS of each server process is read after its last run of the query.
 */
import type { AutocannonRequest } from 'autocannon';
import { fmt, say } from '../lib/console';
import { runLoad } from '../lib/load';
import type { LoadRun } from '../lib/load';
import { percentile, round } from '../lib/stats';
import { ProcMemory, readCpuSeconds, readMemory } from '../lib/proc';
import { PagedRead, readPaged } from './paged-read';
import { activitiesPath, firstPagePath, lookupPath, Target, TargetKey } from './targets';

export interface MeasureOptions {
  readonly durationS: number;
  readonly warmupS: number;
  readonly rounds: number;
  readonly connections: number;
  readonly pagedRounds: number;
}

/** An autocannon run, plus the CPU of the target's out-of-process database (PostgreSQL) over it. */
export type PeerLoadRun = LoadRun & { readonly databaseCpuUsPerRequest?: number };

/** One paged read as measured: rows/s and the latency of its pages. */
export interface PagedRun {
  readonly rows: number;
  readonly pages: number;
  readonly ms: number;
  readonly rowsPerS: number;
  readonly pagesPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly firstPageMs: number;
  readonly lastPageMs: number;
  /** Server CPU seconds over the read / wall time. */
  readonly serverCpuCores: number;
  /** The same for the target's out-of-process database (PostgreSQL). */
  readonly databaseCpuCores?: number;
}

export interface TargetRuns<R> {
  readonly runs: R[];
  /** The server process after the query's last run. */
  memory?: ProcMemory;
  /** An out-of-process database's PSS after the query's last run (PostgreSQL). */
  databaseMemoryMb?: number;
}

export type QueryRuns<R> = Partial<Record<TargetKey, TargetRuns<R>>>;

/** (a) or (b) on every target. */
export async function measureLoad(
  name: string,
  targets: readonly Target[],
  ids: readonly string[],
  path: typeof lookupPath | typeof activitiesPath,
  o: MeasureOptions,
): Promise<QueryRuns<PeerLoadRun>> {
  say(`   ${name}: ${o.connections} connections, ${o.warmupS} s warm-up, ${o.rounds} rounds of ${o.durationS} s per target`);
  const requests = new Map(targets.map((t) => [t.key, ids.map((id): AutocannonRequest => ({ method: 'GET', path: path(t.root, id), headers: { ...t.headers } }))]));
  const run = async (t: Target, durationS: number): Promise<PeerLoadRun> => {
    const dbBefore = t.databaseCpuSeconds?.();
    const result = await runLoad({ port: t.port, requests: requests.get(t.key) ?? [], connections: o.connections, durationS, serverPid: t.proc.pid });
    const dbAfter = t.databaseCpuSeconds?.();
    if (dbBefore === undefined || dbAfter === undefined) return result;
    return { ...result, databaseCpuUsPerRequest: round(((dbAfter - dbBefore) * 1e6) / Math.max(1, result.responses2xx), 1) };
  };
  if (o.warmupS > 0) for (const t of targets) await run(t, o.warmupS);
  const results: QueryRuns<PeerLoadRun> = {};
  for (let r = 0; r < o.rounds; r++) {
    for (const t of rotate(targets, r)) {
      alive(t);
      const result = await run(t, o.durationS);
      (results[t.key] ??= { runs: [] }).runs.push(result);
      const failed = result.errors || result.timeouts || result.non2xx;
      say(`     round ${r + 1} ${t.label.padEnd(26)} ${fmt(result.rps).padStart(7)} req/s  p50 ${fmt(result.p50Ms, 2)} ms  p99 ${fmt(result.p99Ms, 2)} ms  ` +
        `server CPU ${fmt(result.serverCpuCores, 2)} (${fmt(result.serverCpuUsPerRequest)} µs/req` +
        `${result.databaseCpuUsPerRequest !== undefined ? ` + PostgreSQL ${fmt(result.databaseCpuUsPerRequest)} µs/req` : ''})  client CPU ${fmt(result.clientCpuCores, 2)}` +
        `${failed ? `  WARNING errors=${result.errors} timeouts=${result.timeouts} status=${JSON.stringify(result.statusCodes)}` : ''}`);
    }
  }
  recordMemory(targets, results);
  return results;
}

/** (c) on every target: one warm-up read each, then the rounds. */
export async function measurePagedRead(name: string, targets: readonly Target[], o: MeasureOptions): Promise<QueryRuns<PagedRun>> {
  say(`   ${name}: 1 warm-up read and ${o.pagedRounds} measured reads per target`);
  const read = async (t: Target): Promise<PagedRun> => {
    const cpuBefore = readCpuSeconds(t.proc.pid);
    const dbBefore = t.databaseCpuSeconds?.();
    const r = await readPaged(t.port, firstPagePath(t.root), t.headers, { deadlineMs: 900_000 });
    const dbAfter = t.databaseCpuSeconds?.();
    const db = dbBefore === undefined || dbAfter === undefined ? undefined : dbAfter - dbBefore;
    return pagedRun(r, readCpuSeconds(t.proc.pid) - cpuBefore, db);
  };
  for (const t of targets) await read(t);
  const results: QueryRuns<PagedRun> = {};
  for (let r = 0; r < o.pagedRounds; r++) {
    for (const t of rotate(targets, r)) {
      alive(t);
      const result = await read(t);
      (results[t.key] ??= { runs: [] }).runs.push(result);
      say(`     round ${r + 1} ${t.label.padEnd(26)} ${fmt(result.rowsPerS).padStart(8)} rows/s  ${fmt(result.ms / 1000, 2)} s  ` +
        `page p50 ${fmt(result.p50Ms, 2)} ms  p99 ${fmt(result.p99Ms, 2)} ms  first/last page ${fmt(result.firstPageMs, 1)}/${fmt(result.lastPageMs, 1)} ms  ` +
        `server CPU ${fmt(result.serverCpuCores, 2)}${result.databaseCpuCores !== undefined ? ` + PostgreSQL ${fmt(result.databaseCpuCores, 2)}` : ''}`);
    }
  }
  recordMemory(targets, results);
  return results;
}

function pagedRun(r: PagedRead, serverCpuS: number, databaseCpuS: number | undefined): PagedRun {
  return {
    rows: r.rows,
    pages: r.pages,
    ms: round(r.ms, 1),
    rowsPerS: round(r.rows / (r.ms / 1000)),
    pagesPerS: round(r.pages / (r.ms / 1000), 1),
    p50Ms: round(percentile(r.pageMs, 50), 3),
    p99Ms: round(percentile(r.pageMs, 99), 3),
    maxMs: round(Math.max(...r.pageMs), 3),
    firstPageMs: round(r.pageMs[0] ?? NaN, 3),
    lastPageMs: round(r.pageMs[r.pageMs.length - 1] ?? NaN, 3),
    serverCpuCores: round(serverCpuS / (r.ms / 1000), 2),
    ...(databaseCpuS !== undefined ? { databaseCpuCores: round(databaseCpuS / (r.ms / 1000), 2) } : {}),
  };
}

function recordMemory<R>(targets: readonly Target[], results: QueryRuns<R>): void {
  for (const t of targets) {
    const entry = results[t.key];
    if (!entry) continue;
    const memory = readMemory(t.proc.pid);
    if (memory) entry.memory = memory;
    const db = t.databaseMemoryMb?.();
    if (db !== undefined) entry.databaseMemoryMb = db;
  }
}

/** The targets in round-robin order starting at the `round`-th. */
function rotate<T>(items: readonly T[], round_: number): T[] {
  const k = round_ % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function alive(t: Target): void {
  if (!t.proc.alive()) throw new Error(`${t.label} exited during the benchmark:\n${t.proc.output().slice(-3000)}`);
}
