/** The results of `npm run bench:peer`: medians over the rounds, the ratios, the JSON file and the printed table. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmt, table } from '../lib/console';
import { median, round } from '../lib/stats';
import type { PagedRun, PeerLoadRun, QueryRuns, TargetRuns } from './measure';
import { QUERIES, QueryKey, TARGET_LABELS, TargetKey } from './targets';
import type { AnswerSize } from './verify';

/** One line of the table: a target on a query, medians over the rounds. */
export interface SummaryRow {
  readonly query: QueryKey;
  readonly target: TargetKey;
  /** Responses (pages for (c)) per second. */
  readonly rps: number;
  readonly rowsPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU µs per request (per page for (c)). */
  readonly cpuUsPerRequest: number;
  /** The out-of-process database's CPU µs per request (PostgreSQL). */
  readonly databaseCpuUsPerRequest?: number;
  readonly rssMb?: number;
  readonly databaseMemoryMb?: number;
  readonly bytesPerAnswer: number;
  /** rps ÷ CAP's rps (rows/s for (c)); gateway targets only. */
  readonly vsCap?: number;
  /** rps ÷ the floor's rps (rows/s for (c)). */
  readonly vsFloor?: number;
}

export interface Measured {
  readonly lookup: QueryRuns<PeerLoadRun>;
  readonly activities: QueryRuns<PeerLoadRun>;
  readonly pagedRead: QueryRuns<PagedRun>;
}

export function summarize(measured: Measured, sizes: Partial<Record<TargetKey, Record<QueryKey, AnswerSize>>>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const q of QUERIES) {
    const perTarget = new Map<TargetKey, Omit<SummaryRow, 'vsCap' | 'vsFloor'>>();
    for (const [key, entry] of Object.entries(measured[q.key]) as [TargetKey, TargetRuns<PeerLoadRun | PagedRun>][]) {
      const size = sizes[key]?.[q.key];
      perTarget.set(key, q.key === 'pagedRead' ? pagedRow(key, entry as TargetRuns<PagedRun>, size) : loadRow(q.key, key, entry as TargetRuns<PeerLoadRun>, size));
    }
    // (c) is compared on rows/s: the servers agree on the rows, not necessarily on the page count.
    const speed = (r: { rps: number; rowsPerS: number }) => (q.key === 'pagedRead' ? r.rowsPerS : r.rps);
    const cap = perTarget.get('cap');
    const floor = perTarget.get('floor');
    for (const [key, r] of perTarget) {
      rows.push({
        ...r,
        ...(cap && key.startsWith('gateway') ? { vsCap: round(speed(r) / speed(cap), 3) } : {}),
        ...(floor && key !== 'floor' ? { vsFloor: round(speed(r) / speed(floor), 3) } : {}),
      });
    }
  }
  return rows;
}

function loadRow(query: QueryKey, target: TargetKey, entry: TargetRuns<PeerLoadRun>, size: AnswerSize | undefined): Omit<SummaryRow, 'vsCap' | 'vsFloor'> {
  const m = (pick: (r: PeerLoadRun) => number) => median(entry.runs.map(pick));
  const db = entry.runs.every((r) => r.databaseCpuUsPerRequest !== undefined) ? round(m((r) => r.databaseCpuUsPerRequest ?? NaN)) : undefined;
  const rps = round(m((r) => r.rps));
  return {
    query,
    target,
    rps,
    rowsPerS: round(rps * (size?.rows ?? NaN)),
    p50Ms: round(m((r) => r.p50Ms), 2),
    p99Ms: round(m((r) => r.p99Ms), 2),
    cpuUsPerRequest: round(m((r) => r.serverCpuUsPerRequest)),
    ...(db !== undefined ? { databaseCpuUsPerRequest: db } : {}),
    ...memoryOf(entry),
    bytesPerAnswer: size?.bytes ?? NaN,
  };
}

function pagedRow(target: TargetKey, entry: TargetRuns<PagedRun>, size: AnswerSize | undefined): Omit<SummaryRow, 'vsCap' | 'vsFloor'> {
  const m = (pick: (r: PagedRun) => number) => median(entry.runs.map(pick));
  const db = entry.runs.every((r) => r.databaseCpuCores !== undefined) ? round(m((r) => ((r.databaseCpuCores ?? NaN) * r.ms * 1000) / r.pages)) : undefined;
  return {
    query: 'pagedRead',
    target,
    rps: round(m((r) => r.pagesPerS), 1),
    rowsPerS: round(m((r) => r.rowsPerS)),
    p50Ms: round(m((r) => r.p50Ms), 2),
    p99Ms: round(m((r) => r.p99Ms), 2),
    cpuUsPerRequest: round(m((r) => (r.serverCpuCores * r.ms * 1000) / r.pages)),
    ...(db !== undefined ? { databaseCpuUsPerRequest: db } : {}),
    ...memoryOf(entry),
    bytesPerAnswer: size?.bytes ?? NaN,
  };
}

function memoryOf(entry: TargetRuns<unknown>): { rssMb?: number; databaseMemoryMb?: number } {
  return {
    ...(entry.memory ? { rssMb: entry.memory.rssMb } : {}),
    ...(entry.databaseMemoryMb !== undefined ? { databaseMemoryMb: entry.databaseMemoryMb } : {}),
  };
}

export function printTable(rows: readonly SummaryRow[]): string {
  const header = ['query', 'target', 'req/s', 'rows/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS MB', 'bytes/answer', '÷ CAP', '÷ floor'];
  const pct = (v: number | undefined) => (v === undefined ? '' : `${fmt(v * 100, 1)} %`);
  const body = rows.map((r) => [
    r.query,
    TARGET_LABELS[r.target],
    fmt(r.rps, r.query === 'pagedRead' ? 1 : 0),
    fmt(r.rowsPerS),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    `${fmt(r.cpuUsPerRequest)}${r.databaseCpuUsPerRequest !== undefined ? ` + ${fmt(r.databaseCpuUsPerRequest)} PG` : ''}`,
    `${r.rssMb === undefined ? '?' : fmt(r.rssMb)}${r.databaseMemoryMb !== undefined ? ` + ${fmt(r.databaseMemoryMb)} PG` : ''}`,
    fmt(r.bytesPerAnswer),
    pct(r.vsCap),
    pct(r.vsFloor),
  ]);
  return table(header, body);
}

export function writeJson(file: string, results: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
