import { randomUUID } from 'node:crypto';
import { AttributeMetadata, BoundQuery, EntityMetadata, SqlCompiler, sqliteDialect, StorageValue } from '@app/odata';
import type { ItemRecord, ItemsPage, ItemValue, ItemValues, PageRequest } from '../storage-driver.interface';
import { ConflictError, NotFoundError, PreconditionFailedError, StorageErrorCode, ItemValidationError } from '../storage-errors';
import { newEtag, etagMatches } from '../items/etag';
import { SqliteDatabase } from './sqlite-database';
import { SqliteCatalog } from './sqlite-catalog';
import { readColumn, writeColumn, needsSafeIntegers, isPrimaryKeyViolation } from './sqlite-row-codec';
import { ETAG_COLUMN, createEntityIndexesSql } from './sqlite-schema';

/** Rows are read as arrays (`raw`): building one object per row in the driver cost ~40 % of a 1000-row page. */
type RawRow = readonly unknown[];
const q = (name: string) => sqliteDialect.quoteIdent(name);
/** A pseudo attribute so the compiler selects the version column with the data. */
const ETAG_ATTRIBUTE: AttributeMetadata = { name: ETAG_COLUMN, displayName: ETAG_COLUMN, type: 'String', nullable: false };

/** Entity rows in SQLite. SQL text comes from the OData compiler or from entity metadata only. */
export class SqliteItems {
  private readonly compiler = new SqlCompiler(sqliteDialect);

  constructor(
    private readonly database: SqliteDatabase,
    private readonly catalog: SqliteCatalog,
  ) {}

  query(query: BoundQuery, page: PageRequest): ItemsPage {
    const sortAttributes = query.orderBy.map((o) => o.property.attribute);
    // The selected columns come first, then sort columns not selected, then the version.
    const read = unionAttributes(query.select, sortAttributes);
    // One row more than asked tells whether another page exists, without a count.
    const fragment = this.compiler.select({ ...query, select: [...read, ETAG_ATTRIBUTE] }, { ...page, limit: page.limit + 1 });
    const rows = this.run(fragment.text, read).all(...fragment.params) as RawRow[];
    const hasMore = rows.length > page.limit;
    if (hasMore) rows.length = page.limit;
    const records = rows.map((row) => toRecord(query.select, row, read.length));
    const last = rows[rows.length - 1];
    const sortColumns = sortAttributes.map((a) => read.findIndex((r) => r.name === a.name));
    return {
      records,
      hasMore,
      ...(last ? { lastSortValues: sortAttributes.map((a, i) => readColumn(a, last[sortColumns[i]])) } : {}),
    };
  }

  count(query: BoundQuery): number {
    const maintained = query.filter ? undefined : this.catalog.rowCount(query.entity);
    if (maintained !== undefined) return maintained;
    const fragment = this.compiler.count(query);
    const row = this.database.statement(fragment.text).get(...fragment.params) as Record<string, number>;
    return Number(Object.values(row)[0]);
  }

  get(entity: EntityMetadata, key: StorageValue): ItemRecord | undefined {
    const columns = [...entity.attributes.map((a) => q(a.name)), q(ETAG_COLUMN)].join(', ');
    const sql = `SELECT ${columns} FROM ${q(entity.table)} WHERE ${q(entity.key)} = ?`;
    const row = this.run(sql, entity.attributes).get(writeColumn(key)) as RawRow | undefined;
    return row ? toRecord(entity.attributes, row, entity.attributes.length) : undefined;
  }

  create(instance: string, entity: EntityMetadata, values: ItemValues): ItemRecord {
    const key = values[entity.key] ?? (entity.keyGenerated ? randomUUID() : undefined);
    if (key === undefined || key === null) throw new ItemValidationError(`Field '${entity.key}' is required.`, entity.key);
    const row = { ...values, [entity.key]: key };
    const columns = [...entity.attributes.map((a) => a.name), ETAG_COLUMN];
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
    const bodyKey = values[entity.key];
    if (bodyKey !== undefined && bodyKey !== key) {
      throw new ItemValidationError(`Field '${entity.key}' is the key and cannot be changed.`, entity.key);
    }
    const changed = entity.attributes.filter((a) => a.name !== entity.key && values[a.name] !== undefined);
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
   * Keyset batches rather than one open iterator: better-sqlite3 keeps the connection busy
   * while an iterator is open, and writes must go on between batches.
   */
  async *scan(entity: EntityMetadata, batchSize: number): AsyncIterable<readonly (readonly ItemValue[])[]> {
    const columns = entity.attributes.map((a) => q(a.name)).join(', ');
    const first = this.run(`SELECT ${columns} FROM ${q(entity.table)} ORDER BY ${q(entity.key)} LIMIT ?`, entity.attributes);
    const next = this.run(`SELECT ${columns} FROM ${q(entity.table)} WHERE ${q(entity.key)} > ? ORDER BY ${q(entity.key)} LIMIT ?`, entity.attributes);
    const keyIndex = entity.attributes.findIndex((a) => a.name === entity.key);
    let last: unknown;
    for (;;) {
      const rows = (last === undefined ? first.all(batchSize) : next.all(last, batchSize)) as RawRow[];
      if (rows.length === 0) return;
      last = rows[rows.length - 1][keyIndex];
      yield rows.map((row) => entity.attributes.map((a, i) => readColumn(a, row[i])));
      if (rows.length < batchSize) return;
    }
  }

  /**
   * Swaps an entity's rows in one transaction: a failure leaves the previous rows serving.
   * Secondary indexes are dropped and rebuilt around the load, which is several times
   * faster than maintaining them row by row.
   */
  replaceRows(instance: string, entity: EntityMetadata, rows: Iterable<readonly ItemValue[]>): number {
    const db = this.database.db;
    const columns = [...entity.attributes.map((a) => a.name), ETAG_COLUMN];
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
    if (!record) {
      throw new NotFoundError(StorageErrorCode.ItemNotFound, `No record of '${entity.name}' has ${entity.key} '${String(key)}'.`, entity.key);
    }
    return record;
  }

  private run(sql: string, attributes: readonly AttributeMetadata[]) {
    return this.database.statement(sql).safeIntegers(needsSafeIntegers(attributes)).raw(true);
  }
}

function unionAttributes(a: readonly AttributeMetadata[], b: readonly AttributeMetadata[]): AttributeMetadata[] {
  const seen = new Set(a.map((x) => x.name));
  return [...a, ...b.filter((x) => !seen.has(x.name))];
}

/**
 * A record as a converted value array: no per-record object with named properties unless a
 * caller reads `values` (built once, on demand). Full reads serialise millions of these.
 */
class RowRecord implements ItemRecord {
  private materialised?: Record<string, ItemValue>;

  constructor(
    readonly columns: readonly ItemValue[],
    readonly layout: readonly AttributeMetadata[],
    readonly etag: string,
  ) {}

  get values(): Readonly<Record<string, ItemValue>> {
    if (!this.materialised) {
      const values: Record<string, ItemValue> = {};
      for (let i = 0; i < this.layout.length; i++) values[this.layout[i].name] = this.columns[i];
      this.materialised = values;
    }
    return this.materialised;
  }
}

/** `attributes` are the row's leading columns, in order; the version is at `etagColumn`. */
function toRecord(attributes: readonly AttributeMetadata[], row: RawRow, etagColumn: number): ItemRecord {
  const columns = new Array<ItemValue>(attributes.length);
  for (let i = 0; i < attributes.length; i++) columns[i] = readColumn(attributes[i], row[i]);
  return new RowRecord(columns, attributes, String(row[etagColumn]));
}

function checkPrecondition(current: ItemRecord, ifMatch: readonly string[] | undefined): void {
  if (ifMatch && !etagMatches(current.etag, ifMatch)) {
    throw new PreconditionFailedError(StorageErrorCode.EtagMismatch, 'The record has changed since it was read (If-Match does not match its ETag).');
  }
}
