/** Phase 4: a full sequential read of Customer through @odata.nextLink: rows/s and the gateway's RSS. */
import { Agent } from 'node:http';
import { AUTH, Context } from '../context';
import { startGateway, StartedGateway, stopChecked } from '../gateway';
import { fmt, say } from '../lib/console';
import { httpGet, LOOPBACK } from '../lib/http';
import { ODataPage, parsePage } from '../lib/odata-page';
import { ProcMemory, readCpuSeconds, readMappedFileRssMb, readMemory, RssSampler } from '../lib/proc';
import { round } from '../lib/stats';
import { Incident } from '../supervised-gateway';

export interface FullReadPhase {
  readonly rows: number;
  readonly pages: number;
  readonly totalMs: number;
  readonly rowsPerSecond: number;
  readonly bytes: number;
  /** Time waiting for responses (request sent → last byte) vs parsing JSON in the client. */
  readonly requestMs: number;
  readonly clientParseMs: number;
  readonly slowestPageMs: number;
  readonly orderedAndUnique: boolean;
  readonly gatewayCpuSeconds: number;
  readonly rssAtStartMb?: number;
  readonly memoryAt100k?: ProcMemory;
  readonly memoryAt500k?: ProcMemory;
  readonly memoryAtEnd?: ProcMemory;
  readonly peakRssMb?: number;
  /** Resident part of the gateway.db mappings (SQLite mmap), from /proc/<pid>/smaps. */
  readonly dbMappedRssAt100kMb: number;
  readonly dbMappedRssAtEndMb: number;
  readonly maxSampledRssMb: number;
  readonly incidents: Incident[];
  readonly rssSamples: readonly { readonly tMs: number; readonly rssMb: number }[];
}

/** Running totals of the read, page by page. */
interface Tally {
  rows: number;
  pages: number;
  bytes: number;
  requestMs: number;
  parseMs: number;
  slowest: number;
  lastId: string;
  ordered: boolean;
  at100k?: ProcMemory;
  at500k?: ProcMemory;
  dbMappedAt100k: number;
}

export async function phaseFullRead(ctx: Context): Promise<FullReadPhase> {
  say(`4. full read of Customer through @odata.nextLink (sequential, one client), fresh gateway process`);
  const incidents: Incident[] = [];
  for (;;) {
    const gateway = await startGateway(ctx, 'full read', { intervalMs: 10, deadlineMs: 120_000 });
    try {
      return { ...(await fullRead(ctx, gateway)), incidents };
    } catch (error) {
      if (gateway.proc.alive() || incidents.length >= 2) throw error;
      const info = await gateway.proc.exited;
      incidents.push({ at: new Date().toISOString(), during: 'full read', what: `exited (code ${info.code}, signal ${info.signal})`, code: info.code, signal: info.signal, outputTail: gateway.proc.output().slice(-2000) });
      say(`   WARNING: the gateway exited during the full read (code ${info.code}, signal ${info.signal}); starting over`);
    } finally {
      await stopChecked(gateway);
    }
  }
}

async function fullRead(ctx: Context, gateway: StartedGateway): Promise<Omit<FullReadPhase, 'incidents'>> {
  const rssAtStart = readMemory(gateway.proc.pid);
  const cpuBefore = readCpuSeconds(gateway.proc.pid);
  const sampler = new RssSampler(gateway.proc.pid, 250);
  const tally: Tally = { rows: 0, pages: 0, bytes: 0, requestMs: 0, parseMs: 0, slowest: 0, lastId: '', ordered: true, dbMappedAt100k: NaN };
  const started = performance.now();
  try {
    await readAllPages(gateway, tally, started);
  } finally {
    sampler.stop();
  }
  const totalMs = performance.now() - started;
  const atEnd = readMemory(gateway.proc.pid);
  const cpu = readCpuSeconds(gateway.proc.pid) - cpuBefore;
  const samples = sampler.stop();
  const dbMapped = readMappedFileRssMb(gateway.proc.pid, 'gateway.db');
  const { rows, at100k } = tally;
  if (rows !== ctx.options.customers) say(`   WARNING: read ${rows} rows, expected ${ctx.options.customers}`);
  const result: Omit<FullReadPhase, 'incidents'> = {
    rows,
    pages: tally.pages,
    totalMs: round(totalMs),
    rowsPerSecond: round(rows / (totalMs / 1000)),
    bytes: tally.bytes,
    requestMs: round(tally.requestMs),
    clientParseMs: round(tally.parseMs),
    slowestPageMs: round(tally.slowest, 1),
    orderedAndUnique: tally.ordered,
    gatewayCpuSeconds: round(cpu, 2),
    ...(rssAtStart ? { rssAtStartMb: rssAtStart.rssMb } : {}),
    ...(at100k ? { memoryAt100k: at100k } : {}),
    ...(tally.at500k ? { memoryAt500k: tally.at500k } : {}),
    ...(atEnd ? { memoryAtEnd: atEnd, peakRssMb: atEnd.hwmMb } : {}),
    dbMappedRssAt100kMb: tally.dbMappedAt100k,
    dbMappedRssAtEndMb: dbMapped,
    maxSampledRssMb: samples.reduce((m, s) => Math.max(m, s.rssMb), 0),
    rssSamples: samples,
  };
  say(`   ${fmt(rows)} rows in ${fmt(totalMs / 1000, 1)} s = ${fmt(result.rowsPerSecond)} rows/s; ` +
    `RSS at 100k ${fmt(at100k?.rssMb ?? NaN)} MB, at end ${fmt(atEnd?.rssMb ?? NaN)} MB, peak (VmHWM) ${fmt(atEnd?.hwmMb ?? NaN)} MB`);
  return result;
}

/** Follows the next links from the first page to the last, one request at a time, into `tally`. */
async function readAllPages(gateway: StartedGateway, tally: Tally, started: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const origin = `http://${LOOPBACK}:${gateway.port}`;
  const deadline = performance.now() + 20 * 60_000;
  let path: string | undefined = '/datasets/demo/tables/Customer/items';
  try {
    while (path !== undefined) {
      if (performance.now() > deadline) throw new Error(`full read not finished after 20 minutes (${tally.rows} rows)`);
      const t0 = performance.now();
      const res = await httpGet(gateway.port, path, AUTH, { agent, timeoutMs: 60_000 });
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`page ${tally.pages + 1}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
      const page = parsePage(res.body, `page ${tally.pages + 1}`);
      checkOrder(tally, page);
      const t2 = performance.now();
      tally.requestMs += t1 - t0;
      tally.parseMs += t2 - t1;
      tally.slowest = Math.max(tally.slowest, t1 - t0);
      tally.rows += page.value.length;
      tally.bytes += res.body.length;
      tally.pages++;
      sampleMemory(tally, gateway.proc.pid);
      if (tally.pages % 200 === 0) say(`   … ${fmt(tally.rows)} rows, ${fmt(tally.rows / ((t2 - started) / 1000))} rows/s, gateway RSS ${fmt(readMemory(gateway.proc.pid)?.rssMb ?? NaN)} MB`);
      path = nextPath(page, origin);
    }
  } finally {
    agent.destroy();
  }
}

/** CustomerIds must increase strictly across all pages (ordered, no duplicates). */
function checkOrder(tally: Tally, page: ODataPage): void {
  for (const record of page.value) {
    const id = String(record.CustomerId);
    if (id <= tally.lastId) tally.ordered = false;
    tally.lastId = id;
  }
}

/** The gateway's memory once the read passes 100k and 500k rows. */
function sampleMemory(tally: Tally, pid: number): void {
  if (!tally.at100k && tally.rows >= 100_000) {
    tally.at100k = readMemory(pid);
    tally.dbMappedAt100k = readMappedFileRssMb(pid, 'gateway.db');
  }
  if (!tally.at500k && tally.rows >= 500_000) tally.at500k = readMemory(pid);
}

/** The path of the next page, or undefined after the last; a next link must point back to the gateway. */
function nextPath(page: ODataPage, origin: string): string | undefined {
  const next = page['@odata.nextLink'];
  if (next === undefined) return undefined;
  if (!next.startsWith(`${origin}/`)) throw new Error(`next link does not point back to ${origin}: ${next.slice(0, 200)}`);
  return next.slice(origin.length);
}
