import type { PoolClient } from 'pg';
import { BoundQuery, EntityMetadata, postgresDialect, SqlCompiler, StorageValue } from '@app/odata';
import type { ItemRecord, ItemsPage, ItemValue, ItemValues, PageRequest } from '../storage-driver.interface';
import { ConflictError, StorageErrorCode } from '../storage-errors';
import { newEtag } from '../items/etag';
import { ETAG_COLUMN, recordColumns } from '../items/entity-table';
import { changedAttributes, checkPrecondition, itemNotFound, newItemKey } from '../items/item-writes';
import { keysetScan } from '../items/keyset-scan';
import { planPageRead } from '../items/page-read';
import { toRecord } from '../items/row-record';
import { isUniqueViolation, PgDatabase } from './pg-database';
import { PgCatalog } from './pg-catalog';
import { insertRows, queryArrays, readColumn, writeColumn } from './pg-row-codec';
import { createStaging, lockEntityLoad, stagingEntity, swapIn } from './pg-staged-load';

const q = (name: string) => postgresDialect.quoteIdent(name);
/** Rows handed to one `insertRows` call while `replaceRows` drains its iterable. */
const REPLACE_BATCH = 5000;

/** Entity rows in PostgreSQL. SQL text comes from the OData compiler or from entity metadata only. */
export class PgItems {
  private readonly compiler = new SqlCompiler(postgresDialect);

  constructor(
    private readonly database: PgDatabase,
    private readonly catalog: PgCatalog,
  ) {}

  async query(query: BoundQuery, page: PageRequest): Promise<ItemsPage> {
    const read = planPageRead(query, page, readColumn);
    const fragment = this.compiler.select(read.query, read.page);
    return read.toPage(await queryArrays(this.database.pool, fragment.text, fragment.params));
  }

  async count(query: BoundQuery): Promise<number> {
    const maintained = query.filter ? undefined : await this.catalog.rowCount(query.entity);
    if (maintained !== undefined) return maintained;
    const fragment = this.compiler.count(query);
    const [row] = await queryArrays(this.database.pool, fragment.text, fragment.params);
    return Number(row[0]);
  }

  get(entity: EntityMetadata, key: StorageValue): Promise<ItemRecord | undefined> {
    return this.read(this.database.pool, entity, key, false);
  }

  async create(instance: string, entity: EntityMetadata, values: ItemValues): Promise<ItemRecord> {
    const key = newItemKey(entity, values);
    const row = { ...values, [entity.key]: key };
    const columns = recordColumns(entity);
    const sql = `INSERT INTO ${q(entity.table)} (${columns.map(q).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${returning(entity)}`;
    const params = [...entity.attributes.map((a) => writeColumn(row[a.name])), newEtag()];
    const [created] = await this.database.transaction(async (client) => {
      let inserted: unknown[][];
      try {
        inserted = await queryArrays(client, sql, params);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(StorageErrorCode.DuplicateKey, `A record with ${entity.key} '${String(key)}' already exists.`, entity.key);
        }
        throw error;
      }
      await this.catalog.adjustRowCount(client, instance, entity, 1);
      return inserted;
    });
    return toRecord(readColumn, entity.attributes, created);
  }

  /** The row is locked (`FOR UPDATE`) from the If-Match check to the write: another replica's write waits. */
  async update(entity: EntityMetadata, key: StorageValue, values: ItemValues, ifMatch?: readonly string[]): Promise<ItemRecord> {
    const changed = changedAttributes(entity, key, values);
    return this.database.transaction(async (client) => {
      const current = await this.mustRead(client, entity, key);
      checkPrecondition(current, ifMatch);
      if (changed.length === 0) return current;
      const assignments = [...changed.map((a, i) => `${q(a.name)} = $${i + 1}`), `${q(ETAG_COLUMN)} = $${changed.length + 1}`].join(', ');
      const sql = `UPDATE ${q(entity.table)} SET ${assignments} WHERE ${q(entity.key)} = $${changed.length + 2} RETURNING ${returning(entity)}`;
      const [updated] = await queryArrays(client, sql, [...changed.map((a) => writeColumn(values[a.name])), newEtag(), writeColumn(key)]);
      await this.catalog.touch(client, entity);
      return toRecord(readColumn, entity.attributes, updated);
    });
  }

  async delete(instance: string, entity: EntityMetadata, key: StorageValue, ifMatch?: readonly string[]): Promise<void> {
    await this.database.transaction(async (client) => {
      checkPrecondition(await this.mustRead(client, entity, key), ifMatch);
      await client.query(`DELETE FROM ${q(entity.table)} WHERE ${q(entity.key)} = $1`, [writeColumn(key)]);
      await this.catalog.adjustRowCount(client, instance, entity, -1);
    });
  }

  /** Keyset batches (see `keysetScan`): no connection or snapshot is held between batches. */
  async *scan(entity: EntityMetadata, batchSize: number): AsyncIterable<readonly (readonly ItemValue[])[]> {
    const columns = entity.attributes.map((a) => q(a.name)).join(', ');
    const first = `SELECT ${columns} FROM ${q(entity.table)} ORDER BY ${q(entity.key)} LIMIT $1`;
    const next = `SELECT ${columns} FROM ${q(entity.table)} WHERE ${q(entity.key)} > $2 ORDER BY ${q(entity.key)} LIMIT $1`;
    yield* keysetScan(entity, batchSize, readColumn, (after) =>
      queryArrays(this.database.pool, after === undefined ? first : next, after === undefined ? [batchSize] : [batchSize, after]),
    );
  }

  /**
   * Replaces an entity's rows in one transaction: the rows go to a fresh copy of the table,
   * which is swapped in at the end (see `swapIn`). Readers see the previous rows until the
   * commit; a failure or crash leaves them serving.
   */
  async replaceRows(instance: string, entity: EntityMetadata, rows: Iterable<readonly ItemValue[]>): Promise<number> {
    const staging = stagingEntity(entity, 'replace');
    const etag = newEtag();
    return this.database.transaction(async (client) => {
      await lockEntityLoad(client, entity);
      await createStaging(client, staging);
      let count = 0;
      let batch: (readonly ItemValue[])[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length < REPLACE_BATCH) continue;
        await insertRows(client, staging.table, entity.attributes, batch, etag);
        count += batch.length;
        batch = [];
      }
      await insertRows(client, staging.table, entity.attributes, batch, etag);
      count += batch.length;
      await swapIn(client, this.catalog, instance, entity, staging, count);
      return count;
    });
  }

  private async read(runner: PgDatabase['pool'] | PoolClient, entity: EntityMetadata, key: StorageValue, lock: boolean): Promise<ItemRecord | undefined> {
    const sql = `SELECT ${returning(entity)} FROM ${q(entity.table)} WHERE ${q(entity.key)} = $1${lock ? ' FOR UPDATE' : ''}`;
    const [row] = await queryArrays(runner, sql, [writeColumn(key)]);
    return row ? toRecord(readColumn, entity.attributes, row) : undefined;
  }

  private async mustRead(client: PoolClient, entity: EntityMetadata, key: StorageValue): Promise<ItemRecord> {
    const record = await this.read(client, entity, key, true);
    if (!record) throw itemNotFound(entity, key);
    return record;
  }
}

/** Every attribute, then the version: the column list of reads and of RETURNING. */
function returning(entity: EntityMetadata): string {
  return recordColumns(entity).map(q).join(', ');
}
