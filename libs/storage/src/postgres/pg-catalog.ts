import type { PoolClient } from 'pg';
import { EntityMetadata, postgresDialect } from '@app/odata';
import { resolveInstance, InstanceCatalog } from '../catalog/resolve-instance';
import { CatalogCache } from '../catalog/catalog-cache';
import type { InstanceManifest } from '../catalog/instance-manifest';
import type { EntityStats } from '../storage-driver.interface';
import { PgDatabase, Queryable } from './pg-database';
import { catalogChannel, CatalogReloader } from './pg-coordination';
import { ETAG_COLUMN } from '../items/entity-table';
import { columnType, createEntityIndexesSql, createEntityTableSql } from './pg-schema';

/**
 * First key of the advisory lock that serialises manifest applies (the second is the schema's
 * hash). Loads take it shared: an apply's DDL never interleaves with a load's table swap.
 */
export const CATALOG_LOCK = 0x1c47;

const q = (name: string) => postgresDialect.quoteIdent(name);

interface StatsRow {
  row_count: string;
  refresh_time: string | null;
  modified_at: string | null;
}

/**
 * Instances and their entity tables. Resolved catalogs are kept in memory (small, read on
 * every request); another replica's change arrives through `reload`. Row counts and load
 * times are never cached: every replica writes them.
 */
export class PgCatalog implements CatalogReloader {
  private readonly cache = new CatalogCache();

  constructor(private readonly database: PgDatabase) {}

  /**
   * Reads every stored manifest (at start, and after missed notifications) and forgets
   * instances whose row is gone; returns the names of both.
   */
  async reloadAll(): Promise<readonly string[]> {
    const { rows } = await this.database.query<{ manifest: string }>('SELECT manifest FROM instances ORDER BY name');
    const catalogs = rows.map((row) => resolveInstance(JSON.parse(row.manifest) as InstanceManifest));
    const names = new Set(catalogs.map((c) => c.name));
    const gone = this.cache.names().filter((name) => !names.has(name));
    for (const name of gone) this.cache.forget(name);
    for (const catalog of catalogs) this.cache.remember(catalog);
    return [...names, ...gone];
  }

  /**
   * Creates or alters the entity tables and stores the manifest in one transaction, which
   * also notifies the schema's catalog channel (delivered on commit). Applies are serialised across
   * replicas: concurrent `CREATE TABLE IF NOT EXISTS` of one table can otherwise fail.
   */
  async apply(manifest: InstanceManifest): Promise<InstanceCatalog> {
    const catalog = resolveInstance(manifest);
    await this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [CATALOG_LOCK]);
      for (const entity of catalog.entities) await this.ensureTable(client, catalog.name, entity);
      await client.query(
        `INSERT INTO instances (name, display_name, manifest, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name, manifest = excluded.manifest, updated_at = excluded.updated_at`,
        [catalog.name, catalog.displayName, JSON.stringify(manifest), new Date().toISOString()],
      );
      await client.query('SELECT pg_notify($1, $2)', [catalogChannel(this.database.schema), catalog.name]);
    });
    this.cache.remember(catalog);
    return catalog;
  }

  /** Re-reads one instance's manifest after another replica changed it; forgets it when its row is gone. */
  async reload(instance: string): Promise<void> {
    const { rows } = await this.database.query<{ manifest: string }>('SELECT manifest FROM instances WHERE name = $1', [instance]);
    if (rows.length === 0) this.cache.forget(instance);
    else this.cache.remember(resolveInstance(JSON.parse(rows[0].manifest) as InstanceManifest));
  }

  /** By name, whatever order they were created in. */
  list(): InstanceCatalog[] {
    return this.cache.list();
  }

  get(name: string): InstanceCatalog | undefined {
    return this.cache.get(name);
  }

  async stats(instance: string, entity: EntityMetadata): Promise<EntityStats> {
    const { rows } = await this.database.query<StatsRow>('SELECT row_count, refresh_time, modified_at FROM entity_stats WHERE instance = $1 AND entity = $2', [
      instance,
      entity.name,
    ]);
    const row = rows[0];
    const modifiedTime = row?.modified_at ?? row?.refresh_time;
    return { rowCount: Number(row?.row_count ?? 0), ...(row?.refresh_time ? { refreshTime: row.refresh_time } : {}), ...(modifiedTime ? { modifiedTime } : {}) };
  }

  /** The maintained row count: `$count` without a filter must not scan millions of rows. */
  async rowCount(entity: EntityMetadata): Promise<number | undefined> {
    const instance = this.cache.ownerOf(entity);
    return instance === undefined ? undefined : (await this.stats(instance, entity)).rowCount;
  }

  /** Called inside the write's transaction so the count never drifts from the rows. */
  async adjustRowCount(client: Queryable, instance: string, entity: EntityMetadata, delta: number): Promise<void> {
    await client.query('UPDATE entity_stats SET row_count = row_count + $1, modified_at = $2 WHERE instance = $3 AND entity = $4', [
      delta,
      new Date().toISOString(),
      instance,
      entity.name,
    ]);
  }

  /** An update changes no count, but the rows changed: partitions written before are stale (§3.1). */
  async touch(client: Queryable, entity: EntityMetadata): Promise<void> {
    const instance = this.cache.ownerOf(entity);
    if (instance === undefined) return;
    await client.query('UPDATE entity_stats SET modified_at = $1 WHERE instance = $2 AND entity = $3', [new Date().toISOString(), instance, entity.name]);
  }

  async setLoaded(client: Queryable, instance: string, entity: EntityMetadata, rowCount: number): Promise<void> {
    const now = new Date().toISOString();
    await client.query('UPDATE entity_stats SET row_count = $1, refresh_time = $2, modified_at = $2 WHERE instance = $3 AND entity = $4', [
      rowCount,
      now,
      instance,
      entity.name,
    ]);
  }

  /** New tables are created; new attributes of an existing entity are added as nullable columns. */
  private async ensureTable(client: PoolClient, instance: string, entity: EntityMetadata): Promise<void> {
    // to_regclass parses the quoted name as a statement would (search_path, 63-byte truncation).
    const { rows } = await client.query<{ name: string }>(
      'SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped',
      [q(entity.table)],
    );
    if (rows.length === 0) {
      await client.query(createEntityTableSql(entity));
    } else {
      const have = new Set(rows.map((r) => r.name));
      if (!have.has(ETAG_COLUMN)) throw new Error(`table ${entity.table} is not a gateway entity table`);
      for (const attribute of entity.attributes) {
        if (have.has(attribute.name)) continue;
        await client.query(`ALTER TABLE ${q(entity.table)} ADD COLUMN ${q(attribute.name)} ${columnType(attribute)}`);
      }
    }
    for (const sql of createEntityIndexesSql(entity)) await client.query(sql);
    await client.query('INSERT INTO entity_stats (instance, entity, row_count) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [instance, entity.name]);
  }
}
