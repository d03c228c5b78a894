import type {
  EvaluationKind,
  EvaluationRecord,
  NewRun,
  ProcessStore,
  RunCommit,
  RunListOptions,
  RunRecord,
  RunStatus,
} from '../processes/process-store.interface';
import {
  applyStep,
  EVALUATION_COLUMNS,
  EvaluationRow,
  RUN_COLUMNS,
  runListLimit,
  runNotFound,
  RunRow,
  toEvaluation,
  toRun,
} from '../processes/process-rows';
import { checkLimit } from '../storage-checks';
import { SqliteDatabase } from './sqlite-database';
import { insertDeliveries } from './sqlite-webhook-rows';

const EVALUATIONS = `SELECT ${EVALUATION_COLUMNS} FROM evaluations
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
    const limit = runListLimit(options);
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

  /** The run row's new values come from `applyStep` (see there for the task rules). */
  private commitNow(step: RunCommit): RunRecord {
    const row = this.findRow(step.runId);
    if (!row) throw runNotFound(step.runId);
    const next = applyStep(row, step);
    this.database
      .statement('UPDATE runs SET status = ?, started_at = ?, ended_at = ?, error = ?, tasks = ? WHERE id = ?')
      .run(next.status, next.started_at, next.ended_at, next.error, next.tasks, row.id);
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
    checkLimit(limit, 'history limit');
    const rows = this.database.statement(EVALUATIONS).all(instance, kind, name, limit) as EvaluationRow[];
    return rows.reverse().map(toEvaluation);
  }

  private findRow(id: string): RunRow | undefined {
    return this.database.statement(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  }

  private mustGet(id: string): RunRecord {
    const row = this.findRow(id);
    if (!row) throw runNotFound(id);
    return toRun(row);
  }
}

function placeholders(count: number): string {
  return new Array(count).fill('?').join(', ');
}
