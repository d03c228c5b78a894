import type { EvaluationRecord, InstanceCatalog, ProcessName, RunRecord, RunStatus, TaskRecord } from '@app/storage';
import type { TriggerEvent } from '../triggers/trigger-fan-out';
import { dataSourcesList, durationMinutes, formatMeasureValue } from '../triggers/trigger-payloads';

/**
 * The events a finished task causes (§6.1): data-source outcomes and threshold candidates.
 * `evaluatedAt` is the recorded evaluation's date: `EvaluationDate` is that one (the same as
 * the Segments entity and the admin lists show), not the task's end.
 */
export function taskEvents(
  instance: InstanceCatalog,
  run: RunRecord,
  task: TaskRecord,
  previous: EvaluationRecord | undefined,
  evaluatedAt?: string,
): TriggerEvent[] {
  const startedAt = task.startedAt ?? run.createdAt;
  const endedAt = task.endedAt ?? startedAt;
  if (task.kind === 'dataSource') {
    const payload = dataSourcesList({
      name: task.name,
      version: Math.floor(Date.parse(startedAt) / 1000),
      submissionKind: run.submissionKind,
      startedAt,
      endedAt,
      ...(task.error ? { error: task.error } : {}),
    });
    return [{ trigger: task.status === 'Successful' ? 'dataSourceRefreshCompleted' : 'dataSourceRefreshFailed', payload }];
  }
  const value = typeof task.result?.['entityCount'] === 'number' ? task.result['entityCount'] : task.result?.['value'];
  if (task.status !== 'Successful' || typeof value !== 'number') return [];
  const evaluation = { name: task.name, value, ...(previous ? { previous: previous.value } : {}) };
  if (task.kind === 'segment') {
    const segment = (instance.manifest.segments ?? []).find((s) => s.name === task.name);
    const payload = { Name: task.name, DisplayName: segment?.displayName ?? task.name, EvaluationDate: evaluatedAt ?? endedAt, EntityCount: value };
    return [{ trigger: 'segmentThresholdCrossed', evaluation, payload }];
  }
  if (task.kind === 'measure') {
    const measure = (instance.manifest.measures ?? []).find((m) => m.name === task.name);
    const payload = { Name: task.name, DisplayName: measure?.displayName ?? task.name, EvaluationDate: evaluatedAt ?? endedAt, Value: value, ValueDisplayName: formatMeasureValue(value) };
    return [{ trigger: 'measureThresholdCrossed', evaluation, payload }];
  }
  return [];
}

/** A process, or a process inside a full refresh, that has completed (§6.1). */
export interface ProcessCompletion {
  readonly process: ProcessName;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly failedTasks: number;
}

export function completionEvents(run: RunRecord, completion: ProcessCompletion, statusPage: string): TriggerEvent[] {
  const timing = {
    StartTime: completion.startedAt,
    EndTime: completion.endedAt,
    Duration: durationMinutes(completion.startedAt, completion.endedAt),
    Status: completion.status,
    StatusPage: statusPage,
  };
  const events: TriggerEvent[] = [
    { trigger: 'processCompleted', process: completion.process, submissionKind: run.submissionKind, payload: { Process: completion.process, ...timing } },
  ];
  if (completion.process === 'fullRefresh') {
    events.push({ trigger: 'fullRefreshCompleted', submissionKind: run.submissionKind, payload: { NumberOfFailedTasks: completion.failedTasks, ...timing } });
  }
  return events;
}

/** Failed if any task failed, Canceled if it was stopped, else Successful. */
export function statusOf(tasks: readonly TaskRecord[], canceled: boolean): RunStatus {
  if (canceled) return 'Canceled';
  return tasks.some((t) => t.status === 'Failed') ? 'Failed' : 'Successful';
}
