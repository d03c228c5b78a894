import { EntityMetadata, sqliteDialect } from '@app/odata';
import type { ItemValue, StagedLoad } from '../storage-driver.interface';
import type { ConflictError } from '../storage-errors';
import { newEtag } from '../items/etag';
import { recordColumns } from '../items/entity-table';
import { duplicateKeyError, LoadStages, StageCount } from '../items/load-stages';
import { SqliteDatabase } from './sqlite-database';
import { SqliteCatalog } from './sqlite-catalog';
import { isPrimaryKeyViolation, writeColumn } from './sqlite-row-codec';
import { createEntityIndexesSql, createEntityTableSql } from './sqlite-schema';

const q = (name: string) => sqliteDialect.quoteIdent(name);
const STAGING_SUFFIX = '__staging';

/** The staging table of `entity`: what a crash may leave behind, dropped on the next load. */
export function stagingTable(entity: EntityMetadata): string {
  return `${entity.table}${STAGING_SUFFIX}`;
}

/** Rows per INSERT statement: one call into SQLite per 64 rows halves the cost per row. */
const ROWS_PER_STATEMENT = 64;

interface Stage extends StageCount {
  readonly insert: ReturnType<SqliteDatabase['db']['prepare']>;
  readonly insertMany: ReturnType<SqliteDatabase['db']['prepare']>;
  readonly booleans: readonly number[];
}

/**
 * An import into staging tables: each batch is its own short transaction (other writers
 * wait milliseconds, not the whole import), and commit swaps every entity in one
 * transaction. Until then — or after a crash — the live tables keep serving the previous rows.
 */
export class SqliteStagedLoad implements StagedLoad {
  private readonly stages: LoadStages<Stage>;
  private readonly etag = newEtag();

  constructor(
    private readonly database: SqliteDatabase,
    private readonly catalog: SqliteCatalog,
    private readonly instance: string,
    entities: readonly EntityMetadata[],
  ) {
    const db = database.db;
    const stages = new Map<string, Stage>();
    for (const entity of entities) {
      const staging = { ...entity, table: stagingTable(entity) };
      db.exec(`DROP TABLE IF EXISTS ${q(staging.table)}`);
      db.exec(createEntityTableSql(staging));
      const columns = recordColumns(entity);
      const into = `INSERT INTO ${q(staging.table)} (${columns.map(q).join(', ')}) VALUES `;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const insert = db.prepare(into + tuple);
      const insertMany = db.prepare(into + new Array(ROWS_PER_STATEMENT).fill(tuple).join(', '));
      const booleans = entity.attributes.flatMap((a, i) => (a.type === 'Boolean' ? [i] : []));
      stages.set(entity.name, { entity, insert, insertMany, booleans, rows: 0 });
    }
    this.stages = new LoadStages(stages);
  }

  async append(entity: EntityMetadata, rows: readonly (readonly ItemValue[])[]): Promise<void> {
    const stage = this.stages.of(entity);
    try {
      // Staging rows need no fsync per batch (NORMAL in WAL never corrupts; a lost batch is
      // staging only); the commit that swaps them in runs with the connection's FULL again.
      this.database.db.pragma('synchronous = NORMAL');
      this.database.transaction(() => this.insertRows(stage, rows));
    } catch (error) {
      if (!isPrimaryKeyViolation(error)) throw error;
      throw this.duplicateIn(stage, rows) ?? error;
    } finally {
      this.database.db.pragma('synchronous = FULL');
    }
    stage.rows += rows.length;
  }

  private insertRows(stage: Stage, rows: readonly (readonly ItemValue[])[]): void {
    const width = stage.entity.attributes.length + 1;
    const many: unknown[] = new Array(width * ROWS_PER_STATEMENT);
    const one: unknown[] = new Array(width);
    let r = 0;
    for (; r + ROWS_PER_STATEMENT <= rows.length; r += ROWS_PER_STATEMENT) {
      for (let k = 0; k < ROWS_PER_STATEMENT; k++) this.bind(stage, rows[r + k], many, k * width);
      stage.insertMany.run(many);
    }
    for (; r < rows.length; r++) {
      this.bind(stage, rows[r], one, 0);
      stage.insert.run(one);
    }
  }

  private bind(stage: Stage, row: readonly ItemValue[], params: unknown[], at: number): void {
    const width = stage.entity.attributes.length;
    for (let i = 0; i < width; i++) params[at + i] = row[i];
    for (const i of stage.booleans) params[at + i] = writeColumn(row[i]);
    params[at + width] = this.etag;
  }

  /** Which key of a failed batch is a duplicate: row by row, in a transaction rolled back. */
  private duplicateIn(stage: Stage, rows: readonly (readonly ItemValue[])[]): ConflictError | undefined {
    const { entity } = stage;
    const params: unknown[] = new Array(entity.attributes.length + 1);
    const keyIndex = entity.attributes.findIndex((a) => a.name === entity.key);
    let found: ConflictError | undefined;
    try {
      this.database.transaction(() => {
        for (const row of rows) {
          this.bind(stage, row, params, 0);
          try {
            stage.insert.run(params);
          } catch (error) {
            if (!isPrimaryKeyViolation(error)) throw error;
            found = duplicateKeyError(entity, row[keyIndex]);
            break;
          }
        }
        throw found ?? new Error('no duplicate on retry');
      });
    } catch {
      // Always rolled back: the batch stays out of staging either way.
    }
    return found;
  }

  async commit(): Promise<ReadonlyMap<string, number>> {
    this.stages.ensureOpen();
    const db = this.database.db;
    // Readers keep their WAL snapshot of the old tables while this runs; a crash rolls it all back.
    this.database.transaction(() => {
      for (const { entity, rows } of this.stages.all()) {
        db.exec(`DROP TABLE IF EXISTS ${q(entity.table)}`);
        db.exec(`ALTER TABLE ${q(stagingTable(entity))} RENAME TO ${q(entity.table)}`);
        for (const sql of createEntityIndexesSql(entity)) db.exec(sql);
        db.exec(`ANALYZE ${q(entity.table)}`);
        this.catalog.setLoaded(this.instance, entity, rows);
      }
    });
    this.stages.finish();
    return this.stages.counts();
  }

  async abort(): Promise<void> {
    if (!this.stages.finish()) return;
    for (const { entity } of this.stages.all()) this.database.db.exec(`DROP TABLE IF EXISTS ${q(stagingTable(entity))}`);
  }
}
