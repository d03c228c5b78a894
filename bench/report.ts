/** The end of a run: targets (pass/miss), the results JSON and the printed report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, relative } from 'node:path';
import { Context, ROOT } from './context';
import { benchStarted, fmt, table } from './lib/console';
import { round } from './lib/stats';
import { FEED_PAGE_SIZE, FeedReadPhase } from './scenarios/feed-full-read';
import { LoadPhase } from './scenarios/first-start';
import { FullReadPhase } from './scenarios/full-read';
import { LookupPhase } from './scenarios/lookup-results';
import { RestartsPhase } from './scenarios/restarts';

/** What the phases measured; a phase that was skipped is undefined. */
export interface Measurements {
  readonly load: LoadPhase | undefined;
  readonly loadReused: boolean;
  readonly restarts: RestartsPhase | undefined;
  readonly lookups: LookupPhase | undefined;
  readonly full: FullReadPhase | undefined;
  readonly feed: FeedReadPhase | undefined;
}

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
    freeMemGiBAtStart: round(os.freemem() / 2 ** 30, 1),
    loadAvgAtStart: os.loadavg().map((l) => round(l, 2)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function evaluate({ load, restarts, lookups, full, feed }: Measurements): Target[] {
  const targets: Target[] = [];
  if (load) targets.push({ name: 'first start (generate + load)', target: '< 60 s', measured: `${fmt(load.firstAnswerMs / 1000, 1)} s`, pass: load.firstAnswerMs < 60_000 });
  if (restarts) {
    targets.push({ name: 'restart to first answer (median)', target: '< 3 s', measured: `${fmt(restarts.medianFirstAnswerMs / 1000, 2)} s`, pass: restarts.medianFirstAnswerMs < 3000 });
  }
  for (const e of lookups?.variants[0]?.endpoints ?? []) {
    targets.push({ name: `${e.name}: gateway/baseline req/s`, target: '≥ 50 %', measured: `${fmt(e.summary.ratio * 100, 1)} %`, pass: e.summary.ratio >= 0.5 });
    targets.push({ name: `${e.name}: p99 @ 16 conn`, target: '< 10 ms', measured: `${fmt(e.summary.gatewayP99Ms, 2)} ms`, pass: e.summary.gatewayP99Ms < 10 });
  }
  if (full) {
    targets.push({ name: 'full read: peak RSS (VmHWM)', target: '< 300 MB', measured: `${fmt(full.peakRssMb ?? NaN)} MB`, pass: (full.peakRssMb ?? Infinity) < 300 });
    const a = full.memoryAt500k?.rssMb ?? NaN;
    const b = full.memoryAtEnd?.rssMb ?? NaN;
    // "Not growing with the data": SQLite's page cache (a fixed 64 MiB) fills during the first
    // rows; once it is full, reading the second 500k rows may add at most 10 % (or 20 MB).
    targets.push({
      name: 'full read: RSS 500k → 1M rows',
      target: 'flat (≤ +10 %)',
      measured: `${fmt(a)} → ${fmt(b)} MB`,
      pass: b - a <= Math.max(20, a * 0.1),
    });
  }
  if (feed) {
    targets.push({ name: `feed full read (${feed.pageSize}/page): gateway/baseline rows/s`, target: '≥ 50 %', measured: `${fmt(feed.ratio * 100, 1)} %`, pass: feed.ratio >= 0.5 });
    targets.push({ name: 'feed full read: peak RSS (VmHWM)', target: '< 300 MB', measured: `${fmt(feed.peakRssMb ?? NaN)} MB`, pass: (feed.peakRssMb ?? Infinity) < 300 });
  }
  return targets;
}

/** Writes the raw numbers (JSON) to --out. */
export function writeResults(ctx: Context, machineInfo: Record<string, unknown>, m: Measurements, targets: readonly Target[]): void {
  const options = ctx.options;
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { ...machineInfo, loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)) },
    settings: {
      customers: options.customers,
      connections: options.connections,
      durationS: options.durationS,
      rounds: options.rounds,
      warmupS: options.warmupS,
      ids: options.ids,
      restarts: options.restarts,
      throttleLimit: ctx.throttleLimit,
      throttleTtlS: options.throttleTtlS ?? 60,
      maxPageSize: 1000,
      feedMaxPageSize: FEED_PAGE_SIZE,
    },
    firstStart: m.load ? { ...m.load, reusedFromEarlierRun: m.loadReused } : undefined,
    restarts: m.restarts,
    pointLookups: m.lookups,
    fullRead: m.full,
    feedFullRead: m.feed,
    targets,
    benchSeconds: round((performance.now() - benchStarted) / 1000),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
}

export function printReport(ctx: Context, m: Measurements, targets: readonly Target[]): void {
  const out: string[] = ['', '='.repeat(100), `Insights Gateway benchmark — ${fmt(ctx.options.customers)} customers, ${os.availableParallelism()} CPUs, node ${process.version}`, '='.repeat(100)];
  if (m.load) out.push(...loadSection(m.load, m.loadReused));
  if (m.restarts) {
    out.push('', `Restarts: ${m.restarts.runs.map((r) => `${fmt(r.firstAnswerMs)} ms`).join(', ')} → median ${fmt(m.restarts.medianFirstAnswerMs)} ms to first answer`);
  }
  if (m.lookups) out.push(...lookupsSection(ctx, m.lookups));
  if (m.full) out.push(...fullReadSection(m.full));
  if (m.feed) out.push(...feedReadSection(m.feed));
  out.push('', 'Targets:');
  out.push(table(['measure', 'target', 'measured', 'result'], targets.map((t) => [t.name, t.target, t.measured, t.pass ? 'PASS' : 'MISS'])));
  out.push('', `Raw numbers: ${relative(ROOT, ctx.options.out)}; gateway/baseline output: ${relative(ROOT, ctx.logFile)}`, '');
  process.stdout.write(out.join('\n'));
}

function loadSection(load: LoadPhase, loadReused: boolean): string[] {
  return [
    '',
    `First start (generate + load)${loadReused ? ` — store reused, figures from the run at ${load.measuredAt} (use --fresh to re-measure)` : ''}:`,
    table(['entity', 'rows', 'load ms'], load.entityLoads.map((l) => [l.entity, fmt(l.rows), fmt(l.ms)])),
    `process start → first answer: ${fmt(load.firstAnswerMs / 1000, 2)} s; peak RSS ${fmt(load.peakRssMb ?? NaN)} MB; store ${fmt(load.storeBytes / 2 ** 20)} MiB`,
  ];
}

function lookupsSection(ctx: Context, lookups: LookupPhase): string[] {
  const out: string[] = [];
  for (const variant of lookups.variants) {
    out.push('', `Point lookups — ${variant.name} (${ctx.options.connections} connections, ${ctx.options.durationS} s × ${ctx.options.rounds} rounds, medians):`);
    out.push(table(
      ['endpoint', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'gateway/baseline', 'at equal CPU'],
      variant.endpoints.flatMap((e) => [
        [e.name, 'gateway', fmt(e.summary.gatewayRps), fmt(e.summary.gatewayP50Ms, 2), fmt(e.summary.gatewayP99Ms, 2), fmt(e.summary.gatewayCpuUsPerRequest), `${fmt(e.summary.ratio * 100, 1)} %`, `${fmt(e.summary.cpuRatio * 100, 1)} %`],
        ['', 'baseline', fmt(e.summary.baselineRps), fmt(e.summary.baselineP50Ms, 2), fmt(e.summary.baselineP99Ms, 2), fmt(e.summary.baselineCpuUsPerRequest), '', ''],
      ]),
    ));
  }
  for (const incident of lookups.incidents) {
    out.push(`Incident at ${incident.at}: the gateway ${incident.what}; restarted, run repeated.`);
  }
  return out;
}

function fullReadSection(full: FullReadPhase): string[] {
  return [
    '',
    'Full read of Customer (sequential, next links):',
    `${fmt(full.rows)} rows, ${fmt(full.pages)} pages, ${fmt(full.totalMs / 1000, 1)} s → ${fmt(full.rowsPerSecond)} rows/s ` +
      `(waiting for responses ${fmt(full.requestMs / 1000, 1)} s, client JSON parse ${fmt(full.clientParseMs / 1000, 1)} s, slowest page ${fmt(full.slowestPageMs)} ms)`,
    `gateway RSS: start ${fmt(full.rssAtStartMb ?? NaN)} MB, after 100k rows ${fmt(full.memoryAt100k?.rssMb ?? NaN)} MB, ` +
      `after 500k ${fmt(full.memoryAt500k?.rssMb ?? NaN)} MB, after ${fmt(full.rows)} ${fmt(full.memoryAtEnd?.rssMb ?? NaN)} MB ` +
      `(anon ${fmt(full.memoryAtEnd?.anonMb ?? NaN)} / file-backed ${fmt(full.memoryAtEnd?.fileMb ?? NaN)}, of which gateway.db mmap ${fmt(full.dbMappedRssAtEndMb)}), ` +
      `peak VmHWM ${fmt(full.peakRssMb ?? NaN)} MB`,
    `anonymous memory (heap, SQLite page cache): after 100k rows ${fmt(full.memoryAt100k?.anonMb ?? NaN)} MB, after ${fmt(full.rows)} ${fmt(full.memoryAtEnd?.anonMb ?? NaN)} MB`,
  ];
}

function feedReadSection(feed: FeedReadPhase): string[] {
  const mib = (bytes: number, ms: number) => fmt(bytes / 2 ** 20 / (ms / 1000));
  const rows = (['gateway', 'baseline'] as const).flatMap((server) => feed[server].map((r, i) => [
    i === 0 ? server : '', String(i + 1), fmt(r.ms / 1000, 2), fmt(r.rowsPerSecond), mib(r.bytes, r.ms),
    fmt(r.requestMs / 1000, 2), fmt(r.parseMs / 1000, 2), fmt(r.slowestPageMs), fmt(r.serverCpuSeconds, 2),
  ]));
  return [
    '',
    `Feed full read of Customer (/odata/demo/Customer, ${fmt(feed.pageSize)}/page: ${fmt(feed.rows)} rows, ${fmt(feed.pages)} pages, ${fmt(feed.bytes / 2 ** 20)} MiB per read; one client, alternating):`,
    table(['server', 'round', 's', 'rows/s', 'MiB/s', 'waiting s', 'client parse s', 'slowest page ms', 'server CPU s'], rows),
    `medians: gateway ${fmt(feed.gatewayRowsPerSecond)} rows/s (${fmt(feed.gatewayCpuUsPerRow, 2)} µs CPU/row), ` +
      `baseline ${fmt(feed.baselineRowsPerSecond)} rows/s (${fmt(feed.baselineCpuUsPerRow, 2)} µs CPU/row) → ${fmt(feed.ratio * 100, 1)} %`,
    `gateway RSS: start ${fmt(feed.rssAtStartMb ?? NaN)} MB, max sampled ${fmt(feed.maxSampledRssMb)} MB, end ${fmt(feed.memoryAtEnd?.rssMb ?? NaN)} MB ` +
      `(anon ${fmt(feed.memoryAtEnd?.anonMb ?? NaN)} / file-backed ${fmt(feed.memoryAtEnd?.fileMb ?? NaN)}), peak VmHWM ${fmt(feed.peakRssMb ?? NaN)} MB (capture pass and all rounds)`,
  ];
}
