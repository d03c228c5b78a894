import type { DataSourceDefinition, RunRecord, TaskRecord } from '@app/storage';
import type { DataSourceEntry, DataSourcesReport, ReportContext } from '../report.model';
import { countStatuses, describeStatusCounts, durationMs, plural } from './compose-shared';

/**
 * `dataSources`: each data source's latest refresh and the rows of its latest successful
 * one. `runs` are the runs that refresh data sources (`dataSources` and `fullRefresh`),
 * newest first; tasks still queued have not refreshed anything and are passed over.
 */
export function composeDataSources(context: ReportContext, dataSources: readonly DataSourceDefinition[], runs: readonly RunRecord[]): DataSourcesReport {
  const entries = dataSources.map((source) => dataSourceEntry(source, runs));
  const counts = countStatuses(entries.map((e) => e.status));
  const failed = entries.filter((e) => e.status === 'Failed').map((e) => e.name);
  return {
    reportId: context.reportId,
    reportType: 'dataSources',
    dataset: context.dataset,
    datasetDisplayName: context.datasetDisplayName,
    generatedAt: context.generatedAt,
    title: `Data sources of ${context.datasetDisplayName} (${context.dataset})`,
    summary: `${plural(entries.length, 'data source')}: ${describeStatusCounts(counts)}.${failed.length > 0 ? ` Failed: ${failed.join(', ')}.` : ''}`,
    counts,
    dataSources: entries,
  };
}

function dataSourceEntry(source: DataSourceDefinition, runs: readonly RunRecord[]): DataSourceEntry {
  const refreshes = runs.flatMap((run) => run.tasks.filter((t) => isRefreshOf(t, source.name) && t.status !== 'Queued').map((task) => ({ run, task })));
  const last = refreshes[0];
  const lastSuccess = refreshes.find((r) => r.task.status === 'Successful');
  const rows = lastSuccess ? rowsOf(lastSuccess.task) : {};
  return {
    name: source.name,
    kind: source.kind,
    status: last?.task.status ?? 'NeverRun',
    runId: last?.run.id ?? null,
    submissionKind: last?.run.submissionKind ?? null,
    startTime: last?.task.startedAt ?? null,
    endTime: last?.task.endedAt ?? null,
    durationMs: last ? durationMs(last.task.startedAt, last.task.endedAt) : null,
    error: last?.task.error ?? null,
    lastSuccessTime: lastSuccess?.task.endedAt ?? null,
    rows,
    totalRows: lastSuccess ? Object.values(rows).reduce((sum, n) => sum + n, 0) : null,
  };
}

/** Data-source names match in any case, as the admin API's PUT does. */
function isRefreshOf(task: TaskRecord, name: string): boolean {
  return task.kind === 'dataSource' && task.name.toLowerCase() === name.toLowerCase();
}

/** `result.rows` of an import task: `{ Customer: 200, … }`; anything else is ignored. */
function rowsOf(task: TaskRecord): Record<string, number> {
  const rows = task.result?.rows;
  if (typeof rows !== 'object' || rows === null) return {};
  return Object.fromEntries(Object.entries(rows).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}
