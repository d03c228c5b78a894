import type { DataSourceDefinition } from '@app/storage';
import { composeDataSources } from './data-sources.composer';
import { CONTEXT, EARLIER_DATA_SOURCES_RUN, FAILED_FULL_REFRESH, HOSTILE, QUEUED_RUN } from './report-fixtures';

const SOURCES: DataSourceDefinition[] = [
  { name: 'pos', kind: 'cdm', location: 'datasources/pos' },
  { name: 'CRM', kind: 'cdm', location: 'datasources/crm' },
  { name: 'orders-csv', kind: 'csv', location: 'datasources/orders.csv' },
];

describe(composeDataSources.name, () => {
  // Newest first, as the composer service passes them.
  const sut = composeDataSources(CONTEXT, SOURCES, [QUEUED_RUN, FAILED_FULL_REFRESH, EARLIER_DATA_SOURCES_RUN]);

  it('summarises the latest refresh of each data source and names the failed ones', () => {
    expect(sut).toMatchObject({
      reportType: 'dataSources',
      title: 'Data sources of Contoso Coffee (demo)',
      summary: '3 data sources: 1 Successful, 1 Failed, 1 never run. Failed: CRM.',
      counts: { Queued: 0, Running: 0, Successful: 1, Failed: 1, Skipped: 0, Canceled: 0, NeverRun: 1 },
    });
  });

  it('passes over a queued task: the latest refresh is the one that ran', () => {
    expect(sut.dataSources[0]).toEqual({
      name: 'pos',
      kind: 'cdm',
      status: 'Successful',
      runId: 'run_full2',
      submissionKind: 'Manual',
      startTime: '2024-05-12T02:00:01.000Z',
      endTime: '2024-05-12T02:01:00.000Z',
      durationMs: 59_000,
      error: null,
      lastSuccessTime: '2024-05-12T02:01:00.000Z',
      rows: { Customer: 200, PosPurchases: 950 },
      totalRows: 1150,
    });
  });

  it('shows a failed refresh with its error, and the rows still served from the last good one', () => {
    expect(sut.dataSources[1]).toEqual({
      name: 'CRM',
      kind: 'cdm',
      status: 'Failed',
      runId: 'run_full2',
      submissionKind: 'Manual',
      startTime: '2024-05-12T02:01:00.000Z',
      endTime: '2024-05-12T02:02:01.000Z',
      durationMs: 61_000,
      error: { ErrorCode: 'CDM_FOLDER_INVALID', ErrorMessage: HOSTILE, ErrorSeverity: 'Error' },
      lastSuccessTime: '2024-05-11T02:00:40.000Z',
      rows: { Contacts: 40 },
      totalRows: 40,
    });
  });

  it('marks a data source without any refresh NeverRun', () => {
    expect(sut.dataSources[2]).toEqual({
      name: 'orders-csv',
      kind: 'csv',
      status: 'NeverRun',
      runId: null,
      submissionKind: null,
      startTime: null,
      endTime: null,
      durationMs: null,
      error: null,
      lastSuccessTime: null,
      rows: {},
      totalRows: null,
    });
  });

  it('reports an instance without data sources', () => {
    expect(composeDataSources(CONTEXT, [], []).summary).toBe('0 data sources: none.');
  });
});
