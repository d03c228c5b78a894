import { AttributeMetadata, BoundQuery, EntityMetadata, SqlCompiler, sqliteDialect, StorageValue } from '@app/odata';
import type { ItemRecord, ItemsPage, ItemValue, ItemValues, PageRequest } from '../storage-driver.interface';
import { ConflictError, StorageErrorCode } from '../storage-errors';
import { newEtag } from '../items/etag';
import { ETAG_COLUMN, recordColumns } from '../items/entity-table';
import { changedAttributes, checkPrecondition, itemNotFound, newItemKey } from '../items/item-writes';
import { keysetScan } from '../items/keyset-scan';
import { planPageRead } from '../items/page-read';
import { RawRow, toRecord } from '../items/row-record';
import { SqliteDatabase } from './sqlite-database';
import { SqliteCatalog } from './sqlite-catalog';
import { readColumn, writeColumn, needsSafeIntegers, isPrimaryKeyViolation } from './sqlite-row-codec';
import { createEntityIndexesSql } from './sqlite-schema';

const q = (name: string) => sqliteDialect.quoteIdent(name);

/** Entity rows in SQLite. SQL text comes from the OData compiler or from entity metadata only. */
export class SqliteItems {
  private readonly compiler = new SqlCompiler(sqliteDialect);

  constructor(
    private readonly database: SqliteDatabase,
    private readonly catalog: SqliteCatalog,
  ) {}

  query(query: BoundQuery, page: PageRequest): ItemsPage {
    const read = planPageRead(query, page, readColumn);
    const fragment = this.compiler.select(read.query, read.page);
    return read.toPage(this.run(fragment.text, read.attributes).all(...fragment.params) as RawRow[]);
  }

  count(query: BoundQuery): number {
    const maintained = query.filter ? undefined : this.catalog.rowCount(query.entity);
    if (maintained !== undefined) return maintained;
    const fragment = this.compiler.count(query);
    const row = this.database.statement(fragment.text).get(...fragment.params) as Record<string, number>;
    return Number(Object.values(row)[0]);
  }

  get(entity: EntityMetadata, key: StorageValue): ItemRecord | undefined {
    const sql = `SELECT ${recordColumns(entity).map(q).join(', ')} FROM ${q(entity.table)} WHERE ${q(entity.key)} = ?`;
    const row = this.run(sql, entity.attributes).get(writeColumn(key)) as RawRow | undefined;
    return row ? toRecord(readColumn, entity.attributes, row) : undefined;
  }

  create(instance: string, entity: EntityMetadata, values: ItemValues): ItemRecord {
    const key = newItemKey(entity, values);
    const row = { ...values, [entity.key]: key };
    const columns = recordColumns(entity);
    const sql = `INSERT INTO ${q(entity.table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    const params = [...entity.attributes.map((a) => writeColumn(row[a.name])), newEtag()];
    this.database.transaction(() => {
      try {
        this.database.statement(sql).run(...params);
      } catch (error) {
        if (isPrimaryKeyViolation(error)) {
          throw new ConflictError(StorageErrorCode.DuplicateKey, `A record with ${entity.key} '${String(key)}' already exists.`, entity.key);
        }
        throw error;
      }
      this.catalog.adjustRowCount(instance, entity, 1);
    });
    return this.mustGet(entity, key);
  }

  update(entity: EntityMetadata, key: StorageValue, values: ItemValues, ifMatch?: readonly string[]): ItemRecord {
    const changed = changedAttributes(entity, key, values);
    return this.database.transaction(() => {
      const current = this.mustGet(entity, key);
      checkPrecondition(current, ifMatch);
      if (changed.length === 0) return current;
      const assignments = [...changed.map((a) => `${q(a.name)} = ?`), `${q(ETAG_COLUMN)} = ?`].join(', ');
      const sql = `UPDATE ${q(entity.table)} SET ${assignments} WHERE ${q(entity.key)} = ?`;
      this.database.statement(sql).run(...changed.map((a) => writeColumn(values[a.name])), newEtag(), writeColumn(key));
      this.catalog.touch(entity);
      return this.mustGet(entity, key);
    });
  }

  delete(instance: string, entity: EntityMetadata, key: StorageValue, ifMatch?: readonly string[]): void {
    this.database.transaction(() => {
      checkPrecondition(this.mustGet(entity, key), ifMatch);
      this.database.statement(`DELETE FROM ${q(entity.table)} WHERE ${q(entity.key)} = ?`).run(writeColumn(key));
      this.catalog.adjustRowCount(instance, entity, -1);
    });
  }

  /**
   * Keyset batches (`keysetScan`) rather than one open iterator: better-sqlite3 keeps the
   * connection busy while an iterator is open, and writes must go on between batches.
   */
  async *scan(entity: EntityMetadata, batchSize: number): AsyncIterable<readonly (readonly ItemValue[])[]> {
    const columns = entity.attributes.map((a) => q(a.name)).join(', ');
    const first = this.run(`SELECT ${columns} FROM ${q(entity.table)} ORDER BY ${q(entity.key)} LIMIT ?`, entity.attributes);
    const next = this.run(`SELECT ${columns} FROM ${q(entity.table)} WHERE ${q(entity.key)} > ? ORDER BY ${q(entity.key)} LIMIT ?`, entity.attributes);
    yield* keysetScan(entity, batchSize, readColumn, (after) => (after === undefined ? first.all(batchSize) : next.all(after, batchSize)) as RawRow[]);
  }

  /**
   * Swaps an entity's rows in one transaction: a failure leaves the previous rows serving.
   * Secondary indexes are dropped and rebuilt around the load, which is several times
   * faster than maintaining them row by row.
   */
  replaceRows(instance: string, entity: EntityMetadata, rows: Iterable<readonly ItemValue[]>): number {
    const db = this.database.db;
    const columns = recordColumns(entity);
    const insert = db.prepare(
      `INSERT INTO ${q(entity.table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const booleans = entity.attributes.flatMap((a, i) => (a.type === 'Boolean' ? [i] : []));
    const etag = newEtag();
    return this.database.transaction(() => {
      for (const name of this.secondaryIndexes(entity)) db.exec(`DROP INDEX ${q(name)}`);
      db.exec(`DELETE FROM ${q(entity.table)}`);
      const params: unknown[] = new Array(columns.length);
      params[columns.length - 1] = etag;
      let count = 0;
      for (const row of rows) {
        for (let i = 0; i < row.length; i++) params[i] = row[i];
        for (const i of booleans) params[i] = writeColumn(row[i]);
        insert.run(params);
        count++;
      }
      for (const sql of createEntityIndexesSql(entity)) db.exec(sql);
      // Fresh statistics (sampled, so cheap) let the planner pick the equality index over the key order.
      db.exec(`ANALYZE ${q(entity.table)}`);
      this.catalog.setLoaded(instance, entity, count);
      return count;
    });
  }

  private secondaryIndexes(entity: EntityMetadata): string[] {
    const rows = this.database.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(entity.table) as { name: string }[];
    return rows.map((r) => r.name);
  }

  private mustGet(entity: EntityMetadata, key: StorageValue): ItemRecord {
    const record = this.get(entity, key);
    if (!record) throw itemNotFound(entity, key);
    return record;
  }

  /** Rows are read as arrays (`raw`): building one object per row in the driver cost ~40 % of a 1000-row page. */
  private run(sql: string, attributes: readonly AttributeMetadata[]) {
    return this.database.statement(sql).safeIntegers(needsSafeIntegers(attributes)).raw(true);
  }
}
