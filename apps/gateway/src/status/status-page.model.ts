import type { EvaluationRecord, ProcessName, RunRecord, TaskRecord } from '@app/storage';

/**
 * View models of the status page (§6.3): `GET /status/{dataset}` (overview) and
 * `GET /status/{dataset}/runs/{id}` (one run). The renderers take these and nothing
 * else, so they stay pure: the controller reads the store, builds a model, renders.
 *
 * Everything is plain data in the store's own shapes (a `RunRecord` from `listRuns` or
 * an `EvaluationRecord[]` from `evaluationHistory` can be passed as is), plus links
 * the controller makes, because only it knows how the viewer got in (credential or
 * signed token, see `status-links.ts`).
 *
 * ```
 * StatusOverview
 * ├─ processes[]   one row per process: its latest run (if any)
 * ├─ recentRuns[]  newest first
 * ├─ segments[]    history oldest first; the last point is the latest evaluation
 * ├─ measures[]    idem
 * └─ links         ready-made hrefs (already carrying `?token=…` when needed)
 * ```
 */

/**
 * A run as the overview lists it: the header of a `RunRecord` (a whole `RunRecord`
 * fits). With `tasks`, the number of failed tasks is shown.
 */
export type RunSummary = Pick<RunRecord, 'id' | 'process' | 'status' | 'submissionKind' | 'createdAt' | 'startedAt' | 'endedAt' | 'error'> & {
  readonly tasks?: readonly Pick<TaskRecord, 'status'>[];
};

/** One evaluation of a segment (`value` = EntityCount) or a measure (`value` = Value). */
export type EvaluationPoint = Pick<EvaluationRecord, 'evaluatedAt' | 'value' | 'runId'>;

/** A process row of the overview. */
export interface ProcessStatus {
  readonly process: ProcessName;
  /** The newest run of the process; absent when it never ran. */
  readonly lastRun?: RunSummary;
}

/** A segment and its evaluations. */
export interface SegmentStatus {
  readonly name: string;
  readonly displayName: string;
  /** Inactive segments are kept but not evaluated. */
  readonly state: 'active' | 'inactive';
  /**
   * Evaluations, oldest first, as `ProcessStore.evaluationHistory` returns them. The last
   * one is the latest (EntityCount, EvaluationDate); the change is against the one before.
   */
  readonly history: readonly EvaluationPoint[];
}

/** A business measure and its evaluations. */
export interface MeasureStatus {
  readonly name: string;
  readonly displayName: string;
  /** What is aggregated, shown under the name, e.g. `sum(Orders.Total)`; optional. */
  readonly description?: string;
  /** Oldest first; the last one is the latest value. */
  readonly history: readonly EvaluationPoint[];
}

/** Hrefs of the overview page. Each is used verbatim (and HTML-escaped) in `href`. */
export interface OverviewLinks {
  /** This page (the "refresh" link in the header). */
  readonly self: string;
  /** The detail page of run `id`. */
  run(id: string): string;
}

/** Hrefs of the run-detail page. */
export interface RunDetailLinks {
  /** Back to the dataset's overview. */
  readonly overview: string;
}

/** `GET /status/{dataset}`. */
export interface StatusOverview {
  /** The dataset (instance) name, e.g. `demo`. */
  readonly dataset: string;
  readonly displayName: string;
  /** ISO time the page was made; a running run's duration is measured up to it. */
  readonly generatedAt: string;
  /** One row per process, in the order given (usually `PROCESS_NAMES`). */
  readonly processes: readonly ProcessStatus[];
  /** Newest first. */
  readonly recentRuns: readonly RunSummary[];
  readonly segments: readonly SegmentStatus[];
  readonly measures: readonly MeasureStatus[];
  readonly links: OverviewLinks;
}

/** `GET /status/{dataset}/runs/{id}`. */
export interface RunDetail {
  readonly dataset: string;
  readonly displayName: string;
  /** ISO time the page was made. */
  readonly generatedAt: string;
  /** The run with its tasks, as `ProcessStore.getRun` returns it. */
  readonly run: RunRecord;
  readonly links: RunDetailLinks;
}
