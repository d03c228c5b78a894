import { composeRefreshStatus } from './refresh-status.composer';
import { CONTEXT, FAILED_FULL_REFRESH, HOSTILE } from './report-fixtures';

describe(composeRefreshStatus.name, () => {
  const sut = composeRefreshStatus(
    CONTEXT,
    [{ process: 'dataSources' }, { process: 'segments' }, { process: 'measures' }, { process: 'fullRefresh', run: FAILED_FULL_REFRESH }],
    (id) => `https://gw.example.com/status/demo/runs/${id}?token=t`,
  );

  it('starts with the header every report has', () => {
    expect(sut).toMatchObject({
      reportId: 'rpt_test',
      reportType: 'refreshStatus',
      dataset: 'demo',
      datasetDisplayName: 'Contoso Coffee',
      generatedAt: '2024-05-12T08:30:00.000Z',
      title: 'Refresh status of Contoso Coffee (demo)',
      summary: '4 processes: 1 Failed, 3 never run. Failed: fullRefresh.',
    });
  });

  it('counts the processes by the status of their latest run, every status present', () => {
    expect(sut.counts).toEqual({ Queued: 0, Running: 0, Successful: 0, Failed: 1, Skipped: 0, Canceled: 0, NeverRun: 3 });
  });

  it('lists every process in the given order; one that never ran has lastRun null', () => {
    expect(sut.processes.map((p) => [p.process, p.lastRun?.status ?? null])).toEqual([
      ['dataSources', null],
      ['segments', null],
      ['measures', null],
      ['fullRefresh', 'Failed'],
    ]);
  });

  it('shows the run with durations, failed tasks, its error and its status-page link', () => {
    const { tasks, ...run } = sut.processes[3].lastRun!;
    expect(run).toEqual({
      id: 'run_full2',
      status: 'Failed',
      submissionKind: 'Manual',
      createdAt: '2024-05-12T02:00:00.000Z',
      startTime: '2024-05-12T02:00:01.000Z',
      endTime: '2024-05-12T02:02:01.000Z',
      durationMs: 120_000,
      failedTasks: 1,
      error: { ErrorCode: 'RUN_TASKS_FAILED', ErrorMessage: '1 of 4 tasks failed.', ErrorSeverity: 'Error' },
      statusPage: 'https://gw.example.com/status/demo/runs/run_full2?token=t',
    });
    expect(tasks[1]).toEqual({
      seq: 1,
      process: 'dataSources',
      kind: 'dataSource',
      name: 'crm',
      status: 'Failed',
      startTime: '2024-05-12T02:01:00.000Z',
      endTime: '2024-05-12T02:02:01.000Z',
      durationMs: 61_000,
      error: { ErrorCode: 'CDM_FOLDER_INVALID', ErrorMessage: HOSTILE, ErrorSeverity: 'Error' },
    });
    // A task that never ran has no times; task results (row counts) stay out of this report.
    expect(tasks[2]).toEqual({ seq: 2, process: 'segments', kind: 'segment', name: 'HighValue', status: 'Skipped', startTime: null, endTime: null, durationMs: null, error: null });
  });

  it('leaves statusPage null without a link maker, and says so when nothing ever ran', () => {
    const none = composeRefreshStatus(CONTEXT, [{ process: 'fullRefresh', run: FAILED_FULL_REFRESH }]);
    expect(none.processes[0].lastRun?.statusPage).toBeNull();
    expect(composeRefreshStatus(CONTEXT, [{ process: 'segments' }]).summary).toBe('1 process: 1 never run.');
  });
});
