/**
 * The gateway under test of `npm run bench:partitions`: the built dist/ (flagged in the printout
 * when a source file is newer), a build given with --main, or else the sources through ts-node
 * (transpile-only, tsconfig-paths), which is said in the printout: the TypeScript compiler
 * then sits in the process and adds to its RSS (see the idle RSS reported next to the peak).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { API_KEY, AUTH, ROOT } from '../context';
import { cleanEnv } from '../gateway';
import { LOOPBACK, waitForFirstAnswer } from './http';
import { readMemory } from './proc';
import { freePort, ManagedProcess } from './processes';

export interface GatewayLaunch {
  /** Node arguments before the benchmark's own (e.g. --cpu-prof). */
  readonly args: readonly string[];
  /** How it runs, for the printout and the results. */
  readonly description: string;
  readonly tsNode: boolean;
}

/** Gateway settings from the parent environment that must not reach the gateway (besides cleanEnv's). */
const MORE_GATEWAY_VARIABLES = [
  'ADMIN_API_KEY', 'PARTITION_MAX_ROWS', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER', 'TRUST_PROXY',
  'MAX_SKIP', 'MAX_EXPAND_ROWS', 'TS_NODE_PROJECT', 'TS_NODE_TRANSPILE_ONLY', 'TS_NODE_FILES', 'TS_NODE_COMPILER_OPTIONS',
];

export function resolveLaunch(main: string | undefined, forceTsNode: boolean): GatewayLaunch {
  if (main !== undefined) {
    const file = resolve(main);
    if (!existsSync(file)) throw new Error(`--main ${main}: no such file`);
    return { args: [file], description: `${relative(ROOT, file)} (--main, built output)`, tsNode: false };
  }
  const tsNode: GatewayLaunch = {
    args: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/gateway/src/main.ts')],
    description: 'apps/gateway/src/main.ts through ts-node (transpile-only) + tsconfig-paths: NOT the production build',
    tsNode: true,
  };
  if (forceTsNode) return tsNode;
  const built = [join(ROOT, 'dist/apps/gateway/main.js'), join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js')].find((f) => existsSync(f));
  if (built === undefined) return { ...tsNode, description: `${tsNode.description} (no dist/ build)` };
  // Stale (a source changed after the build, e.g. another edit during `npm run build`): still the build, but said.
  const newest = newestSource();
  const stale = newest && newest.mtimeMs > statSync(built).mtimeMs ? ` — WARNING: older than ${relative(ROOT, newest.file)}; npm run build, or --ts-node` : '';
  return { args: [built], description: `${relative(ROOT, built)} (npm run build output)${stale}`, tsNode: false };
}

function newestSource(): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) {
        const mtimeMs = statSync(path).mtimeMs;
        if (!newest || mtimeMs > newest.mtimeMs) newest = { file: path, mtimeMs };
      }
    }
  };
  walk(join(ROOT, 'apps/gateway/src'));
  walk(join(ROOT, 'libs'));
  return newest;
}

export interface BenchGateway {
  readonly proc: ManagedProcess;
  readonly port: number;
  /** spawn → first 200 on the probe, ms. */
  readonly startMs: number;
  /** VmRSS right after the first answer. */
  readonly idleRssMb?: number;
}

export async function startBenchGateway(options: {
  readonly launch: GatewayLaunch;
  readonly label: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly instance: string;
  readonly nodeArgs?: readonly string[];
  readonly env?: Record<string, string>;
}): Promise<BenchGateway> {
  const port = await freePort();
  const inherited = cleanEnv({});
  for (const name of MORE_GATEWAY_VARIABLES) delete inherited[name];
  const env: Record<string, string> = {
    ...inherited,
    PORT: String(port),
    HOST: LOOPBACK,
    DATA_DIR: options.dataDir,
    DEMO: 'false',
    ADMIN_API_KEY: API_KEY,
    THROTTLE_LIMIT: '1000000',
    LOG_LEVEL: 'log',
    NODE_ENV: 'production',
    ...(options.launch.tsNode ? { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: '1' } : {}),
    ...options.env,
  };
  const args = [...(options.nodeArgs ?? []), ...options.launch.args];
  const proc = new ManagedProcess(`gateway (${options.label})`, args, env, options.logFile, ROOT);
  try {
    const startMs = await waitForFirstAnswer(port, `/datasets/${options.instance}/tables`, AUTH, {
      since: proc.spawnedAt,
      intervalMs: 50,
      deadlineMs: 240_000,
      alive: () => proc.alive(),
    });
    const memory = readMemory(proc.pid);
    return { proc, port, startMs, ...(memory ? { idleRssMb: memory.rssMb } : {}) };
  } catch (error) {
    await proc.stop(5_000);
    throw new Error(`${options.label}: ${error instanceof Error ? error.message : String(error)}\n--- gateway output (tail) ---\n${proc.output().slice(-4000)}`);
  }
}
