/** Phase 1: first start on a fresh DATA_DIR (generate + load), or the figures of an earlier run when the store is reused. */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Context, ROOT } from '../context';
import { startGateway, StartedGateway, stopChecked } from '../gateway';
import { fmt, say } from '../lib/console';
import { ProcMemory, readMemory } from '../lib/proc';
import { round } from '../lib/stats';

export interface LoadPhase {
  readonly measuredAt: string;
  readonly customers: number;
  readonly firstAnswerMs: number;
  readonly readyLogMs?: number;
  readonly entityLoads: StartedGateway['entityLoads'];
  readonly totalRows: number;
  readonly peakRssMb?: number;
  readonly memoryAfterLoad?: ProcMemory;
  readonly storeBytes: number;
  readonly shutdownMs: number;
}

export interface FirstStart {
  readonly load: LoadPhase;
  /** True when the store was already loaded and `load` holds the figures measured when it was. */
  readonly loadReused: boolean;
}

/** Reuses the loaded store (and its measurement, kept next to it) unless --fresh or there is none. */
export async function phaseFirstStart(ctx: Context): Promise<FirstStart> {
  const markerFile = `${ctx.storeDir}.load.json`;
  if (!ctx.options.fresh && existsSync(markerFile) && existsSync(join(ctx.storeDir, 'gateway.db'))) {
    const load = JSON.parse(readFileSync(markerFile, 'utf8')) as LoadPhase;
    say(`1. reusing the loaded store ${relative(ROOT, ctx.storeDir)} (loaded ${load.measuredAt}; --fresh to regenerate)`);
    return { load, loadReused: true };
  }
  return { load: await phaseLoad(ctx, markerFile), loadReused: false };
}

function storeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) if (name.startsWith('gateway.db')) total += statSync(join(dir, name)).size;
  return total;
}

async function phaseLoad(ctx: Context, markerFile: string): Promise<LoadPhase> {
  rmSync(ctx.storeDir, { recursive: true, force: true });
  rmSync(markerFile, { force: true });
  say(`1. first start on a fresh store (${fmt(ctx.options.customers)} customers) in ${relative(ROOT, ctx.storeDir)}`);
  const gateway = await startGateway(ctx, 'first start', { intervalMs: 100, deadlineMs: 30 * 60_000, progress: true });
  const memory = readMemory(gateway.proc.pid);
  const stopped = await stopChecked(gateway);
  const result: LoadPhase = {
    measuredAt: new Date().toISOString(),
    customers: ctx.options.customers,
    firstAnswerMs: round(gateway.firstAnswerMs),
    ...(gateway.readyLogMs !== undefined ? { readyLogMs: gateway.readyLogMs } : {}),
    entityLoads: gateway.entityLoads,
    totalRows: gateway.entityLoads.reduce((sum, l) => sum + l.rows, 0),
    ...(memory ? { peakRssMb: memory.hwmMb, memoryAfterLoad: memory } : {}),
    storeBytes: storeBytes(ctx.storeDir),
    shutdownMs: round(stopped.shutdownMs),
  };
  for (const l of result.entityLoads) say(`   demo ${l.entity}: ${fmt(l.rows)} rows in ${fmt(l.ms)} ms`);
  say(`   first answer after ${fmt(result.firstAnswerMs / 1000, 2)} s; peak RSS ${fmt(result.peakRssMb ?? NaN)} MB; store ${fmt(result.storeBytes / 2 ** 20)} MiB`);
  writeFileSync(markerFile, JSON.stringify(result, null, 2));
  return result;
}
