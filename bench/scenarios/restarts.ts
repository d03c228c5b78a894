/** Phase 2: restarts on the loaded store (SIGTERM, start, first answer). */
import { Context } from '../context';
import { startGateway, stopChecked } from '../gateway';
import { fmt, say } from '../lib/console';
import { readMemory } from '../lib/proc';
import { median, round } from '../lib/stats';

export interface RestartRun {
  readonly firstAnswerMs: number;
  readonly readyLogMs?: number;
  readonly rssAfterStartMb?: number;
  readonly reloadedData: boolean;
  readonly shutdownMs: number;
}

export interface RestartsPhase {
  runs: RestartRun[];
  medianFirstAnswerMs: number;
}

export async function phaseRestarts(ctx: Context): Promise<RestartsPhase> {
  say(`2. ${ctx.options.restarts} restarts on the loaded store (SIGTERM, start, first answer)`);
  const runs: RestartRun[] = [];
  for (let i = 0; i < ctx.options.restarts; i++) {
    const gateway = await startGateway(ctx, `restart ${i + 1}`, { intervalMs: 5, deadlineMs: 120_000 });
    const memory = readMemory(gateway.proc.pid);
    const stopped = await stopChecked(gateway);
    const run: RestartRun = {
      firstAnswerMs: round(gateway.firstAnswerMs),
      ...(gateway.readyLogMs !== undefined ? { readyLogMs: gateway.readyLogMs } : {}),
      ...(memory ? { rssAfterStartMb: memory.rssMb } : {}),
      reloadedData: gateway.entityLoads.length > 0,
      shutdownMs: round(stopped.shutdownMs),
    };
    runs.push(run);
    say(`   restart ${i + 1}: first answer ${fmt(run.firstAnswerMs)} ms (gateway log: ready in ${run.readyLogMs ?? '?'} ms), ` +
      `shutdown ${fmt(run.shutdownMs)} ms${run.reloadedData ? ' — WARNING: it loaded data' : ''}`);
  }
  return { runs, medianFirstAnswerMs: round(median(runs.map((r) => r.firstAnswerMs))) };
}
