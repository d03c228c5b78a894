/**
 * Insights Gateway performance benchmark (`npm run bench`, `npm run bench -- --fresh`).
 *
 * With the 1,000,000-customer demo on the embedded store, it measures, each server in its own process:
 *   1. first start on a fresh DATA_DIR: generate + load, time to the first successful answer;
 *   2. restarts on the loaded store: time to the first successful answer (median of 3);
 *   3. point lookups (Customer, UnifiedActivity by CustomerId) with autocannon, against the gateway and
 *      against a bare node:http server answering the same bytes, alternating, median of 3 rounds;
 *   4. a full sequential read of Customer through @odata.nextLink: rows/s and the gateway's RSS;
 *   5. a full read of the OData feed at 5000 rows/page, against a bare node:http server streaming the
 *      same bytes from disk, alternating, median of 3 rounds; the gateway's peak RSS.
 * Prints a table and writes bench/results/latest.json. Talks to 127.0.0.1 only; every wait is bounded.
 *
 * Options: --fresh (regenerate the store), --customers N, --duration S, --rounds N, --connections N,
 *          --ids N, --restarts N, --warmup S, --throttle-ttl S, --cpu-prof, --out FILE, --skip-full-read,
 *          --skip-lookups, --skip-feed-read, --no-throttle-diagnostic.
 *
 * This file parses the options and runs the phases in order: each phase is in scenarios/, the
 * gateway process in gateway.ts, the targets, results JSON and printed report in report.ts.
 */
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BENCH_DATA, BENCH_THROTTLE_LIMIT, Context, Options, ROOT } from './context';
import { gatewayMain } from './gateway';
import { fmt, say } from './lib/console';
import { sleep } from './lib/http';
import { installCleanup, killAllChildren } from './lib/processes';
import { evaluate, machine, Measurements, printReport, writeResults } from './report';
import { phaseFeedRead } from './scenarios/feed-full-read';
import { phaseFirstStart } from './scenarios/first-start';
import { phaseFullRead } from './scenarios/full-read';
import { phaseLookups } from './scenarios/point-lookups';
import { phaseRestarts } from './scenarios/restarts';
import { parseBenchArgs } from './lib/args';

const GLOBAL_TIMEOUT_MS = 90 * 60_000;

function parseOptions(argv: readonly string[]): Options {
  const { flags, values, int } = parseBenchArgs(argv, {
    flags: ['fresh', 'cpu-prof', 'skip-full-read', 'skip-lookups', 'skip-feed-read', 'no-throttle-diagnostic'],
    values: ['customers', 'duration', 'rounds', 'connections', 'ids', 'restarts', 'warmup', 'throttle-ttl', 'out'],
  });
  const customers = int('customers', 1_000_000, 1000);
  const ttl = values.get('throttle-ttl');
  return {
    fresh: flags.has('fresh'),
    customers,
    durationS: int('duration', 10, 1),
    rounds: int('rounds', 3, 1),
    connections: int('connections', 16, 1),
    ids: int('ids', 200, 1),
    restarts: int('restarts', 3, 1),
    warmupS: int('warmup', 2, 0),
    ...(ttl !== undefined ? { throttleTtlS: int('throttle-ttl', 60, 1) } : {}),
    cpuProf: flags.has('cpu-prof'),
    // The committed results are the 1M run; other sizes (smoke runs) stay in .bench-data.
    out: resolve(values.get('out') ?? (customers === 1_000_000 ? join(ROOT, 'bench/results/latest.json') : join(BENCH_DATA, `results-${customers}.json`))),
    skipFullRead: flags.has('skip-full-read'),
    skipLookups: flags.has('skip-lookups'),
    skipFeedRead: flags.has('skip-feed-read'),
    throttleDiagnostic: !flags.has('no-throttle-diagnostic'),
  };
}

async function main(): Promise<void> {
  installCleanup('bench', GLOBAL_TIMEOUT_MS);

  const options = parseOptions(process.argv.slice(2));
  mkdirSync(join(BENCH_DATA, 'logs'), { recursive: true });
  const ctx: Context = {
    options,
    storeDir: join(BENCH_DATA, `store-${options.customers}`),
    logFile: join(BENCH_DATA, 'logs', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.log`),
    main: gatewayMain(),
    throttleLimit: BENCH_THROTTLE_LIMIT,
  };
  const machineInfo = machine();
  say(`bench: ${fmt(options.customers)} customers, ${machineInfo.nproc} CPUs, ${machineInfo.totalMemGiB} GiB, node ${process.version}; gateway ${relative(ROOT, ctx.main)}`);

  const { load, loadReused } = await phaseFirstStart(ctx);
  const restarts = await phaseRestarts(ctx);
  const lookups = options.skipLookups ? undefined : await phaseLookups(ctx);
  const full = options.skipFullRead ? undefined : await phaseFullRead(ctx);
  const feed = options.skipFeedRead ? undefined : await phaseFeedRead(ctx);
  const measurements: Measurements = { load, loadReused, restarts, lookups, full, feed };

  const targets = evaluate(measurements);
  writeResults(ctx, machineInfo, measurements, targets);
  printReport(ctx, measurements, targets);
}

main()
  .then(() => sleep(0))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  });
