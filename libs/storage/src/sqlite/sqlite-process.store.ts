import type {
  EvaluationKind,
  EvaluationRecord,
  NewRun,
  ProcessName,
  ProcessStore,
  RunCommit,
  RunError,
  RunListOptions,
  RunRecord,
  RunStatus,
  SubmissionKind,
  TaskRecord,
} from '../processes/process-store.interface';
import { NotFoundError, StorageErrorCode } from '../storage-errors';
import { SqliteDatabase } from './sqlite-database';
import { insertDeliveries } from './sqlite-webhook-rows';

const DEFAULT_RUN_LIMIT = 50;

interface RunRow {
  readonly id: string;
  readonly instance: string;
  readonly process: string;
  readonly submission_kind: string;
  readonly status: string;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly cancel_requested: number;
  readonly error: string | null;
  readonly tasks: string;
}

interface EvaluationRow {
  readonly instance: string;
  readonly kind: string;
  readonly name: string;
  readonly evaluated_at: string;
  readonly value: number;
  readonly run_id: string;
}

const RUN_COLUMNS = 'id, instance, process, submission_kind, status, created_at, started_at, ended_at, cancel_requested, error, tasks';
const EVALUATIONS = `SELECT instance, kind, name, evaluated_at, value, run_id FROM evaluations
  WHERE instance = ? AND kind = ? AND name = ? ORDER BY evaluated_at DESC, seq DESC LIMIT ?`;

/**
 * Runs, their tasks and evaluations in the gateway's SQLite file. A run's tasks are a JSON
 * array on its row (see PROCESS_WEBHOOK_DDL). `commit` and `requestCancel` read, then
 * write: they run in `BEGIN IMMEDIATE`, so a cancel from the gateway and a step from the
 * worker (two processes) serialise instead of one failing on a stale snapshot.
 */
export class SqliteProcessStore implements ProcessStore {
  private readonly commitStep: (step: RunCommit) => RunRecord;
  private readonly cancel: (instance: string, id: string, at: string) => RunRecord | undefined;

  constructor(private readonly database: SqliteDatabase) {
    const commit = database.db.transaction((step: RunCommit) => this.commitNow(step));
    const cancel = database.db.transaction((instance: string, id: string, at: string) => this.cancelNow(instance, id, at));
    this.commitStep = (step) => commit.immediate(step);
    this.cancel = (instance, id, at) => cancel.immediate(instance, id, at);
  }

  async createRun(run: NewRun): Promise<RunRecord> {
    this.database
      .statement(`INSERT INTO runs (id, instance, process, submission_kind, status, created_at) VALUES (?, ?, ?, ?, 'Queued', ?)`)
      .run(run.id, run.instance, run.process, run.submissionKind, run.createdAt);
    return this.mustGet(run.id);
  }

  async getRun(instance: string, id: string): Promise<RunRecord | undefined> {
    const row = this.database.statement(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ? AND instance = ?`).get(id, instance) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /** An empty `status` list matches no run. */
  async listRuns(instance: string, options: RunListOptions = {}): Promise<readonly RunRecord[]> {
    const limit = options.limit ?? DEFAULT_RUN_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`run list limit must be a non-negative integer, got ${limit}`);
    const conditions = ['instance = ?'];
    const params: unknown[] = [instance];
    if (options.process !== undefined) {
      conditions.push('process = ?');
      params.push(options.process);
    }
    if (options.status !== undefined) {
      if (options.status.length === 0) return [];
      conditions.push(`status IN (${placeholders(options.status.length)})`);
      params.push(...options.status);
    }
    const sql = `SELECT ${RUN_COLUMNS} FROM runs WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return (this.database.statement(sql).all(...params, limit) as RunRow[]).map(toRun);
  }

  async runsInStatus(statuses: readonly RunStatus[]): Promise<readonly RunRecord[]> {
    if (statuses.length === 0) return [];
    const sql = `SELECT ${RUN_COLUMNS} FROM runs WHERE status IN (${placeholders(statuses.length)}) ORDER BY created_at, id`;
    return (this.database.statement(sql).all(...statuses) as RunRow[]).map(toRun);
  }

  async commit(step: RunCommit): Promise<RunRecord> {
    return this.commitStep(step);
  }

  /**
   * `plannedTasks` first (the new list), then `tasks` replace their namesakes by `seq`;
   * a `seq` the run does not have is a caller bug and fails the whole step.
   */
  private commitNow(step: RunCommit): RunRecord {
    const row = this.findRow(step.runId);
    if (!row) throw new NotFoundError(StorageErrorCode.RunNotFound, `No run has id '${step.runId}'.`, 'runId');
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
    const error = run.error === undefined ? row.error : run.error === null ? null : JSON.stringify(run.error);
    this.database
      .statement('UPDATE runs SET status = ?, started_at = ?, ended_at = ?, error = ?, tasks = ? WHERE id = ?')
      .run(run.status ?? row.status, run.startedAt ?? row.started_at, run.endedAt ?? row.ended_at, error, tasks, row.id);
    const insertEvaluation = this.database.statement(
      'INSERT INTO evaluations (instance, kind, name, evaluated_at, value, run_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const e of step.evaluations ?? []) insertEvaluation.run(e.instance, e.kind, e.name, e.evaluatedAt, e.value, e.runId);
    insertDeliveries(this.database, step.deliveries ?? []);
    return this.mustGet(row.id);
  }

  /** Finished runs come back unchanged (the caller answers 409). */
  async requestCancel(instance: string, id: string, at: string): Promise<RunRecord | undefined> {
    return this.cancel(instance, id, at);
  }

  private cancelNow(instance: string, id: string, at: string): RunRecord | undefined {
    const run = this.findRow(id);
    if (!run || run.instance !== instance) return undefined;
    if (run.status === 'Queued') {
      this.database.statement("UPDATE runs SET status = 'Canceled', ended_at = ?, cancel_requested = 1 WHERE id = ?").run(at, id);
    } else if (run.status === 'Running') {
      this.database.statement('UPDATE runs SET cancel_requested = 1 WHERE id = ?').run(id);
    }
    return this.mustGet(id);
  }

  async latestEvaluation(instance: string, kind: EvaluationKind, name: string): Promise<EvaluationRecord | undefined> {
    const row = this.database.statement(EVALUATIONS).get(instance, kind, name, 1) as EvaluationRow | undefined;
    return row ? toEvaluation(row) : undefined;
  }

  async evaluationHistory(instance: string, kind: EvaluationKind, name: string, limit: number): Promise<readonly EvaluationRecord[]> {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`history limit must be a non-negative integer, got ${limit}`);
    const rows = this.database.statement(EVALUATIONS).all(instance, kind, name, limit) as EvaluationRow[];
    return rows.reverse().map(toEvaluation);
  }

  private findRow(id: string): RunRow | undefined {
    return this.database.statement(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  }

  private mustGet(id: string): RunRecord {
    const row = this.findRow(id);
    if (!row) throw new NotFoundError(StorageErrorCode.RunNotFound, `No run has id '${id}'.`, 'runId');
    return toRun(row);
  }
}

function placeholders(count: number): string {
  return new Array(count).fill('?').join(', ');
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    instance: row.instance,
    process: row.process as ProcessName,
    submissionKind: row.submission_kind as SubmissionKind,
    status: row.status as RunStatus,
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    cancelRequested: row.cancel_requested === 1,
    ...(row.error !== null ? { error: JSON.parse(row.error) as RunError } : {}),
    tasks: JSON.parse(row.tasks) as TaskRecord[],
  };
}

function toEvaluation(row: EvaluationRow): EvaluationRecord {
  return {
    instance: row.instance,
    kind: row.kind as EvaluationKind,
    name: row.name,
    evaluatedAt: row.evaluated_at,
    value: row.value,
    runId: row.run_id,
  };
}
