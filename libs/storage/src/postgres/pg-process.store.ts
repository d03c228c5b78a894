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
import { PgDatabase, Queryable } from './pg-database';
import { insertDeliveries } from './pg-webhook-rows';

const EVALUATIONS = `SELECT ${EVALUATION_COLUMNS} FROM evaluations
  WHERE instance = $1 AND kind = $2 AND name = $3 ORDER BY evaluated_at DESC, seq DESC LIMIT $4`;

/**
 * Runs, their tasks and evaluations in PostgreSQL (tables: PG_PROCESS_WEBHOOK_DDL).
 * `commit` and `requestCancel` read, then write: both lock the run row first
 * (`SELECT … FOR UPDATE`), so a cancel from the gateway and a step from the worker
 * serialise as SQLite's `BEGIN IMMEDIATE` makes them, and neither overwrites the other's
 * change with values it read before it.
 */
export class PgProcessStore implements ProcessStore {
  constructor(private readonly database: PgDatabase) {}

  async createRun(run: NewRun): Promise<RunRecord> {
    const { rows } = await this.database.query<RunRow>(
      `INSERT INTO runs (id, instance, process, submission_kind, status, created_at) VALUES ($1, $2, $3, $4, 'Queued', $5) RETURNING ${RUN_COLUMNS}`,
      [run.id, run.instance, run.process, run.submissionKind, run.createdAt],
    );
    return toRun(rows[0]);
  }

  async getRun(instance: string, id: string): Promise<RunRecord | undefined> {
    const { rows } = await this.database.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 AND instance = $2`, [id, instance]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** An empty `status` list matches no run. */
  async listRuns(instance: string, options: RunListOptions = {}): Promise<readonly RunRecord[]> {
    const limit = runListLimit(options);
    const conditions = ['instance = $1'];
    const params: unknown[] = [instance];
    if (options.process !== undefined) {
      params.push(options.process);
      conditions.push(`process = $${params.length}`);
    }
    if (options.status !== undefined) {
      if (options.status.length === 0) return [];
      params.push(options.status);
      conditions.push(`status = ANY($${params.length}::text[])`);
    }
    params.push(limit);
    const sql = `SELECT ${RUN_COLUMNS} FROM runs WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`;
    return (await this.database.query<RunRow>(sql, params)).rows.map(toRun);
  }

  async runsInStatus(statuses: readonly RunStatus[]): Promise<readonly RunRecord[]> {
    if (statuses.length === 0) return [];
    const sql = `SELECT ${RUN_COLUMNS} FROM runs WHERE status = ANY($1::text[]) ORDER BY created_at, id`;
    return (await this.database.query<RunRow>(sql, [statuses])).rows.map(toRun);
  }

  /**
   * One transaction: the run, its tasks, evaluations and deliveries, or none of them.
   * The run row's new values come from `applyStep` (see there for the task rules).
   */
  async commit(step: RunCommit): Promise<RunRecord> {
    return this.database.transaction(async (client) => {
      const row = await findRow(client, step.runId, true);
      if (!row) throw runNotFound(step.runId);
      const next = applyStep(row, step);
      await client.query('UPDATE runs SET status = $1, started_at = $2, ended_at = $3, error = $4, tasks = $5 WHERE id = $6', [
        next.status,
        next.started_at,
        next.ended_at,
        next.error,
        next.tasks,
        row.id,
      ]);
      for (const e of step.evaluations ?? []) {
        await client.query('INSERT INTO evaluations (instance, kind, name, evaluated_at, value, run_id) VALUES ($1, $2, $3, $4, $5, $6)', [
          e.instance,
          e.kind,
          e.name,
          e.evaluatedAt,
          e.value,
          e.runId,
        ]);
      }
      await insertDeliveries(client, step.deliveries ?? []);
      return mustGet(client, row.id);
    });
  }

  /** Finished runs come back unchanged (the caller answers 409). */
  async requestCancel(instance: string, id: string, at: string): Promise<RunRecord | undefined> {
    return this.database.transaction(async (client) => {
      const run = await findRow(client, id, true);
      if (!run || run.instance !== instance) return undefined;
      if (run.status === 'Queued') {
        await client.query("UPDATE runs SET status = 'Canceled', ended_at = $1, cancel_requested = true WHERE id = $2", [at, id]);
      } else if (run.status === 'Running') {
        await client.query('UPDATE runs SET cancel_requested = true WHERE id = $1', [id]);
      }
      return mustGet(client, id);
    });
  }

  async latestEvaluation(instance: string, kind: EvaluationKind, name: string): Promise<EvaluationRecord | undefined> {
    const { rows } = await this.database.query<EvaluationRow>(EVALUATIONS, [instance, kind, name, 1]);
    return rows[0] ? toEvaluation(rows[0]) : undefined;
  }

  async evaluationHistory(instance: string, kind: EvaluationKind, name: string, limit: number): Promise<readonly EvaluationRecord[]> {
    checkLimit(limit, 'history limit');
    const { rows } = await this.database.query<EvaluationRow>(EVALUATIONS, [instance, kind, name, limit]);
    return rows.reverse().map(toEvaluation);
  }
}

async function findRow(client: Queryable, id: string, forUpdate: boolean): Promise<RunRow | undefined> {
  const { rows } = await client.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

async function mustGet(client: Queryable, id: string): Promise<RunRecord> {
  const row = await findRow(client, id, false);
  if (!row) throw runNotFound(id);
  return toRun(row);
}
