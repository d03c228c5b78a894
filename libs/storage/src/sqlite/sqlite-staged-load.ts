import { EntityMetadata, sqliteDialect } from '@app/odata';
import type { ItemValue, StagedLoad } from '../storage-driver.interface';
import { ConflictError, StorageErrorCode } from '../storage-errors';
import { newEtag } from '../items/etag';
import { SqliteDatabase } from './sqlite-database';
import { SqliteCatalog } from './sqlite-catalog';
import { isPrimaryKeyViolation, writeColumn } from './sqlite-row-codec';
import { ETAG_COLUMN, createEntityIndexesSql, createEntityTableSql } from './sqlite-schema';

const q = (name: string) => sqliteDialect.quoteIdent(name);
const STAGING_SUFFIX = '__staging';

/** The staging table of `entity`: what a crash may leave behind, dropped on the next load. */
export function stagingTable(entity: EntityMetadata): string {
  return `${entity.table}${STAGING_SUFFIX}`;
}

interface Stage {
  readonly entity: EntityMetadata;
  readonly insert: ReturnType<SqliteDatabase['db']['prepare']>;
  readonly booleans: readonly number[];
  rows: number;
}

/**
 * An import into staging tables: each batch is its own short transaction (other writers
 * wait milliseconds, not the whole import), and commit swaps every entity in one
 * transaction. Until then — or after a crash — the live tables keep serving the previous rows.
 */
export class SqliteStagedLoad implements StagedLoad {
  private readonly stages = new Map<string, Stage>();
  private finished = false;
  private readonly etag = newEtag();

  constructor(
    private readonly database: SqliteDatabase,
    private readonly catalog: SqliteCatalog,
    private readonly instance: string,
    entities: readonly EntityMetadata[],
  ) {
    const db = database.db;
    for (const entity of entities) {
      const staging = { ...entity, table: stagingTable(entity) };
      db.exec(`DROP TABLE IF EXISTS ${q(staging.table)}`);
      db.exec(createEntityTableSql(staging));
      const columns = [...entity.attributes.map((a) => a.name), ETAG_COLUMN];
      const insert = db.prepare(`INSERT INTO ${q(staging.table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const booleans = entity.attributes.flatMap((a, i) => (a.type === 'Boolean' ? [i] : []));
      this.stages.set(entity.name, { entity, insert, booleans, rows: 0 });
    }
  }

  async append(entity: EntityMetadata, rows: readonly (readonly ItemValue[])[]): Promise<void> {
    const stage = this.stageOf(entity);
    const width = entity.attributes.length;
    const params: unknown[] = new Array(width + 1);
    params[width] = this.etag;
    let row: readonly ItemValue[] | undefined;
    try {
      this.database.transaction(() => {
        for (row of rows) {
          for (let i = 0; i < width; i++) params[i] = row[i];
          for (const i of stage.booleans) params[i] = writeColumn(row[i]);
          stage.insert.run(params);
        }
      });
    } catch (error) {
      if (row && isPrimaryKeyViolation(error)) {
        const key = row[entity.attributes.findIndex((a) => a.name === entity.key)];
        throw new ConflictError(StorageErrorCode.DuplicateKey, `'${entity.name}' has ${entity.key} '${String(key)}' more than once.`, entity.key);
      }
      throw error;
    }
    stage.rows += rows.length;
  }

  async commit(): Promise<ReadonlyMap<string, number>> {
    this.ensureOpen();
    const db = this.database.db;
    // Readers keep their WAL snapshot of the old tables while this runs; a crash rolls it all back.
    this.database.transaction(() => {
      for (const { entity, rows } of this.stages.values()) {
        db.exec(`DROP TABLE IF EXISTS ${q(entity.table)}`);
        db.exec(`ALTER TABLE ${q(stagingTable(entity))} RENAME TO ${q(entity.table)}`);
        for (const sql of createEntityIndexesSql(entity)) db.exec(sql);
        db.exec(`ANALYZE ${q(entity.table)}`);
        this.catalog.setLoaded(this.instance, entity, rows);
      }
    });
    this.finished = true;
    return new Map([...this.stages.values()].map((s) => [s.entity.name, s.rows]));
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    for (const { entity } of this.stages.values()) this.database.db.exec(`DROP TABLE IF EXISTS ${q(stagingTable(entity))}`);
  }

  private stageOf(entity: EntityMetadata): Stage {
    this.ensureOpen();
    const stage = this.stages.get(entity.name);
    if (!stage) throw new Error(`entity ${entity.name} is not part of this load`);
    return stage;
  }

  private ensureOpen(): void {
    if (this.finished) throw new Error('this load is already committed or aborted');
  }
}
