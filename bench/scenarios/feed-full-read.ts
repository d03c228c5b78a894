/**
 * Phase 5: a full read of Customer through the OData feed (`GET /odata/demo/Customer`,
 * `Prefer: odata.maxpagesize=5000`, gateway started with MAX_PAGE_SIZE=5000), against a bare
 * node:http server (feed-baseline-server.ts, its own process) streaming the same page bytes from disk.
 *
 * A capture pass reads the gateway once and writes every page to .bench-data/feed-pages/, with the
 * gateway's origin (in @odata.context and @odata.nextLink) replaced by the baseline's, whose port has
 * as many digits: each file has the gateway's byte count. A verification pass reads the baseline once
 * and compares every body with its file. Then the same client (lib/feed-read.ts) reads both servers
 * alternately, `--rounds` times each; the gateway's VmRSS is sampled every 250 ms throughout.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH, BENCH_DATA, Context, ROOT } from '../context';
import type { FeedManifest } from '../feed-baseline-server';
import { cleanEnv, startGateway, StartedGateway, stopChecked } from '../gateway';
import { fmt, say } from '../lib/console';
import { FeedRead, PageHook, readFeed } from '../lib/feed-read';
import { LOOPBACK, waitForFirstAnswer } from '../lib/http';
import { ProcMemory, readCpuSeconds, readMemory, RssSampler } from '../lib/proc';
import { freePort, ManagedProcess } from '../lib/processes';
import { median, round } from '../lib/stats';

export const FEED_PAGE_SIZE = 5000;
const FEED_PATH = '/odata/demo/Customer';
const FEED_HEADERS = { ...AUTH, prefer: `odata.maxpagesize=${FEED_PAGE_SIZE}` };
const PAGES_DIR = join(BENCH_DATA, 'feed-pages');
/** Gateway response headers the baseline repeats (besides Content-Length). */
const COPIED_HEADERS = ['content-type', 'odata-version', 'preference-applied'];
const READ_DEADLINE_MS = 20 * 60_000;

export interface FeedReadRun extends FeedRead {
  readonly rowsPerSecond: number;
  readonly serverCpuSeconds: number;
}

export interface FeedReadPhase {
  readonly pageSize: number;
  readonly rows: number;
  readonly pages: number;
  /** Bytes of one full read as captured (the baseline serves the same count). */
  readonly bytes: number;
  readonly headers: Record<string, string>;
  readonly capture: FeedRead;
  readonly gateway: FeedReadRun[];
  readonly baseline: FeedReadRun[];
  /** Medians over the rounds. */
  readonly gatewayRowsPerSecond: number;
  readonly baselineRowsPerSecond: number;
  readonly ratio: number;
  readonly gatewayCpuUsPerRow: number;
  readonly baselineCpuUsPerRow: number;
  readonly rssAtStartMb?: number;
  readonly memoryAtEnd?: ProcMemory;
  /** The gateway's VmHWM after the capture pass and all rounds. */
  readonly peakRssMb?: number;
  readonly maxSampledRssMb: number;
  readonly rssSamples: readonly { readonly tMs: number; readonly rssMb: number }[];
}

interface FeedBaseline {
  readonly proc: ManagedProcess;
  readonly port: number;
}

export async function phaseFeedRead(ctx: Context): Promise<FeedReadPhase> {
  say(`5. full read of Customer through the OData feed (${FEED_PATH}, ${fmt(FEED_PAGE_SIZE)}/page), gateway vs a node:http server streaming the same bytes, ${ctx.options.rounds} rounds`);
  const gateway = await startGateway(ctx, 'feed read', { intervalMs: 10, deadlineMs: 120_000 }, [], ctx.options.throttleTtlS, { MAX_PAGE_SIZE: String(FEED_PAGE_SIZE) });
  const rssAtStart = readMemory(gateway.proc.pid);
  const sampler = new RssSampler(gateway.proc.pid, 250);
  let baseline: FeedBaseline | undefined;
  try {
    const baselinePort = await portLike(gateway.port);
    const { manifest, capture } = await capturePages(gateway, baselinePort);
    baseline = await spawnFeedBaseline(ctx, manifest, baselinePort);
    await verifyFeedBaseline(baseline, manifest, capture);

    const runs = { gateway: [] as FeedReadRun[], baseline: [] as FeedReadRun[] };
    for (let r = 1; r <= ctx.options.rounds; r++) {
      runs.gateway.push(await timedRead(`round ${r} gateway `, gateway.proc, gateway.port, ctx.options.customers));
      runs.baseline.push(await timedRead(`round ${r} baseline`, baseline.proc, baseline.port, ctx.options.customers));
    }
    const samples = sampler.stop();
    const atEnd = readMemory(gateway.proc.pid);
    const gatewayRowsPerSecond = median(runs.gateway.map((g) => g.rowsPerSecond));
    const baselineRowsPerSecond = median(runs.baseline.map((b) => b.rowsPerSecond));
    const cpuUsPerRow = (list: FeedReadRun[]) => round(median(list.map((x) => (x.serverCpuSeconds * 1e6) / x.rows)), 2);
    const result: FeedReadPhase = {
      pageSize: FEED_PAGE_SIZE,
      rows: capture.rows,
      pages: capture.pages,
      bytes: capture.bytes,
      headers: manifest.headers,
      capture: roundRead(capture),
      ...runs,
      gatewayRowsPerSecond: round(gatewayRowsPerSecond),
      baselineRowsPerSecond: round(baselineRowsPerSecond),
      ratio: round(gatewayRowsPerSecond / baselineRowsPerSecond, 4),
      gatewayCpuUsPerRow: cpuUsPerRow(runs.gateway),
      baselineCpuUsPerRow: cpuUsPerRow(runs.baseline),
      ...(rssAtStart ? { rssAtStartMb: rssAtStart.rssMb } : {}),
      ...(atEnd ? { memoryAtEnd: atEnd, peakRssMb: atEnd.hwmMb } : {}),
      maxSampledRssMb: samples.reduce((m, s) => Math.max(m, s.rssMb), 0),
      rssSamples: samples,
    };
    say(`   medians: gateway ${fmt(result.gatewayRowsPerSecond)} rows/s, baseline ${fmt(result.baselineRowsPerSecond)} rows/s → ${fmt(result.ratio * 100, 1)} %; ` +
      `gateway peak RSS (VmHWM) ${fmt(result.peakRssMb ?? NaN)} MB, max sampled VmRSS ${fmt(result.maxSampledRssMb)} MB`);
    return result;
  } finally {
    sampler.stop();
    if (baseline) await baseline.proc.stop(5_000);
    await stopChecked(gateway);
  }
}

/** A free port with as many digits as `port`, so rewritten origins keep every body's length. */
async function portLike(port: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const candidate = await freePort();
    if (candidate !== port && String(candidate).length === String(port).length) return candidate;
  }
  throw new Error(`no free port with ${String(port).length} digits`);
}

/** Reads the gateway once and writes each page, with the origin rewritten, to PAGES_DIR; returns the manifest. */
async function capturePages(gateway: StartedGateway, baselinePort: number): Promise<{ manifest: FeedManifest; capture: FeedRead }> {
  rmSync(PAGES_DIR, { recursive: true, force: true });
  mkdirSync(PAGES_DIR, { recursive: true });
  const from = `http://${LOOPBACK}:${gateway.port}/`;
  const to = `http://${LOOPBACK}:${baselinePort}/`;
  const pages: { url: string; file: string; bytes: number }[] = [];
  const headers: Record<string, string> = {};
  const onPage: PageHook = (index, path, res, page) => {
    if (index === 0) {
      for (const name of COPIED_HEADERS) if (res.headers[name] !== undefined) headers[name] = String(res.headers[name]);
      if (page.value.length !== FEED_PAGE_SIZE) say(`   WARNING: the first page has ${page.value.length} rows, not ${FEED_PAGE_SIZE} (MAX_PAGE_SIZE / Prefer not honoured?)`);
    }
    // latin1 maps every byte to one char and back: the replacement is byte-exact.
    const body = Buffer.from(res.body.toString('latin1').replaceAll(from, to), 'latin1');
    if (body.length !== res.body.length) throw new Error(`page ${index + 1}: rewriting the origin changed its length`);
    const file = join(PAGES_DIR, `page-${String(index + 1).padStart(5, '0')}.json`);
    writeFileSync(file, body);
    pages.push({ url: path, file, bytes: body.length });
  };
  const capture = await readFeed(gateway.port, FEED_PATH, FEED_HEADERS, { deadlineMs: READ_DEADLINE_MS, onPage });
  const manifest: FeedManifest = { headers, pages };
  writeFileSync(join(PAGES_DIR, 'manifest.json'), JSON.stringify(manifest, null, 1));
  say(`   capture pass: ${fmt(capture.rows)} rows, ${fmt(capture.pages)} pages, ${fmt(capture.bytes / 2 ** 20)} MiB written to ${PAGES_DIR.slice(ROOT.length + 1)}/ ` +
    `(${fmt(capture.ms / 1000, 1)} s); content-type ${headers['content-type']}`);
  return { manifest, capture };
}

async function spawnFeedBaseline(ctx: Context, manifest: FeedManifest, port: number): Promise<FeedBaseline> {
  const proc = new ManagedProcess(
    'feed baseline node:http',
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'feed-baseline-server.ts')],
    cleanEnv({ PORT: String(port), FEED_MANIFEST: join(PAGES_DIR, 'manifest.json'), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }),
    ctx.logFile,
    ROOT,
  );
  await waitForFirstAnswer(port, manifest.pages[0].url, FEED_HEADERS, { since: proc.spawnedAt, intervalMs: 50, deadlineMs: 60_000, alive: () => proc.alive() });
  return { proc, port };
}

/** One pass through the baseline (also its warm-up): same URLs, same bytes as the files, same rows as the capture. */
async function verifyFeedBaseline(baseline: FeedBaseline, manifest: FeedManifest, capture: FeedRead): Promise<void> {
  const onPage: PageHook = (index, path, res) => {
    const expected = manifest.pages[index];
    if (expected?.url !== path) throw new Error(`baseline page ${index + 1}: asked for ${path.slice(0, 120)}, captured ${expected?.url.slice(0, 120)}`);
    if (!res.body.equals(readFileSync(expected.file))) throw new Error(`baseline page ${index + 1}: body differs from ${expected.file}`);
    for (const name of Object.keys(manifest.headers)) {
      if (res.headers[name] !== manifest.headers[name]) throw new Error(`baseline page ${index + 1}: ${name} is ${String(res.headers[name])}, gateway sent ${manifest.headers[name]}`);
    }
  };
  const read = await readFeed(baseline.port, manifest.pages[0].url, FEED_HEADERS, { deadlineMs: READ_DEADLINE_MS, onPage });
  if (read.rows !== capture.rows || read.pages !== capture.pages || read.bytes !== capture.bytes) {
    throw new Error(`baseline served ${read.rows} rows / ${read.pages} pages / ${read.bytes} bytes, captured ${capture.rows} / ${capture.pages} / ${capture.bytes}`);
  }
  say(`   baseline streams the same ${fmt(read.pages)} pages byte for byte (${fmt(read.bytes)} bytes, same ${Object.keys(manifest.headers).join(', ')})`);
}

async function timedRead(label: string, proc: ManagedProcess, port: number, customers: number): Promise<FeedReadRun> {
  if (!proc.alive()) throw new Error(`${proc.name} exited: ${proc.output().slice(-2000)}`);
  const cpuBefore = readCpuSeconds(proc.pid);
  const read = await readFeed(port, FEED_PATH, FEED_HEADERS, { deadlineMs: READ_DEADLINE_MS });
  const cpu = readCpuSeconds(proc.pid) - cpuBefore;
  if (read.rows !== customers) say(`   WARNING: ${label.trim()} read ${read.rows} rows, expected ${customers}`);
  const run: FeedReadRun = { ...roundRead(read), rowsPerSecond: round(read.rows / (read.ms / 1000)), serverCpuSeconds: round(cpu, 2) };
  say(`   ${label}: ${fmt(run.rows)} rows in ${fmt(run.ms / 1000, 2)} s = ${fmt(run.rowsPerSecond)} rows/s ` +
    `(waiting ${fmt(run.requestMs / 1000, 2)} s, client parse ${fmt(run.parseMs / 1000, 2)} s, server CPU ${fmt(run.serverCpuSeconds, 2)} s)`);
  return run;
}

function roundRead(read: FeedRead): FeedRead {
  return { ...read, ms: round(read.ms), requestMs: round(read.requestMs), parseMs: round(read.parseMs), slowestPageMs: round(read.slowestPageMs, 1) };
}
