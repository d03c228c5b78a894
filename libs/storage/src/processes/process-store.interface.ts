/**
 * Runs of the processes of §2/§6.3 and what they evaluate, as the store keeps them.
 * The store knows no cron, no OData and no HTTP: the gateway's run service drives it.
 */
import type { NewDelivery } from '../webhooks/webhook-store.interface';

export const PROCESS_NAMES = ['dataSources', 'segments', 'measures', 'fullRefresh'] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];

export const RUN_STATUSES = ['Queued', 'Running', 'Successful', 'Failed', 'Skipped', 'Canceled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type SubmissionKind = 'Manual' | 'Scheduled';

/** What a task works on: one data source, one segment, one measure, or the partition rewrite. */
export type TaskKind = 'dataSource' | 'segment' | 'measure' | 'partitions';

/** The connector's error triple (§2). */
export interface RunError {
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
  readonly ErrorSeverity: 'Error' | 'Warning';
}

export interface TaskRecord {
  /** Position in the run (0-based): tasks are planned when the run starts and run in this order. */
  readonly seq: number;
  /** The process the task belongs to (inside a full refresh: `dataSources`, `segments`, `measures`). */
  readonly process: ProcessName;
  readonly kind: TaskKind;
  /** The data source, segment or measure name (`partitions` for the rewrite). */
  readonly name: string;
  readonly status: RunStatus;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly error?: RunError;
  /** Task-specific numbers, e.g. `{ rows: {...} }` or `{ value: 512 }`: JSON-serialisable. */
  readonly result?: Readonly<Record<string, unknown>>;
}

export interface RunRecord {
  /** `run_<random>`: unguessable, since it appears in status-page links. */
  readonly id: string;
  readonly instance: string;
  readonly process: ProcessName;
  readonly submissionKind: SubmissionKind;
  readonly status: RunStatus;
  /** ISO times. */
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly cancelRequested: boolean;
  readonly error?: RunError;
  readonly tasks: readonly TaskRecord[];
}

export interface NewRun {
  readonly id: string;
  readonly instance: string;
  readonly process: ProcessName;
  readonly submissionKind: SubmissionKind;
  readonly createdAt: string;
}

export type EvaluationKind = 'segment' | 'measure';

/** One evaluation of a segment (value = EntityCount) or a measure (value = Value). */
export interface EvaluationRecord {
  readonly instance: string;
  readonly kind: EvaluationKind;
  readonly name: string;
  readonly evaluatedAt: string;
  readonly value: number;
  readonly runId: string;
}

/**
 * Everything one step of a run changes, written in ONE transaction (§6.2): a task's result,
 * the evaluation it produced, the run's new state, and the deliveries of the events it
 * caused. A crash leaves either all of it or none.
 */
export interface RunCommit {
  readonly runId: string;
  readonly run?: {
    readonly status?: RunStatus;
    readonly startedAt?: string;
    readonly endedAt?: string;
    readonly error?: RunError | null;
  };
  /** Replaces the run's task list (when the run starts and its tasks are planned). */
  readonly plannedTasks?: readonly TaskRecord[];
  /** Updates tasks by `seq`. */
  readonly tasks?: readonly TaskRecord[];
  readonly evaluations?: readonly EvaluationRecord[];
  readonly deliveries?: readonly NewDelivery[];
}

export interface RunListOptions {
  readonly process?: ProcessName;
  readonly status?: readonly RunStatus[];
  /** Newest first; default 50. */
  readonly limit?: number;
}

export interface ProcessStore {
  createRun(run: NewRun): Promise<RunRecord>;
  getRun(instance: string, id: string): Promise<RunRecord | undefined>;
  /** Newest first (by createdAt, then id). */
  listRuns(instance: string, options?: RunListOptions): Promise<readonly RunRecord[]>;
  /** Runs of every instance in one of `statuses`, oldest first (recovery at start). */
  runsInStatus(statuses: readonly RunStatus[]): Promise<readonly RunRecord[]>;
  commit(step: RunCommit): Promise<RunRecord>;
  /** Sets `cancelRequested`; a queued run becomes `Canceled` at once (with endedAt). Returns the run after. */
  requestCancel(instance: string, id: string, at: string): Promise<RunRecord | undefined>;

  /** The latest evaluation, or undefined before the first. */
  latestEvaluation(instance: string, kind: EvaluationKind, name: string): Promise<EvaluationRecord | undefined>;
  /** The latest `limit` evaluations, oldest first (for charts). */
  evaluationHistory(instance: string, kind: EvaluationKind, name: string, limit: number): Promise<readonly EvaluationRecord[]>;
}
