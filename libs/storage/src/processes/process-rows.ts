import { checkLimit } from '../storage-checks';
import { NotFoundError, StorageErrorCode } from '../storage-errors';
import type {
  EvaluationKind,
  EvaluationRecord,
  ProcessName,
  RunCommit,
  RunError,
  RunListOptions,
  RunRecord,
  RunStatus,
  SubmissionKind,
  TaskRecord,
} from './process-store.interface';

/**
 * Runs and evaluations as table rows, and back, plus what a commit step makes of a run row:
 * one piece of code for both drivers. A run's tasks and error are JSON text on its row (see
 * the drivers' DDL). The SQL, its placeholders and its locking stay in each driver.
 */

const DEFAULT_RUN_LIMIT = 50;

export interface RunRow {
  readonly id: string;
  readonly instance: string;
  readonly process: string;
  readonly submission_kind: string;
  readonly status: string;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  /** SQLite has no boolean type and stores 0/1; PostgreSQL returns a boolean. */
  readonly cancel_requested: number | boolean;
  readonly error: string | null;
  readonly tasks: string;
}

export interface EvaluationRow {
  readonly instance: string;
  readonly kind: string;
  readonly name: string;
  readonly evaluated_at: string;
  readonly value: number;
  readonly run_id: string;
}

/** The columns of a {@link RunRow}, from `runs`. */
export const RUN_COLUMNS = 'id, instance, process, submission_kind, status, created_at, started_at, ended_at, cancel_requested, error, tasks';
/** The columns of an {@link EvaluationRow}, from `evaluations`. */
export const EVALUATION_COLUMNS = 'instance, kind, name, evaluated_at, value, run_id';

export function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    instance: row.instance,
    process: row.process as ProcessName,
    submissionKind: row.submission_kind as SubmissionKind,
    status: row.status as RunStatus,
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    cancelRequested: row.cancel_requested === true || row.cancel_requested === 1,
    ...(row.error !== null ? { error: JSON.parse(row.error) as RunError } : {}),
    tasks: JSON.parse(row.tasks) as TaskRecord[],
  };
}

export function toEvaluation(row: EvaluationRow): EvaluationRecord {
  return {
    instance: row.instance,
    kind: row.kind as EvaluationKind,
    name: row.name,
    evaluatedAt: row.evaluated_at,
    value: row.value,
    runId: row.run_id,
  };
}

/** The run row's updatable columns after a commit step, in the row's own encoding. */
export interface RunRowUpdate {
  readonly status: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly error: string | null;
  readonly tasks: string;
}

/**
 * What `step` makes of the run `row` (read inside the commit's transaction). `plannedTasks`
 * first (the new list), then `tasks` replace their namesakes by `seq`; a `seq` the run does
 * not have is a caller bug and fails the whole step. A run field left out keeps its value;
 * `error: null` clears the error.
 */
export function applyStep(row: RunRow, step: RunCommit): RunRowUpdate {
  let tasks = row.tasks;
  if (step.plannedTasks !== undefined || step.tasks !== undefined) {
    const list: TaskRecord[] = step.plannedTasks !== undefined ? [...step.plannedTasks] : (JSON.parse(row.tasks) as TaskRecord[]);
    for (const task of step.tasks ?? []) {
      const at = list.findIndex((t) => t.seq === task.seq);
      if (at < 0) throw new Error(`run '${step.runId}' has no task ${task.seq}`);
      list[at] = task;
    }
    tasks = JSON.stringify(list);
  }
  const run = step.run ?? {};
  return {
    status: run.status ?? row.status,
    started_at: run.startedAt ?? row.started_at,
    ended_at: run.endedAt ?? row.ended_at,
    error: run.error === undefined ? row.error : run.error === null ? null : JSON.stringify(run.error),
    tasks,
  };
}

/** How many runs `listRuns` returns: the caller's limit, checked, or 50. */
export function runListLimit(options: RunListOptions): number {
  const limit = options.limit ?? DEFAULT_RUN_LIMIT;
  checkLimit(limit, 'run list limit');
  return limit;
}

export function runNotFound(id: string): NotFoundError {
  return new NotFoundError(StorageErrorCode.RunNotFound, `No run has id '${id}'.`, 'runId');
}
