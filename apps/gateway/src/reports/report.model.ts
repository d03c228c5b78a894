import type { PresentedSubscription } from '../triggers/subscription.presenter';
import type { ProcessName, RunError, RunStatus, SubmissionKind, TaskKind } from '@app/storage';

/**
 * Status reports (§6.5): what each report type holds. A report is plain JSON, the same
 * object whether it is returned by V2, POSTed to a report webhook or rendered into an e-mail.
 *
 * ```
 * StatusReport = ReportHeader & { counts, <section> }
 * ├─ refreshStatus   processes[]    latest run of every process, with its tasks
 * ├─ dataSources     dataSources[]  last refresh of each data source, rows it loaded
 * ├─ segments        segments[]     latest EntityCount and the change since the previous one
 * ├─ measures        measures[]     latest Value and the change since the previous one
 * └─ subscriptions   subscriptions[] trigger subscriptions and their delivery health
 * ```
 */

export const REPORT_TYPES = ['refreshStatus', 'dataSources', 'segments', 'measures', 'subscriptions'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** What every report starts with. */
export interface ReportHeader<T extends ReportType> {
  /** `rpt_<random>`: lets a receiver tell a resent report from a new one. */
  readonly reportId: string;
  readonly reportType: T;
  readonly dataset: string;
  readonly datasetDisplayName: string;
  /** ISO time the report was composed. */
  readonly generatedAt: string;
  readonly title: string;
  /** One sentence for people (a chat message, an e-mail preview). */
  readonly summary: string;
}

/** Where a report is made: the dataset, the time and the id, fixed before composing. */
export interface ReportContext {
  readonly reportId: string;
  readonly dataset: string;
  readonly datasetDisplayName: string;
  readonly generatedAt: string;
}

/** A run status, or `NeverRun` for a process or data source without any run yet. */
export type ReportStatus = RunStatus | 'NeverRun';

export interface ReportTask {
  readonly seq: number;
  readonly process: ProcessName;
  readonly kind: TaskKind;
  readonly name: string;
  readonly status: RunStatus;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly error: RunError | null;
}

export interface ReportRun {
  readonly id: string;
  readonly status: RunStatus;
  readonly submissionKind: SubmissionKind;
  readonly createdAt: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly failedTasks: number;
  readonly error: RunError | null;
  /** Absolute, signed link to the run's status page (§6.3). */
  readonly statusPage: string | null;
  readonly tasks: readonly ReportTask[];
}

export interface RefreshStatusReport extends ReportHeader<'refreshStatus'> {
  /** Processes per status of their latest run. */
  readonly counts: Readonly<Record<ReportStatus, number>>;
  readonly processes: readonly { readonly process: ProcessName; readonly lastRun: ReportRun | null }[];
}

export interface DataSourceEntry {
  readonly name: string;
  readonly kind: 'cdm' | 'csv';
  /** Status of the latest refresh (running included). */
  readonly status: ReportStatus;
  readonly runId: string | null;
  readonly submissionKind: SubmissionKind | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly error: RunError | null;
  /** When the data now served was loaded: a failed refresh leaves the previous rows (§6.3). */
  readonly lastSuccessTime: string | null;
  /** Rows per entity of that last successful refresh. */
  readonly rows: Readonly<Record<string, number>>;
  readonly totalRows: number | null;
}

export interface DataSourcesReport extends ReportHeader<'dataSources'> {
  readonly counts: Readonly<Record<ReportStatus, number>>;
  readonly dataSources: readonly DataSourceEntry[];
}

/** How a value moved between the two latest evaluations. */
export interface ChangeCounts {
  readonly evaluated: number;
  readonly notEvaluated: number;
  readonly increased: number;
  readonly decreased: number;
  readonly unchanged: number;
  /** Evaluated once only: nothing to compare with yet. */
  readonly firstEvaluations: number;
}

export interface SegmentEntry {
  readonly name: string;
  readonly displayName: string;
  readonly state: 'active' | 'inactive';
  readonly entityCount: number | null;
  readonly evaluationDate: string | null;
  readonly previousEntityCount: number | null;
  readonly previousEvaluationDate: string | null;
  /** entityCount − previousEntityCount; null without two evaluations. */
  readonly change: number | null;
  /** Change in percent of the previous count (two decimals); null when that was 0. */
  readonly changePercent: number | null;
}

export interface SegmentsReport extends ReportHeader<'segments'> {
  readonly counts: ChangeCounts & { readonly segments: number };
  readonly segments: readonly SegmentEntry[];
}

export interface MeasureEntry {
  readonly name: string;
  readonly displayName: string;
  readonly value: number | null;
  /** The value formatted as the connector shows it (`1,234.5`). */
  readonly valueDisplayName: string | null;
  readonly evaluationDate: string | null;
  readonly previousValue: number | null;
  readonly previousEvaluationDate: string | null;
  readonly change: number | null;
  readonly changePercent: number | null;
}

export interface MeasuresReport extends ReportHeader<'measures'> {
  readonly counts: ChangeCounts & { readonly measures: number };
  readonly measures: readonly MeasureEntry[];
}

/** The admin API's view of a subscription (callback URL shown to its origin only). */
export type SubscriptionEntry = PresentedSubscription;

export interface SubscriptionsReport extends ReportHeader<'subscriptions'> {
  readonly counts: {
    readonly subscriptions: number;
    readonly active: number;
    readonly inactive: number;
    /** Deliveries per state, over all subscriptions. */
    readonly delivered: number;
    readonly pending: number;
    readonly dead: number;
    readonly failedAttempts: number;
  };
  readonly subscriptions: readonly SubscriptionEntry[];
}

export type StatusReport = RefreshStatusReport | DataSourcesReport | SegmentsReport | MeasuresReport | SubscriptionsReport;

/** One recipient's outcome (V2). Webhook recipients are shown redacted. */
export interface ReportDelivery {
  readonly recipient: string;
  readonly kind: 'webhook' | 'email';
  readonly status: 'delivered' | 'failed';
  readonly detail: string;
}
