/**
 * The gateway as a target of `npm run bench:peer`: the `npm run build` output with the demo
 * (DEMO_CUSTOMERS, DEMO_API_KEY) and a clean environment, on the embedded SQLite store in a
 * DATA_DIR of its own, or on PostgreSQL (DATABASE_URL, DATABASE_SCHEMA).
 */
import { API_KEY, AUTH, BENCH_THROTTLE_LIMIT, ROOT } from '../context';
import { cleanEnv, EntityLoad, gatewayMain, parseEntityLoads, waitForOutput } from '../gateway';
import { fmt, say } from '../lib/console';
import { LOOPBACK, waitForFirstAnswer } from '../lib/http';
import { readMemory } from '../lib/proc';
import { freePort, ManagedProcess } from '../lib/processes';
import { firstPagePath, Target, TARGET_LABELS } from './targets';

export const GATEWAY_ROOT = '/odata/demo/';

/** Settings of the parent environment that would change which store or limits the gateway uses. */
const STORE_AND_LIMIT_VARIABLES = [
  'DATABASE_URL', 'DATABASE_SCHEMA', 'DATABASE_POOL_MAX', 'REDIS_URL', 'ADMIN_API_KEY', 'MAX_SKIP', 'MAX_EXPAND_ROWS',
  'TRUST_PROXY', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER', 'PARTITION_MAX_ROWS', 'WEBHOOK_DELIVERY',
];

export interface GatewayTarget extends Target {
  /** spawn → first 200 on the feed, ms (includes loading the demo into an empty store). */
  readonly firstAnswerMs: number;
  /** The demo's per-entity load lines; empty when the store already held the demo. */
  readonly loads: readonly EntityLoad[];
  readonly idleRssMb?: number;
}

export interface GatewayStart {
  readonly key: 'gatewaySqlite' | 'gatewayPostgres';
  readonly dataDir: string;
  readonly customers: number;
  readonly logFile: string;
  /** DATABASE_URL and DATABASE_SCHEMA for PostgreSQL; nothing for the embedded store. */
  readonly store: Record<string, string>;
  readonly databaseMemoryMb?: () => number | undefined;
  readonly databaseCpuSeconds?: () => number | undefined;
}

export async function startGatewayTarget(start: GatewayStart): Promise<GatewayTarget> {
  const label = TARGET_LABELS[start.key];
  const port = await freePort();
  const env = cleanEnv({});
  for (const name of STORE_AND_LIMIT_VARIABLES) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: LOOPBACK,
    DATA_DIR: start.dataDir,
    DEMO_CUSTOMERS: String(start.customers),
    DEMO_API_KEY: API_KEY,
    THROTTLE_LIMIT: String(BENCH_THROTTLE_LIMIT),
    // CAP's default server-driven page size (cds.query.limit.max); also the gateway's default.
    MAX_PAGE_SIZE: '1000',
    LOG_LEVEL: 'log',
    NODE_ENV: 'production',
    ...start.store,
  });
  const proc = new ManagedProcess(label, [gatewayMain()], env, start.logFile, ROOT);
  const progress = setInterval(() => {
    const loaded = parseEntityLoads(proc.output()).map((l) => `${l.entity} ${fmt(l.ms / 1000, 1)} s`);
    const memory = proc.alive() ? readMemory(proc.pid) : undefined;
    say(`     … ${label}: ${fmt((performance.now() - proc.spawnedAt) / 1000)} s, RSS ${memory ? fmt(memory.rssMb) : '?'} MB${loaded.length ? `, loaded ${loaded.join(', ')}` : ''}`);
  }, 15_000);
  try {
    const firstAnswerMs = await waitForFirstAnswer(port, `${firstPagePath(GATEWAY_ROOT)}?$top=1`, AUTH, {
      since: proc.spawnedAt,
      intervalMs: 100,
      deadlineMs: 600_000,
      alive: () => proc.alive(),
    });
    // The demo's partitions are written to the lake after the gateway answers; wait, not to measure that too.
    await waitForOutput(proc, /lake up to date|writing partitions to the lake failed/, 300_000);
    const memory = readMemory(proc.pid);
    return {
      key: start.key,
      label,
      port,
      proc,
      headers: AUTH,
      root: GATEWAY_ROOT,
      firstAnswerMs,
      loads: parseEntityLoads(proc.output()),
      ...(memory ? { idleRssMb: memory.rssMb } : {}),
      ...(start.databaseMemoryMb ? { databaseMemoryMb: start.databaseMemoryMb } : {}),
      ...(start.databaseCpuSeconds ? { databaseCpuSeconds: start.databaseCpuSeconds } : {}),
    };
  } catch (error) {
    await proc.stop(5_000);
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}\n--- gateway output (tail) ---\n${proc.output().slice(-6000)}`);
  } finally {
    clearInterval(progress);
  }
}
