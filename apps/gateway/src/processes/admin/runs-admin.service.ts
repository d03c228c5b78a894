import { Inject, Injectable } from '@nestjs/common';
import { Connection, NotFoundError, PROCESS_NAMES, ProcessName, RunRecord, StorageDriver, StorageErrorCode } from '@app/storage';
import { ConnectorTargetResolver } from '../../connector/connector-target.resolver';
import { BadParameterError, GatewayErrorCode, StateConflictError } from '../../errors/gateway-errors';
import { RunService } from '../run.service';
import { durationMs } from '../../reports/compose/compose-shared';

/** The admin API's view of runs (§6.4). */
@Injectable()
export class RunsAdminService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly targets: ConnectorTargetResolver,
    private readonly runs: RunService,
  ) {}

  async start(connection: Connection, dataset: string, process: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const run = await this.runs.submit(instance.name, processName(process, 'process'), 'Manual');
    return { id: run.id, process: run.process, status: run.status, submissionKind: run.submissionKind, createdAt: run.createdAt };
  }

  async list(connection: Connection, dataset: string, process: string | undefined) {
    const instance = await this.targets.dataset(connection, dataset);
    const runs = await this.storage.processes.listRuns(instance.name, process === undefined ? {} : { process: processName(process, 'process') });
    return { value: runs.map(present) };
  }

  async get(connection: Connection, dataset: string, id: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const run = await this.storage.processes.getRun(instance.name, id);
    if (!run) throw runNotFound(instance.name, id);
    return present(run);
  }

  /** 202 for a queued or running run; 409 for one that has finished (§6.4). */
  async cancel(connection: Connection, dataset: string, id: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const before = await this.storage.processes.getRun(instance.name, id);
    if (!before) throw runNotFound(instance.name, id);
    if (before.status !== 'Queued' && before.status !== 'Running') throw new StateConflictError(GatewayErrorCode.RunFinished, `Run '${id}' has already finished (${before.status}); only a queued or running run can be canceled.`, id);
    const after = (await this.runs.cancel(instance.name, id)) as RunRecord;
    return present(after);
  }
}

function processName(value: string, target: string): ProcessName {
  const found = PROCESS_NAMES.find((p) => p.toLowerCase() === value.toLowerCase());
  if (!found) throw new BadParameterError(`Unknown process '${value}'. Processes: ${PROCESS_NAMES.join(', ')}.`, target);
  return found;
}

function runNotFound(instance: string, id: string): NotFoundError {
  return new NotFoundError(StorageErrorCode.RunNotFound, `Dataset '${instance}' has no run '${id}'.`, id);
}

/** A run as the admin API shows it: durations in milliseconds beside the times. */
export function present(run: RunRecord) {
  return {
    id: run.id,
    process: run.process,
    status: run.status,
    submissionKind: run.submissionKind,
    createdAt: run.createdAt,
    startedAt: run.startedAt ?? null,
    endedAt: run.endedAt ?? null,
    durationMs: durationMs(run.startedAt, run.endedAt),
    cancelRequested: run.cancelRequested,
    error: run.error ?? null,
    tasks: run.tasks.map((t) => ({ ...t, durationMs: durationMs(t.startedAt, t.endedAt) })),
  };
}
