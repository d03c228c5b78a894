import type { PoolClient } from 'pg';
import { EntityMetadata, postgresDialect } from '@app/odata';
import type { ItemValue, StagedLoad } from '../storage-driver.interface';
import type { ConflictError } from '../storage-errors';
import { newEtag } from '../items/etag';
import { duplicateKeyError, LoadStages, StageCount } from '../items/load-stages';
import { isUniqueViolation, PgDatabase, Queryable } from './pg-database';
import { CATALOG_LOCK, PgCatalog } from './pg-catalog';
import { insertRows } from './pg-row-codec';
import { arrayType, createEntityIndexesSql, createEntityTableSql, entityIndexes, pgName, primaryKeyName } from './pg-schema';

const q = (name: string) => postgresDialect.quoteIdent(name);
/** First key of the advisory lock that serialises loads of one entity (the second hashes schema and table). */
const LOAD_LOCK = 0x1c48;

/**
 * Serialises loads of one entity across replicas until the caller's transaction ends: two
 * `replaceRows` creating the same staging table would otherwise fail on the second. The
 * catalog lock, taken shared, keeps a manifest apply (its CREATE INDEX and ALTER TABLE) from
 * interleaving with the swap's DROP and RENAME, which PostgreSQL may answer with a deadlock.
 */
export async function lockEntityLoad(client: PoolClient, entity: EntityMetadata): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock_shared($1, hashtext(current_schema()))', [CATALOG_LOCK]);
  await client.query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '.' || $2))", [LOAD_LOCK, entity.table]);
}

/** The staging copy of `entity` under `suffix`: what a crash may leave behind, dropped by the next load. */
export function stagingEntity(entity: EntityMetadata, suffix = 'staging'): EntityMetadata {
  return { ...entity, table: pgName(`${entity.table}__${suffix}`) };
}

/** (Re)creates an empty staging table; its indexes come at the swap, after the rows. */
export async function createStaging(client: Queryable, staging: EntityMetadata): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${q(staging.table)}`);
  await client.query(createEntityTableSql(staging));
}

/**
 * Swaps a filled staging table in for the live one, inside the caller's transaction.
 * Indexes and statistics are built on the staging table first, so the live table is locked
 * (ACCESS EXCLUSIVE, from the DROP) only for catalog changes: readers keep reading the old
 * rows until the commit and wait milliseconds at most, and a crash before the commit
 * leaves the old table serving.
 */
export async function swapIn(client: PoolClient, catalog: PgCatalog, instance: string, entity: EntityMetadata, staging: EntityMetadata, rows: number): Promise<void> {
  for (const sql of createEntityIndexesSql(staging)) await client.query(sql);
  await client.query(`ANALYZE ${q(staging.table)}`);
  await client.query(`DROP TABLE IF EXISTS ${q(entity.table)}`);
  await client.query(`ALTER TABLE ${q(staging.table)} RENAME TO ${q(entity.table)}`);
  // Index names are schema-wide: give the swapped-in ones the live names, freeing the staging names.
  await client.query(`ALTER INDEX ${q(primaryKeyName(staging.table))} RENAME TO ${q(primaryKeyName(entity.table))}`);
  const live = entityIndexes(entity);
  for (const [i, index] of entityIndexes(staging).entries()) {
    await client.query(`ALTER INDEX ${q(index.name)} RENAME TO ${q(live[i].name)}`);
  }
  await catalog.setLoaded(client, instance, entity, rows);
}

interface Stage extends StageCount {
  readonly staging: EntityMetadata;
}

/**
 * An import into staging tables: each batch is its own short transaction, and commit swaps
 * every entity in one transaction. Until then — or after a crash — the live tables keep
 * serving the previous rows.
 */
export class PgStagedLoad implements StagedLoad {
  private readonly etag = newEtag();

  private constructor(
    private readonly database: PgDatabase,
    private readonly catalog: PgCatalog,
    private readonly instance: string,
    private readonly stages: LoadStages<Stage>,
  ) {}

  static async begin(database: PgDatabase, catalog: PgCatalog, instance: string, entities: readonly EntityMetadata[]): Promise<PgStagedLoad> {
    const stages = new Map<string, Stage>();
    for (const entity of entities) {
      const staging = stagingEntity(entity);
      await createStaging(database, staging);
      stages.set(entity.name, { entity, staging, rows: 0 });
    }
    return new PgStagedLoad(database, catalog, instance, new LoadStages(stages));
  }

  async append(entity: EntityMetadata, rows: readonly (readonly ItemValue[])[]): Promise<void> {
    const stage = this.stages.of(entity);
    try {
      await this.database.transaction(async (client) => {
        // A lost batch is staging only (the load fails or is redone), so it need not wait for the WAL flush.
        await client.query('SET LOCAL synchronous_commit = off');
        await insertRows(client, stage.staging.table, entity.attributes, rows, this.etag);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw (await this.duplicateIn(stage, rows)) ?? error;
    }
    stage.rows += rows.length;
  }

  /** Which key of a failed batch is a duplicate: the first repeated within it or already staged. */
  private async duplicateIn(stage: Stage, rows: readonly (readonly ItemValue[])[]): Promise<ConflictError | undefined> {
    const { entity, staging } = stage;
    const keyIndex = entity.attributes.findIndex((a) => a.name === entity.key);
    const keys = rows.map((row) => row[keyIndex]);
    const { rows: staged } = await this.database.query<{ key: string }>(
      `SELECT ${q(entity.key)}::text AS key FROM ${q(staging.table)} WHERE ${q(entity.key)} = ANY($1::${arrayType(entity.attributes[keyIndex])})`,
      [keys.map((k) => (k === null ? null : String(k)))],
    );
    const seen = new Set(staged.map((r) => r.key));
    for (const key of keys) {
      const text = String(key);
      if (seen.has(text)) return duplicateKeyError(entity, text);
      seen.add(text);
    }
    return undefined;
  }

  async commit(): Promise<ReadonlyMap<string, number>> {
    this.stages.ensureOpen();
    await this.database.transaction(async (client) => {
      for (const { entity, staging, rows } of this.stages.all()) {
        await lockEntityLoad(client, entity);
        await swapIn(client, this.catalog, this.instance, entity, staging, rows);
      }
    });
    this.stages.finish();
    return this.stages.counts();
  }

  async abort(): Promise<void> {
    if (!this.stages.finish()) return;
    for (const { staging } of this.stages.all()) await this.database.query(`DROP TABLE IF EXISTS ${q(staging.table)}`);
  }
}
