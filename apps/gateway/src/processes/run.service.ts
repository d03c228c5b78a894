import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  InstanceCatalog,
  NotFoundError,
  ProcessName,
  RunCommit,
  RunRecord,
  StorageDriver,
  StorageErrorCode,
  SubmissionKind,
  TaskRecord,
  KeyedQueue,
} from '@app/storage';
import { fanOut, TriggerEvent, triggersOf } from '../triggers/trigger-fan-out';
import { StatusPageLinks } from '../status/status-page-links.service';
import { DeliveryNotifier } from '../triggers/delivery-notifier';
import { CONTAINED, planTasks } from './run-plan';
import { TaskRunner } from './task-runner';
import { completionEvents, ProcessCompletion, statusOf, taskEvents } from './run-events';
import { observeRun } from '../observability/metrics';

/** How often replicas look for runs whose executor died. */
const ABANDONED_CHECK_MS = 15_000;

const runLock = (instance: string) => `run:${instance}`;

const INTERRUPTED = {
  ErrorCode: 'RUN_INTERRUPTED',
  ErrorMessage: 'The gateway running this run stopped before it ended; start it again.',
  ErrorSeverity: 'Error',
} as const;

/**
 * Runs processes (§6.3): one run at a time per instance (across replicas), queued in submission order. Every
 * step is one store commit holding the task's result, its evaluation and the deliveries of
 * the events it caused (§6.2), so a crash loses no event and sends none twice as new.
 */
@Injectable()
export class RunService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunService.name);
  private readonly queue = new KeyedQueue();
  private readonly inFlight = new Set<Promise<void>>();
  /** Runs waiting or running in this replica's queue. */
  private readonly scheduled = new Set<string>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly tasks: TaskRunner,
    private readonly links: StatusPageLinks,
    private readonly notifier: DeliveryNotifier,
  ) {}

  /**
   * Runs left Running by a crash are failed (their events fire); queued ones run again. With
   * replicas, the check repeats: a replica that dies is noticed by the others.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.recoverAbandoned();
    this.sweeper = setInterval(() => void this.recoverAbandoned().catch((error: unknown) => this.logger.error('checking for abandoned runs failed', String(error))), ABANDONED_CHECK_MS);
    this.sweeper.unref();
  }

  /**
   * Queued runs are adopted by every replica that sees them (the one that submitted a run may
   * be gone); whichever takes the instance's lock first runs it, the others find it started.
   */
  private async recoverAbandoned(): Promise<void> {
    await this.failAbandoned();
    for (const run of await this.storage.processes.runsInStatus(['Queued'])) if (!this.scheduled.has(run.id)) this.schedule(run);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * A run is Running only while its executor holds the instance's run lock, so a Running run
   * whose lock is free lost its executor (a crash, a kill -9 of its replica).
   */
  private async failAbandoned(): Promise<void> {
    for (const seen of await this.storage.processes.runsInStatus(['Running'])) {
      await this.storage.coordination.tryExclusive(runLock(seen.instance), async () => {
        const run = await this.storage.processes.getRun(seen.instance, seen.id);
        if (run?.status === 'Running') await this.failInterrupted(run);
      });
    }
  }

  async submit(instance: string, process: ProcessName, submissionKind: SubmissionKind): Promise<RunRecord> {
    const run = await queueRun(this.storage, instance, process, submissionKind);
    this.schedule(run);
    return run;
  }

  /**
   * Asks a queued or running run to stop. A run canceled while it waited never executes, so
   * it completes here, with status Canceled (§6.1); a running one completes when it stops.
   */
  async cancel(instance: string, id: string): Promise<RunRecord | undefined> {
    const at = now();
    const after = await this.storage.processes.requestCancel(instance, id, at);
    // This call took it from Queued to Canceled (the store wrote our time): its completion is ours to fire.
    if (after?.status !== 'Canceled' || after.startedAt !== undefined || after.endedAt !== at) return after;
    const completion: ProcessCompletion = { process: after.process, status: 'Canceled', startedAt: after.createdAt, endedAt: at, failedTasks: 0 };
    return this.commitEvents({ runId: id }, instance, completionEvents(after, completion, this.links.runPage(instance, id)));
  }

  /** Settles when every run submitted so far has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private schedule(run: RunRecord): void {
    this.scheduled.add(run.id);
    // The local queue keeps this replica's runs in submission order; the store's lock keeps
    // one run per instance across replicas.
    const execute = () => this.storage.coordination.exclusive(runLock(run.instance), () => this.execute(run.instance, run.id));
    const work = this.queue.run(run.instance, execute).catch((error: unknown) => {
      this.logger.error(`run ${run.id} of ${run.instance} stopped`, error instanceof Error ? error.stack : String(error));
    });
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.scheduled.delete(run.id);
    });
  }

  private async execute(instanceName: string, runId: string): Promise<void> {
    const queued = await this.storage.processes.getRun(instanceName, runId);
    if (!queued || queued.status !== 'Queued') return; // canceled while it waited
    const instance = await this.storage.getInstance(instanceName);
    if (!instance) throw new NotFoundError(StorageErrorCode.DatasetNotFound, `Dataset '${instanceName}' does not exist.`, instanceName);
    let run = await this.commit({ runId, run: { status: 'Running', startedAt: now() }, plannedTasks: planTasks(queued.process, instance) }, instance, []);
    const parts = CONTAINED[run.process];
    const planned = run.tasks;
    let canceled = false;
    const cancelRequested = async () => (canceled ||= (await this.storage.processes.getRun(instanceName, runId))?.cancelRequested === true);
    for (const part of parts) {
      for (const task of planned.filter((t) => t.process === part && t.kind !== 'partitions')) {
        if (await cancelRequested()) break;
        run = await this.runTask(instance, run, task);
      }
      if (canceled) break;
      if (parts.length > 1) run = await this.completePart(instance, run, part);
    }
    for (const task of planned.filter((t) => t.kind === 'partitions')) {
      if (await cancelRequested()) break;
      run = await this.runTask(instance, run, task);
    }
    await this.finish(instance, run, canceled);
  }

  private async runTask(instance: InstanceCatalog, run: RunRecord, task: TaskRecord): Promise<RunRecord> {
    const started: TaskRecord = { ...task, status: 'Running', startedAt: now() };
    await this.commit({ runId: run.id, tasks: [started] }, instance, []);
    const outcome = await this.tasks.run(instance, run.process, started);
    const ended: TaskRecord = {
      ...started,
      status: outcome.error ? 'Failed' : 'Successful',
      endedAt: now(),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.result ? { result: outcome.result } : {}),
    };
    const kind = task.kind === 'segment' || task.kind === 'measure' ? task.kind : undefined;
    const previous = kind ? await this.storage.processes.latestEvaluation(instance.name, kind, task.name) : undefined;
    const evaluations =
      kind && outcome.evaluation ? [{ instance: instance.name, kind, name: task.name, evaluatedAt: outcome.evaluation.evaluatedAt, value: outcome.evaluation.value, runId: run.id }] : [];
    return this.commit({ runId: run.id, tasks: [ended], evaluations }, instance, taskEvents(instance, run, ended, previous, outcome.evaluation?.evaluatedAt));
  }

  /** Inside a full refresh, each contained process completes as its last task ends (§6.1). */
  private completePart(instance: InstanceCatalog, run: RunRecord, part: ProcessName): Promise<RunRecord> {
    const tasks = run.tasks.filter((t) => t.process === part);
    const startedAt = tasks[0]?.startedAt ?? now();
    const completion = { process: part, status: statusOf(tasks, false), startedAt, endedAt: tasks.at(-1)?.endedAt ?? startedAt, failedTasks: failed(tasks) };
    return this.commit({ runId: run.id }, instance, completionEvents(run, completion, this.links.runPage(instance.name, run.id)));
  }

  private async finish(instance: InstanceCatalog, run: RunRecord, canceled: boolean): Promise<void> {
    const endedAt = now();
    const leftOver = run.tasks.filter((t) => t.status === 'Queued').map((t) => ({ ...t, status: 'Canceled' as const }));
    const status = statusOf(run.tasks, canceled);
    const completion: ProcessCompletion = { process: run.process, status, startedAt: run.startedAt ?? run.createdAt, endedAt, failedTasks: failed(run.tasks) };
    const events = completionEvents(run, completion, this.links.runPage(instance.name, run.id));
    // The run carries its first failed task's error, so a list of runs shows why without opening each.
    const error = run.tasks.find((t) => t.error)?.error ?? null;
    const done = await this.commit({ runId: run.id, run: { status, endedAt, error }, tasks: leftOver }, instance, events);
    observeRun(done.process, done.status, completion.startedAt, endedAt);
    this.logger.log(`run ${done.id} (${done.process}, ${done.submissionKind}) of ${instance.name}: ${done.status} in ${Date.parse(endedAt) - Date.parse(completion.startedAt)} ms`);
  }

  private async failInterrupted(run: RunRecord): Promise<void> {
    const instance = await this.storage.getInstance(run.instance);
    const endedAt = now();
    const tasks = run.tasks
      .filter((t) => t.status === 'Running' || t.status === 'Queued')
      .map((t) => (t.status === 'Running' ? { ...t, status: 'Failed' as const, endedAt, error: INTERRUPTED } : { ...t, status: 'Canceled' as const }));
    const completion: ProcessCompletion = { process: run.process, status: 'Failed', startedAt: run.startedAt ?? run.createdAt, endedAt, failedTasks: failed(run.tasks) + 1 };
    const events = instance ? completionEvents(run, completion, this.links.runPage(run.instance, run.id)) : [];
    await this.commitEvents({ runId: run.id, run: { status: 'Failed', endedAt, error: INTERRUPTED }, tasks }, run.instance, events);
    observeRun(run.process, 'Failed', completion.startedAt, endedAt);
    this.logger.warn(`run ${run.id} of ${run.instance} lost its gateway before it ended: marked Failed`);
  }

  private commit(step: RunCommit, instance: InstanceCatalog, events: readonly TriggerEvent[]): Promise<RunRecord> {
    return this.commitEvents(step, instance.name, events);
  }

  /** Matching subscriptions are read just before the commit; one subscribing meanwhile misses this event. */
  private async commitEvents(step: RunCommit, instance: string, events: readonly TriggerEvent[]): Promise<RunRecord> {
    const subscriptions = [];
    for (const trigger of triggersOf(events)) subscriptions.push(...(await this.storage.webhooks.activeSubscriptions(instance, trigger)));
    const deliveries = fanOut(events, subscriptions, now());
    const run = await this.storage.processes.commit({ ...step, deliveries: [...(step.deliveries ?? []), ...deliveries] });
    if (deliveries.length > 0) this.notifier.notify();
    return run;
  }
}

/**
 * Records a run as Queued. The replica that submits it runs it; one left queued (by a replica that
 * stopped, or by `insights-gateway run` without --wait) is adopted by any gateway on the store.
 */
export function queueRun(storage: StorageDriver, instance: string, process: ProcessName, submissionKind: SubmissionKind): Promise<RunRecord> {
  const id = `run_${randomBytes(12).toString('base64url')}`;
  return storage.processes.createRun({ id, instance, process, submissionKind, createdAt: now() });
}

function failed(tasks: readonly TaskRecord[]): number {
  return tasks.filter((t) => t.status === 'Failed').length;
}

function now(): string {
  return new Date().toISOString();
}
