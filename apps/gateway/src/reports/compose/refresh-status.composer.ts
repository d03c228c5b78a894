import type { ProcessName, RunRecord, TaskRecord } from '@app/storage';
import type { RefreshStatusReport, ReportContext, ReportRun, ReportTask } from '../report.model';
import { countStatuses, describeStatusCounts, durationMs, plural } from './compose-shared';

/** The latest run of one process, as the store lists it (`listRuns(…, { process, limit: 1 })`). */
export interface LatestRun {
  readonly process: ProcessName;
  readonly run?: RunRecord;
}

/**
 * `refreshStatus`: the latest run of every process and its tasks. `runLink` makes the
 * run's status-page link (absolute and signed, so it opens from an e-mail).
 */
export function composeRefreshStatus(context: ReportContext, latest: readonly LatestRun[], runLink?: (runId: string) => string): RefreshStatusReport {
  const processes = latest.map(({ process, run }) => ({ process, lastRun: run ? reportRun(run, runLink) : null }));
  const counts = countStatuses(processes.map((p) => p.lastRun?.status ?? 'NeverRun'));
  const failed = processes.filter((p) => p.lastRun?.status === 'Failed').map((p) => p.process);
  return {
    reportId: context.reportId,
    reportType: 'refreshStatus',
    dataset: context.dataset,
    datasetDisplayName: context.datasetDisplayName,
    generatedAt: context.generatedAt,
    title: `Refresh status of ${context.datasetDisplayName} (${context.dataset})`,
    summary: `${plural(processes.length, 'process', 'processes')}: ${describeStatusCounts(counts)}.${failed.length > 0 ? ` Failed: ${failed.join(', ')}.` : ''}`,
    counts,
    processes,
  };
}

function reportRun(run: RunRecord, runLink: ((runId: string) => string) | undefined): ReportRun {
  return {
    id: run.id,
    status: run.status,
    submissionKind: run.submissionKind,
    createdAt: run.createdAt,
    startTime: run.startedAt ?? null,
    endTime: run.endedAt ?? null,
    durationMs: durationMs(run.startedAt, run.endedAt),
    failedTasks: run.tasks.filter((t) => t.status === 'Failed').length,
    error: run.error ?? null,
    statusPage: runLink ? runLink(run.id) : null,
    tasks: run.tasks.map(reportTask),
  };
}

function reportTask(task: TaskRecord): ReportTask {
  return {
    seq: task.seq,
    process: task.process,
    kind: task.kind,
    name: task.name,
    status: task.status,
    startTime: task.startedAt ?? null,
    endTime: task.endedAt ?? null,
    durationMs: durationMs(task.startedAt, task.endedAt),
    error: task.error ?? null,
  };
}
