import type { RunRecord } from '@app/storage';
import { overviewLinks, runDetailLinks } from './status-links';
import type { EvaluationPoint, RunDetail, StatusOverview } from './status-page.model';

/**
 * Sample status-page models for the unit specs and the browser test: every run status,
 * a failed task whose message needs escaping, a hostile segment name, and histories of
 * 0, 1, 2, constant and many points. Test data only; nothing in the app imports it.
 */

export const HOSTILE_NAME = '<script>alert(1)</script>';
export const HOSTILE_MESSAGE = `Column "Total" can't be parsed: expected <number> & got 'abc'`;
export const GENERATED_AT = '2024-05-12T08:30:00.000Z';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `values.length` daily evaluations ending on the morning of `GENERATED_AT`. */
export function dailyHistory(values: readonly number[], runPrefix = 'run_hist'): EvaluationPoint[] {
  const end = Date.parse('2024-05-12T02:04:00.000Z');
  return values.map((value, i) => ({
    evaluatedAt: new Date(end - (values.length - 1 - i) * DAY_MS).toISOString(),
    value,
    runId: `${runPrefix}${i}`,
  }));
}

/** A scheduled full refresh whose second data source failed; later tasks were skipped. */
export const FAILED_RUN: RunRecord = {
  id: 'run_7f3a9c',
  instance: 'demo',
  process: 'fullRefresh',
  submissionKind: 'Scheduled',
  status: 'Failed',
  createdAt: '2024-05-12T02:00:00.000Z',
  startedAt: '2024-05-12T02:00:01.250Z',
  endedAt: '2024-05-12T02:02:06.250Z',
  cancelRequested: false,
  error: { ErrorCode: 'PROC101', ErrorMessage: '1 of 5 tasks failed.', ErrorSeverity: 'Error' },
  tasks: [
    { seq: 0, process: 'dataSources', kind: 'dataSource', name: 'PosSystem', status: 'Successful', startedAt: '2024-05-12T02:00:01.250Z', endedAt: '2024-05-12T02:01:46.000Z', result: { rows: 120_000 } },
    {
      seq: 1,
      process: 'dataSources',
      kind: 'dataSource',
      name: 'Crm',
      status: 'Failed',
      startedAt: '2024-05-12T02:01:46.000Z',
      endedAt: '2024-05-12T02:02:06.000Z',
      error: { ErrorCode: 'DS204', ErrorMessage: HOSTILE_MESSAGE, ErrorSeverity: 'Error' },
    },
    { seq: 2, process: 'dataSources', kind: 'partitions', name: 'partitions', status: 'Successful', startedAt: '2024-05-12T02:02:06.000Z', endedAt: '2024-05-12T02:02:06.850Z' },
    { seq: 3, process: 'segments', kind: 'segment', name: 'loyal', status: 'Skipped' },
    { seq: 4, process: 'measures', kind: 'measure', name: 'avg_order', status: 'Skipped' },
  ],
};

const SEGMENTS_RUNNING: RunRecord = {
  id: 'run_segments_live',
  instance: 'demo',
  process: 'segments',
  submissionKind: 'Manual',
  status: 'Running',
  createdAt: '2024-05-12T08:28:00.000Z',
  startedAt: '2024-05-12T08:28:05.000Z',
  cancelRequested: false,
  tasks: [],
};

const DATA_SOURCES_OK: RunRecord = {
  id: 'run_ds_ok',
  instance: 'demo',
  process: 'dataSources',
  submissionKind: 'Manual',
  status: 'Successful',
  createdAt: '2024-05-11T16:00:00.000Z',
  startedAt: '2024-05-11T16:00:00.500Z',
  endedAt: '2024-05-11T16:00:01.350Z',
  cancelRequested: false,
  tasks: [],
};

const header = (id: string, process: RunRecord['process'], status: RunRecord['status'], createdAt: string): RunRecord => ({
  id,
  instance: 'demo',
  process,
  submissionKind: 'Manual',
  status,
  createdAt,
  cancelRequested: status === 'Canceled',
  ...(status === 'Queued' ? {} : { startedAt: createdAt }),
  ...(status === 'Queued' || status === 'Running' ? {} : { endedAt: createdAt }),
  tasks: [],
});

export const LOYAL_VALUES = [812, 820, 845, 851, 849, 870, 902, 915, 930, 928, 951, 967, 990, 1012];
export const AVG_ORDER_VALUES = [52.4, 53.1, 51.9, 54.25, 55.8, 55.1, 56.75, 58.3, 57.9, 59.45];

/** The overview of the `demo` dataset. */
export function sampleOverview(): StatusOverview {
  return {
    dataset: 'demo',
    displayName: 'Contoso Coffee (demo)',
    generatedAt: GENERATED_AT,
    processes: [
      { process: 'dataSources', lastRun: DATA_SOURCES_OK },
      { process: 'segments', lastRun: SEGMENTS_RUNNING },
      { process: 'measures' },
      { process: 'fullRefresh', lastRun: FAILED_RUN },
    ],
    recentRuns: [
      SEGMENTS_RUNNING,
      header('run_queued1', 'measures', 'Queued', '2024-05-12T08:29:00.000Z'),
      FAILED_RUN,
      DATA_SOURCES_OK,
      header('run_cancel1', 'measures', 'Canceled', '2024-05-11T09:00:00.000Z'),
      header('run_skip1', 'segments', 'Skipped', '2024-05-10T09:00:00.000Z'),
    ],
    segments: [
      { name: 'loyal', displayName: 'Loyal customers', state: 'active', history: dailyHistory(LOYAL_VALUES) },
      { name: HOSTILE_NAME, displayName: HOSTILE_NAME, state: 'active', history: dailyHistory([3, 7]) },
      { name: 'steady', displayName: 'Steady state', state: 'active', history: dailyHistory([250, 250, 250, 250, 250]) },
      { name: 'single', displayName: 'Evaluated once', state: 'active', history: dailyHistory([42]) },
      { name: 'brand_new', displayName: 'Brand new segment', state: 'inactive', history: [] },
    ],
    measures: [
      { name: 'avg_order', displayName: 'Average order value', description: 'avg(Orders.Total)', history: dailyHistory(AVG_ORDER_VALUES) },
      { name: 'revenue', displayName: 'Revenue (30 days)', description: 'sum(Orders.Total)', history: dailyHistory([1_204_500, 1_198_200, 1_250_000, 1_174_300]) },
      { name: 'churned', displayName: 'Churned customers', history: [] },
    ],
    links: overviewLinks('demo'),
  };
}

/** The detail page of `FAILED_RUN`. */
export function sampleRunDetail(): RunDetail {
  return { dataset: 'demo', displayName: 'Contoso Coffee (demo)', generatedAt: GENERATED_AT, run: FAILED_RUN, links: runDetailLinks('demo') };
}
