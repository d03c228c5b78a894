import type { INestApplicationContext } from '@nestjs/common';
import { InstanceCatalog, ProcessName, RunRecord, StorageDriver, TaskRecord } from '@app/storage';
import { loadInstanceManifests } from '../bootstrap/manifest-loader';
import type { GatewayConfig } from '../config/gateway-config';
import { GatewayModule } from '../gateway.module';
import { queueRun, RunService } from '../processes/run.service';
import { loadCliConfig, withContext } from './cli-context';
import { ExitCode, UsageError } from './cli-errors';
import { CliModule } from './cli.module';

export interface RunOptions {
  readonly process: ProcessName;
  readonly dataset: string;
  readonly wait: boolean;
}

/** How often a waiting command looks at its run. */
const POLL_MS = 250;

/**
 * `insights-gateway run`: without --wait, the run is queued for the gateway (any gateway on the
 * store adopts queued runs, §9); with --wait, this process runs it as a replica would (the
 * gateway's own run executor) and reports its tasks until it ends.
 */
export async function runProcess(options: RunOptions): Promise<ExitCode> {
  const config = loadCliConfig(process.env);
  if (!options.wait) {
    const run = await withContext(config, CliModule.forRoot(config), async (app) => {
      const storage = app.get<StorageDriver>(StorageDriver);
      const instance = await datasetOf(storage, config, options.dataset);
      return queueRun(storage, instance.name, options.process, 'Manual');
    });
    process.stdout.write(`${run.id}\n`);
    process.stderr.write(`queued ${run.process} on ${run.instance}: a gateway on this store runs it (within 15 s while one serves); --wait runs it here\n`);
    return ExitCode.Ok;
  }
  return withContext(config, GatewayModule.forRoot(config), async (app) => {
    const storage = app.get<StorageDriver>(StorageDriver);
    const instance = await datasetOf(storage, config, options.dataset);
    const run = await app.get(RunService).submit(instance.name, options.process, 'Manual');
    process.stdout.write(`${run.id}\n`);
    const ended = await watch(app, run);
    const took = ended.startedAt && ended.endedAt ? ` in ${seconds(ended.startedAt, ended.endedAt)}` : '';
    const why = ended.error ? `: ${ended.error.ErrorCode}: ${ended.error.ErrorMessage}` : '';
    process.stdout.write(`${ended.id} ${ended.status}${took}${why}\n`);
    return ended.status === 'Successful' ? ExitCode.Ok : ExitCode.Failed;
  });
}

async function datasetOf(storage: StorageDriver, config: GatewayConfig, dataset: string): Promise<InstanceCatalog> {
  // Manifest files may declare it (or changed it) since the gateway last started.
  await loadInstanceManifests(storage, config.instancesDir);
  const instance = await storage.getInstance(dataset);
  if (!instance) throw new UsageError(`dataset '${dataset}' does not exist (known: ${(await storage.listInstances()).map((i) => i.name).join(', ') || 'none'})`);
  return instance;
}

/** Follows the run in the store until it ends, printing each task's start and end; Ctrl-C asks it to cancel. */
async function watch(app: INestApplicationContext, submitted: RunRecord): Promise<RunRecord> {
  const storage = app.get<StorageDriver>(StorageDriver);
  const said = new Map<number, TaskRecord['status']>();
  let header = false;
  const cancel = () => {
    process.stderr.write(`canceling ${submitted.id} (after its current task)…\n`);
    void app.get(RunService).cancel(submitted.instance, submitted.id);
  };
  process.once('SIGINT', cancel);
  try {
    for (;;) {
      const run = (await storage.processes.getRun(submitted.instance, submitted.id)) ?? submitted;
      if (!header && run.status !== 'Queued') {
        header = true;
        process.stderr.write(`${run.id}: ${run.process} on ${run.instance}, ${run.tasks.length} task(s)\n`);
      }
      for (const task of run.tasks) {
        if (said.get(task.seq) === task.status || task.status === 'Queued') continue;
        said.set(task.seq, task.status);
        process.stderr.write(`  [${task.seq + 1}/${run.tasks.length}] ${describeTask(task)}\n`);
      }
      if (run.status !== 'Queued' && run.status !== 'Running') return run;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

function describeTask(task: TaskRecord): string {
  const what = task.kind === task.name ? task.kind : `${task.kind} ${task.name}`;
  if (task.status === 'Running') return `${what} …`;
  const took = task.startedAt && task.endedAt ? ` in ${seconds(task.startedAt, task.endedAt)}` : '';
  const value = typeof task.result?.['value'] === 'number' ? ` (value ${task.result['value']})` : typeof task.result?.['entityCount'] === 'number' ? ` (${task.result['entityCount']} members)` : '';
  const why = task.error ? `: ${task.error.ErrorMessage}` : '';
  return `${what}: ${task.status}${took}${value}${why}`;
}

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
