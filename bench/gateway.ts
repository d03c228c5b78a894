/** The gateway under test: one process per measurement, started from dist/ with a clean environment. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH, API_KEY, Context, ROOT } from './context';
import { fmt, say } from './lib/console';
import { LOOPBACK, waitForFirstAnswer } from './lib/http';
import { freePort, ManagedProcess, StopResult } from './lib/processes';
import { readMemory } from './lib/proc';

const PROBE_PATH = '/datasets/demo/tables/Customer/items?$top=1';

export function gatewayMain(): string {
  const preferred = join(ROOT, 'dist/apps/gateway/main.js');
  if (existsSync(preferred)) return preferred;
  const nested = join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js');
  if (existsSync(nested)) return nested;
  throw new Error('dist/apps/gateway/main.js not found: run `npm run build` (npm run bench does)');
}

/** Gateway settings the parent environment must not leak into the benchmark. */
const GATEWAY_VARIABLES = [
  'PORT', 'HOST', 'DATA_DIR', 'INSTANCES_DIR', 'PUBLIC_BASE_URL', 'DEMO', 'DEMO_CUSTOMERS', 'DEMO_SEED', 'DEMO_API_KEY',
  'THROTTLE_LIMIT', 'THROTTLE_TTL_SECONDS', 'THROTTLE_UNAUTHENTICATED_LIMIT', 'BODY_LIMIT_BYTES', 'MAX_URL_LENGTH',
  'MAX_PAGE_SIZE', 'MAX_FILTER_LENGTH', 'MAX_FILTER_NODES', 'MAX_FILTER_DEPTH', 'MAX_ORDERBY_ITEMS', 'MAX_TOP',
  'SKIPTOKEN_SECRET', 'SKIPTOKEN_TTL_SECONDS', 'LOG_LEVEL', 'NODE_OPTIONS',
];

export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !GATEWAY_VARIABLES.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface EntityLoad {
  readonly entity: string;
  readonly rows: number;
  readonly ms: number;
}

export interface StartedGateway {
  readonly proc: ManagedProcess;
  readonly port: number;
  /** spawn() → first 200 on PROBE_PATH, ms. */
  readonly firstAnswerMs: number;
  /** The gateway's own "ready in N ms" (NestFactory.create → listening). */
  readonly readyLogMs?: number;
  /** Per-entity load lines ("demo Customer: N rows in M ms"), when it loaded anything. */
  readonly entityLoads: readonly EntityLoad[];
}

export interface WaitOptions {
  readonly intervalMs: number;
  readonly deadlineMs: number;
  readonly progress?: boolean;
}

function gatewayEnv(ctx: Context, port: number, throttleTtlS: number | undefined, overrides: Record<string, string>): Record<string, string> {
  return cleanEnv({
    PORT: String(port),
    HOST: LOOPBACK,
    DATA_DIR: ctx.storeDir,
    DEMO_CUSTOMERS: String(ctx.options.customers),
    DEMO_API_KEY: API_KEY,
    THROTTLE_LIMIT: String(ctx.throttleLimit),
    ...(throttleTtlS !== undefined ? { THROTTLE_TTL_SECONDS: String(throttleTtlS) } : {}),
    MAX_PAGE_SIZE: '1000',
    LOG_LEVEL: 'log',
    NODE_ENV: 'production',
    ...overrides,
  });
}

/** Every 10 s while a (long) start is awaited: elapsed time, RSS and the entities loaded so far. */
function reportProgress(proc: ManagedProcess, label: string): NodeJS.Timeout {
  return setInterval(() => {
    const memory = proc.alive() ? readMemory(proc.pid) : undefined;
    const loaded = parseEntityLoads(proc.output()).map((l) => `${l.entity} ${fmt(l.ms / 1000, 1)} s`);
    say(`  … ${label}: ${fmt((performance.now() - proc.spawnedAt) / 1000, 0)} s, RSS ${memory ? fmt(memory.rssMb) : '?'} MB` +
      `${loaded.length ? `, loaded: ${loaded.join(', ')}` : ''}`);
  }, 10_000);
}

export async function startGateway(
  ctx: Context,
  label: string,
  wait: WaitOptions,
  nodeArgs: readonly string[] = [],
  throttleTtlS: number | undefined = ctx.options.throttleTtlS,
  /** Gateway settings that differ from the defaults above (e.g. MAX_PAGE_SIZE for the feed read). */
  overrides: Record<string, string> = {},
): Promise<StartedGateway> {
  const port = await freePort();
  const env = gatewayEnv(ctx, port, throttleTtlS, overrides);
  const proc = new ManagedProcess(`gateway (${label})`, [...nodeArgs, ctx.main], env, ctx.logFile, ROOT);
  const progress = wait.progress ? reportProgress(proc, label) : undefined;
  try {
    const firstAnswerMs = await waitForFirstAnswer(port, PROBE_PATH, AUTH, {
      since: proc.spawnedAt,
      intervalMs: wait.intervalMs,
      deadlineMs: wait.deadlineMs,
      alive: () => proc.alive(),
    });
    const ready = /ready in (\d+) ms/.exec(proc.output());
    // Partitions are written after the gateway serves (§5); measuring during that would measure both.
    await waitForOutput(proc, /lake up to date|writing partitions to the lake failed/, wait.deadlineMs);
    return {
      proc,
      port,
      firstAnswerMs,
      ...(ready ? { readyLogMs: Number(ready[1]) } : {}),
      entityLoads: parseEntityLoads(proc.output()),
    };
  } catch (error) {
    await proc.stop(5_000);
    const output = proc.output();
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}\n--- gateway output (tail) ---\n${output.slice(-4000)}`);
  } finally {
    if (progress) clearInterval(progress);
  }
}

/** Waits until the process has printed `pattern` (e.g. the end of its start-up lake work). */
export async function waitForOutput(proc: ManagedProcess, pattern: RegExp, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!pattern.test(proc.output())) {
    if (!proc.alive()) throw new Error('the gateway exited before its lake work was done');
    if (Date.now() > deadline) throw new Error(`no ${pattern.source} in the gateway's output within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The demo's `demo <entity>: N rows in M ms` log lines. */
export function parseEntityLoads(output: string): { entity: string; rows: number; ms: number }[] {
  return [...output.matchAll(/demo (\S+): (\d+) rows in (\d+) ms/g)].map((m) => ({ entity: m[1], rows: Number(m[2]), ms: Number(m[3]) }));
}

export async function stopChecked(gateway: StartedGateway): Promise<StopResult> {
  const stopped = await gateway.proc.stop();
  if (stopped.killed) say(`  warning: ${gateway.proc.name} ignored SIGTERM for 15 s and was killed`);
  return stopped;
}
