import type { EvaluationRecord, RunRecord, SubscriptionWithStats } from '@app/storage';
import type { ReportContext } from '../report.model';

/** Sample store records for the composer and renderer specs. Test data only; nothing in the app imports it. */

export const CONTEXT: ReportContext = {
  reportId: 'rpt_test',
  dataset: 'demo',
  datasetDisplayName: 'Contoso Coffee',
  generatedAt: '2024-05-12T08:30:00.000Z',
};

export const HOSTILE = `<img src=x onerror="alert(1)"> & 'co'`;

/** A manual full refresh whose second data source failed; the later tasks were skipped. */
export const FAILED_FULL_REFRESH: RunRecord = {
  id: 'run_full2',
  instance: 'demo',
  process: 'fullRefresh',
  submissionKind: 'Manual',
  status: 'Failed',
  createdAt: '2024-05-12T02:00:00.000Z',
  startedAt: '2024-05-12T02:00:01.000Z',
  endedAt: '2024-05-12T02:02:01.000Z',
  cancelRequested: false,
  error: { ErrorCode: 'RUN_TASKS_FAILED', ErrorMessage: '1 of 4 tasks failed.', ErrorSeverity: 'Error' },
  tasks: [
    { seq: 0, process: 'dataSources', kind: 'dataSource', name: 'pos', status: 'Successful', startedAt: '2024-05-12T02:00:01.000Z', endedAt: '2024-05-12T02:01:00.000Z', result: { rows: { Customer: 200, PosPurchases: 950 }, durationMs: 59000 } },
    {
      seq: 1,
      process: 'dataSources',
      kind: 'dataSource',
      name: 'crm',
      status: 'Failed',
      startedAt: '2024-05-12T02:01:00.000Z',
      endedAt: '2024-05-12T02:02:01.000Z',
      error: { ErrorCode: 'CDM_FOLDER_INVALID', ErrorMessage: HOSTILE, ErrorSeverity: 'Error' },
    },
    { seq: 2, process: 'segments', kind: 'segment', name: 'HighValue', status: 'Skipped' },
    { seq: 3, process: 'fullRefresh', kind: 'partitions', name: 'partitions', status: 'Skipped' },
  ],
};

/** An earlier data-source run in which both sources loaded. */
export const EARLIER_DATA_SOURCES_RUN: RunRecord = {
  id: 'run_ds1',
  instance: 'demo',
  process: 'dataSources',
  submissionKind: 'Scheduled',
  status: 'Successful',
  createdAt: '2024-05-11T02:00:00.000Z',
  startedAt: '2024-05-11T02:00:00.500Z',
  endedAt: '2024-05-11T02:00:40.000Z',
  cancelRequested: false,
  tasks: [
    { seq: 0, process: 'dataSources', kind: 'dataSource', name: 'pos', status: 'Successful', startedAt: '2024-05-11T02:00:00.500Z', endedAt: '2024-05-11T02:00:20.000Z', result: { rows: { Customer: 190 } } },
    { seq: 1, process: 'dataSources', kind: 'dataSource', name: 'crm', status: 'Successful', startedAt: '2024-05-11T02:00:20.000Z', endedAt: '2024-05-11T02:00:40.000Z', result: { rows: { Contacts: 40 } } },
  ],
};

/** A run just submitted: its tasks have not started. */
export const QUEUED_RUN: RunRecord = {
  id: 'run_queued',
  instance: 'demo',
  process: 'dataSources',
  submissionKind: 'Manual',
  status: 'Queued',
  createdAt: '2024-05-12T08:29:00.000Z',
  cancelRequested: false,
  tasks: [{ seq: 0, process: 'dataSources', kind: 'dataSource', name: 'pos', status: 'Queued' }],
};

export function evaluations(kind: 'segment' | 'measure', name: string, values: readonly number[]): EvaluationRecord[] {
  return values.map((value, i) => ({ instance: 'demo', kind, name, value, evaluatedAt: `2024-05-1${i}T02:01:00.000Z`, runId: `run_${i}` }));
}

export function subscription(overrides: Partial<SubscriptionWithStats> = {}): SubscriptionWithStats {
  return {
    id: 'sub_1',
    instance: 'demo',
    trigger: 'segmentThresholdCrossed',
    parameters: { segment: 'HighValue', threshold: 10 },
    notificationUrl: 'https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual?sig=SECRET',
    secret: 'whsec_c2VjcmV0',
    state: 'active',
    createdAt: '2024-05-01T00:00:00.000Z',
    stats: { delivered: 5, pending: 1, dead: 0, failedAttempts: 2, lastDeliveredAt: '2024-05-12T02:01:05.000Z', lastError: 'HTTP 503' },
    ...overrides,
  };
}
