/**
 * Partition benchmark (`npm run bench:partitions`, options after `--`):
 *
 *   1. read: a --size-mib MiB partition (default 1 GiB) read to the end through
 *      `GET /datasets/{ds}/tables/{t}/partitions/data` with maxSize = 8 MiB, against
 *      fs.createReadStream + csv-parse of the same file in this process; MiB/s, the ratio
 *      (aim ≥ 50 %) and the gateway's peak RSS (aim < 300 MB). Median of --rounds.
 *   2. import: a CDM folder of --rows Customer rows (default 1 000 000) into the embedded
 *      store through `POST /admin/datasets/{ds}/datasources/{name}/import`; rows/s
 *      (aim ≥ 100 000 rows/s). Median of --rounds.
 *
 * Options: --size-mib N, --rows N, --rounds N (both phases; --read-rounds N, --import-rounds N
 *          for one), --skip-read, --skip-import, --max-size BYTES,
 *          --max-results N, --cpu-prof (a .cpuprofile per gateway process in
 *          .bench-data/partitions/profiles), --main FILE (a built gateway main.js), --ts-node
 *          (run the gateway from the sources), --out FILE (default bench/results/partitions.json for a
 *          complete run at the default sizes without --cpu-prof, else .bench-data/partitions/results-*.json).
 *
 * The data is generated once into .bench-data/partitions/data and reused while it matches.
 * The gateway is dist/ (the printout warns when a source is newer), a build given with --main,
 * or without dist/ the sources through ts-node (said in the printout). Each phase starts its own gateway process; 127.0.0.1 only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './context';
import { benchStarted, fmt, say, table } from './lib/console';
import { sleep } from './lib/http';
import { ensureBenchData } from './lib/partition-data';
import { resolveLaunch } from './lib/partition-gateway';
import { PARTITIONS_DATA, PartitionsContext, PartitionsOptions } from './lib/partitions-context';
import { installCleanup, killAllChildren } from './lib/processes';
import { round } from './lib/stats';
import { machine } from './report';
import { CdmImportPhase, phaseCdmImport } from './scenarios/cdm-import';
import { PartitionReadPhase, phasePartitionRead } from './scenarios/partition-read';
import { parseBenchArgs } from './lib/args';

const GLOBAL_TIMEOUT_MS = 90 * 60_000;
const DEFAULT_SIZE_MIB = 1024;
const DEFAULT_ROWS = 1_000_000;

function parseOptions(argv: readonly string[]): PartitionsOptions {
  const { flags, values, int } = parseBenchArgs(argv, {
    flags: ['skip-read', 'skip-import', 'cpu-prof', 'ts-node'],
    values: ['size-mib', 'rows', 'rounds', 'read-rounds', 'import-rounds', 'max-size', 'max-results', 'main', 'out'],
  });
  const sizeMib = int('size-mib', DEFAULT_SIZE_MIB, 1, 64 * 1024);
  const rows = int('rows', DEFAULT_ROWS, 1000, 100_000_000);
  const rounds = int('rounds', 3, 1);
  // Only a complete run at the issue's sizes replaces the committed results; smoke, partial and
  // profiled runs go to .bench-data.
  const full = sizeMib === DEFAULT_SIZE_MIB && rows === DEFAULT_ROWS && !flags.has('skip-read') && !flags.has('skip-import') && !flags.has('cpu-prof');
  const main = values.get('main');
  return {
    sizeMib,
    rows,
    readRounds: int('read-rounds', rounds, 1),
    importRounds: int('import-rounds', rounds, 1),
    maxSize: int('max-size', 8 * 2 ** 20, 1, 64 * 2 ** 20),
    maxResults: int('max-results', 100_000, 1, 100_000),
    skipRead: flags.has('skip-read'),
    skipImport: flags.has('skip-import'),
    cpuProf: flags.has('cpu-prof'),
    ...(main !== undefined ? { main } : {}),
    tsNode: flags.has('ts-node'),
    out: resolve(values.get('out') ?? (full ? join(ROOT, 'bench/results/partitions.json') : join(PARTITIONS_DATA, `results-${sizeMib}mib-${rows}${flags.has('skip-read') ? '-no-read' : ''}${flags.has('skip-import') ? '-no-import' : ''}${flags.has('cpu-prof') ? '-cpu-prof' : ''}.json`))),
  };
}

interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

function evaluate(read: PartitionReadPhase | undefined, imported: CdmImportPhase | undefined): Target[] {
  const targets: Target[] = [];
  if (read) {
    targets.push({ name: 'partition read: gateway / csv-parse MB/s', target: '≥ 50 %', measured: `${fmt(read.ratio * 100, 1)} %`, pass: read.ratio >= 0.5 });
    const peak = read.peakRssMb ?? read.maxSampledRssMb;
    targets.push({ name: 'partition read: gateway peak RSS (VmHWM)', target: '< 300 MB', measured: `${fmt(peak)} MB`, pass: peak < 300 });
  }
  if (imported) {
    targets.push({ name: 'import: rows/s, whole import (ingest + export)', target: '≥ 100,000', measured: fmt(imported.totalRowsPerSecond), pass: imported.totalRowsPerSecond >= 100_000 });
    targets.push({ name: 'import: rows/s, ingest only (parse + load)', target: '≥ 100,000', measured: fmt(imported.ingestRowsPerSecond), pass: imported.ingestRowsPerSecond >= 100_000 });
  }
  return targets;
}

function printReport(ctx: PartitionsContext, read: PartitionReadPhase | undefined, imported: CdmImportPhase | undefined, targets: readonly Target[]): void {
  const lines: string[] = ['', `gateway: ${ctx.launch.description}`];
  if (read) {
    lines.push('', `Partition read: ${fmt(read.bytes / 2 ** 20, 1)} MiB, ${fmt(read.rows)} records, maxSize ${fmt(read.maxSize)}, maxResults ${fmt(read.maxResults)} (MiB/s = file bytes / s)`);
    const rows = read.gateway.map((g, i) => {
      const b = read.baseline[i];
      return [
        `round ${g.round}${g.order === 1 ? ' (gw first)' : ' (gw second)'}`,
        fmt(g.mibPerSecond, 1),
        fmt(b.mibPerSecond, 1),
        `${fmt((g.mibPerSecond / b.mibPerSecond) * 100, 1)} %`,
        fmt(g.records),
        fmt(b.records),
        fmt(g.requests),
        `${fmt(g.requestMs / 1000, 1)} / ${fmt(g.parseMs / 1000, 1)}`,
        fmt(g.serverCpuSeconds, 1),
        fmt(g.maxSampledRssMb),
      ];
    });
    rows.push(['median', fmt(read.gatewayMibPerSecond, 1), fmt(read.baselineMibPerSecond, 1), `${fmt(read.ratio * 100, 1)} %`, '', '', '', '', '', `HWM ${fmt(read.peakRssMb ?? NaN)}`]);
    lines.push(table(['', 'gateway MiB/s', 'csv-parse MiB/s', 'ratio', 'gw records', 'csv records', 'requests', 'req / parse s', 'gw CPU s', 'gw RSS MB'], rows));
    lines.push(`ratio = median gateway MiB/s / median csv-parse MiB/s; median of the per-round ratios: ${fmt(read.medianRoundRatio * 100, 1)} %`);
    lines.push(`gateway idle RSS after start ${fmt(read.idleRssMb ?? NaN)} MB; responses ${fmt((read.gateway[0]?.responseBytes ?? NaN) / 2 ** 20, 1)} MiB of JSON per read ` +
      `(${fmt((read.gateway[0]?.responseBytes ?? NaN) / read.bytes, 2)}× the CSV), up to ${fmt(read.gateway[0]?.maxItemsPerResponse ?? NaN)} items per response`);
  }
  if (imported) {
    lines.push('', `CDM import: ${fmt(imported.rows)} Customer rows, ${imported.partitions} headerless partitions, ${fmt(imported.sourceBytes / 2 ** 20, 1)} MiB`);
    const rows = imported.runs.map((r) => [
      `round ${r.round}`,
      fmt(r.ingestMs / 1000, 2),
      fmt(r.ingestRowsPerSecond),
      fmt(r.exportMs / 1000, 2),
      fmt(r.durationMs / 1000, 2),
      fmt(r.totalRowsPerSecond),
      fmt(r.serverCpuSeconds, 1),
      fmt(r.maxSampledRssMb),
    ]);
    rows.push(['median', fmt(imported.ingestMs / 1000, 2), fmt(imported.ingestRowsPerSecond), fmt(imported.exportMs / 1000, 2), fmt(imported.durationMs / 1000, 2), fmt(imported.totalRowsPerSecond), '', `HWM ${fmt(imported.peakRssMb ?? NaN)}`]);
    lines.push(table(['', 'ingest s', 'ingest rows/s', 'export s', 'total s', 'total rows/s', 'gw CPU s', 'gw RSS MB'], rows));
  }
  lines.push('', table(['target', 'aim', 'measured', ''], targets.map((t) => [t.name, t.target, t.measured, t.pass ? 'pass' : 'MISS'])));
  if (ctx.launch.tsNode) lines.push('', 'note: the gateway ran from the sources through ts-node; its RSS includes the TypeScript compiler (see idle RSS).');
  if (ctx.options.cpuProf) lines.push('', `CPU profiles: ${relative(ROOT, ctx.profileDir)}/`);
  lines.push('', `results: ${relative(ROOT, ctx.options.out)}; gateway log: ${relative(ROOT, ctx.logFile)}; ${fmt((performance.now() - benchStarted) / 1000, 0)} s in all`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  installCleanup('bench:partitions', GLOBAL_TIMEOUT_MS);

  const options = parseOptions(process.argv.slice(2));
  const dataDir = join(PARTITIONS_DATA, 'data');
  mkdirSync(join(PARTITIONS_DATA, 'logs'), { recursive: true });
  const ctx: PartitionsContext = {
    options,
    dataDir,
    logFile: join(PARTITIONS_DATA, 'logs', `partitions-${new Date().toISOString().replace(/[:.]/g, '-')}.log`),
    profileDir: join(PARTITIONS_DATA, 'profiles'),
    launch: resolveLaunch(options.main, options.tsNode),
  };
  if (options.cpuProf) mkdirSync(ctx.profileDir, { recursive: true });
  const machineInfo = machine();
  say(`bench:partitions: ${machineInfo.nproc} CPUs, ${machineInfo.totalMemGiB} GiB, node ${process.version}`);
  say(`gateway: ${ctx.launch.description}`);

  say('data:');
  const data = await ensureBenchData(dataDir, { sizeMib: options.sizeMib, importRows: options.rows, wide: !options.skipRead, import: !options.skipImport });
  const read = data.wide ? await phasePartitionRead(ctx, data.wide) : undefined;
  const imported = data.import ? await phaseCdmImport(ctx, data.import) : undefined;
  if (read && read.gateway.some((g, i) => g.records !== read.baseline[i].records)) throw new Error('the gateway and csv-parse counted different records');

  const targets = evaluate(read, imported);
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench:partitions${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { ...machineInfo, cpus: os.cpus().length, loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)) },
    gateway: ctx.launch.description,
    options: { ...options, out: relative(ROOT, options.out) },
    data: {
      ...(data.wide ? { read: { ...data.wide, file: relative(ROOT, data.wide.file) } } : {}),
      ...(data.import ? { import: data.import } : {}),
    },
    read: read ? { ...read, file: relative(ROOT, read.file) } : null,
    import: imported ?? null,
    targets,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  printReport(ctx, read, imported, targets);
}

main()
  .then(() => sleep(0))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`\nbench:partitions failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  });
