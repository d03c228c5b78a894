import type { RunError } from '@app/storage';
import { formatChange, formatDuration, formatNumber, formatTime, NONE } from '../status/status-format';
import type { DataSourcesReport, MeasuresReport, RefreshStatusReport, SegmentsReport, StatusReport, SubscriptionsReport } from './report.model';

/**
 * A report as tables of text, for the e-mail renderings (`report-render.ts`). Cells are
 * plain text: the HTML renderer escapes every one of them.
 */
export interface ReportSection {
  readonly heading: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Shown instead of an empty table. */
  readonly empty: string;
  readonly links?: readonly { readonly label: string; readonly href: string }[];
}

export function reportSections(report: StatusReport): readonly ReportSection[] {
  switch (report.reportType) {
    case 'refreshStatus':
      return refreshStatusSections(report);
    case 'dataSources':
      return [dataSourcesSection(report)];
    case 'segments':
      return [segmentsSection(report)];
    case 'measures':
      return [measuresSection(report)];
    case 'subscriptions':
      return [subscriptionsSection(report)];
    default:
      return assertNever(report);
  }
}

function refreshStatusSections(report: RefreshStatusReport): ReportSection[] {
  const processes: ReportSection = {
    heading: 'Processes',
    columns: ['Process', 'Status', 'Submitted', 'Started', 'Duration', 'Failed tasks', 'Error'],
    rows: report.processes.map(({ process, lastRun: run }) =>
      run
        ? [process, run.status, run.submissionKind, time(run.startTime), duration(run.durationMs), String(run.failedTasks), error(run.error)]
        : [process, 'Never run', NONE, NONE, NONE, NONE, NONE],
    ),
    empty: 'No processes.',
    links: report.processes.flatMap(({ process, lastRun }) => (lastRun?.statusPage ? [{ label: `Status page of the latest ${process} run`, href: lastRun.statusPage }] : [])),
  };
  const tasks = report.processes.flatMap(({ process, lastRun: run }): ReportSection[] =>
    run
      ? [
          {
            heading: `Tasks of the latest ${process} run (${run.id})`,
            columns: ['Task', 'Kind', 'Status', 'Duration', 'Error'],
            rows: run.tasks.map((t) => [t.name, t.kind, t.status, duration(t.durationMs), error(t.error)]),
            empty: 'The run has no tasks.',
          },
        ]
      : [],
  );
  return [processes, ...tasks];
}

function dataSourcesSection(report: DataSourcesReport): ReportSection {
  return {
    heading: 'Data sources',
    columns: ['Data source', 'Kind', 'Status', 'Last refresh', 'Duration', 'Rows', 'Error'],
    rows: report.dataSources.map((d) => [
      d.name,
      d.kind,
      d.status === 'NeverRun' ? 'Never run' : d.status,
      time(d.endTime ?? d.startTime),
      duration(d.durationMs),
      d.totalRows === null ? NONE : formatNumber(d.totalRows),
      error(d.error),
    ]),
    empty: 'The dataset has no data sources.',
  };
}

function segmentsSection(report: SegmentsReport): ReportSection {
  return {
    heading: 'Segments',
    columns: ['Segment', 'Name', 'State', 'Members', 'Change', 'Evaluated'],
    rows: report.segments.map((s) => [s.displayName, s.name, s.state, number(s.entityCount), change(s.entityCount, s.previousEntityCount), time(s.evaluationDate)]),
    empty: 'The dataset has no segments.',
  };
}

function measuresSection(report: MeasuresReport): ReportSection {
  return {
    heading: 'Measures',
    columns: ['Measure', 'Name', 'Value', 'Change', 'Evaluated'],
    rows: report.measures.map((m) => [m.displayName, m.name, m.valueDisplayName ?? NONE, change(m.value, m.previousValue), time(m.evaluationDate)]),
    empty: 'The dataset has no measures.',
  };
}

function subscriptionsSection(report: SubscriptionsReport): ReportSection {
  return {
    heading: 'Trigger subscriptions',
    columns: ['Trigger', 'Callback', 'State', 'Delivered', 'Pending', 'Dead', 'Failed attempts', 'Last error'],
    rows: report.subscriptions.map((s) => [
      s.trigger,
      s.notificationUrl,
      s.stateReason ? `${s.state} (${s.stateReason})` : s.state,
      String(s.deliveries.delivered),
      String(s.deliveries.pending),
      String(s.deliveries.dead),
      String(s.deliveries.failedAttempts),
      s.deliveries.lastError ?? NONE,
    ]),
    empty: 'The dataset has no trigger subscriptions.',
  };
}

const time = (iso: string | null) => (iso === null ? NONE : formatTime(iso));
const duration = (ms: number | null) => (ms === null ? NONE : formatDuration(ms));
const number = (value: number | null) => (value === null ? NONE : formatNumber(value));
const error = (e: RunError | null) => (e ? `${e.ErrorCode}: ${e.ErrorMessage}` : NONE);
const change = (latest: number | null, previous: number | null) => (latest === null ? NONE : (formatChange(latest, previous ?? undefined)?.text ?? NONE));

function assertNever(value: never): never {
  throw new Error(`unknown report type ${JSON.stringify(value)}`);
}
