import type { EntityMetadata } from '@app/odata';
import { resolveInstance, InstanceCatalog } from '../catalog/resolve-instance';
import { CatalogCache } from '../catalog/catalog-cache';
import type { InstanceManifest } from '../catalog/instance-manifest';
import type { EntityStats } from '../storage-driver.interface';
import { ETAG_COLUMN } from '../items/entity-table';
import { SqliteDatabase } from './sqlite-database';
import { columnType, createEntityIndexesSql, createEntityTableSql } from './sqlite-schema';
import { sqliteDialect } from '@app/odata';

interface InstanceRow {
  manifest: string;
}

/**
 * Instances and their entity tables. Resolved catalogs are kept in memory: the
 * manifest is small and read on every request, the data never is at start.
 */
export class SqliteCatalog {
  private readonly cache = new CatalogCache();

  constructor(private readonly database: SqliteDatabase) {
    for (const row of database.db.prepare('SELECT manifest FROM instances ORDER BY name').all() as InstanceRow[]) {
      this.cache.remember(resolveInstance(JSON.parse(row.manifest) as InstanceManifest));
    }
  }

  apply(manifest: InstanceManifest): InstanceCatalog {
    const catalog = resolveInstance(manifest);
    this.database.transaction(() => {
      for (const entity of catalog.entities) this.ensureTable(catalog.name, entity);
      this.database
        .statement(
          `INSERT INTO instances (name, display_name, manifest, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name, manifest = excluded.manifest, updated_at = excluded.updated_at`,
        )
        .run(catalog.name, catalog.displayName, JSON.stringify(manifest), new Date().toISOString());
    });
    this.cache.remember(catalog);
    return catalog;
  }

  /** The maintained row count: `$count` without a filter must not scan millions of rows. */
  rowCount(entity: EntityMetadata): number | undefined {
    const instance = this.cache.ownerOf(entity);
    return instance === undefined ? undefined : this.stats(instance, entity).rowCount;
  }

  /** By name, whatever order they were created in. */
  list(): InstanceCatalog[] {
    return this.cache.list();
  }

  get(name: string): InstanceCatalog | undefined {
    return this.cache.get(name);
  }

  stats(instance: string, entity: EntityMetadata): EntityStats {
    const row = this.database
      .statement('SELECT row_count AS rowCount, refresh_time AS refreshTime, modified_at AS modifiedTime FROM entity_stats WHERE instance = ? AND entity = ?')
      .get(instance, entity.name) as { rowCount: number; refreshTime: string | null; modifiedTime: string | null } | undefined;
    const modifiedTime = row?.modifiedTime ?? row?.refreshTime;
    return { rowCount: row?.rowCount ?? 0, ...(row?.refreshTime ? { refreshTime: row.refreshTime } : {}), ...(modifiedTime ? { modifiedTime } : {}) };
  }

  /** Called inside the write's transaction so the count never drifts from the rows. */
  adjustRowCount(instance: string, entity: EntityMetadata, delta: number): void {
    this.database
      .statement('UPDATE entity_stats SET row_count = row_count + ?, modified_at = ? WHERE instance = ? AND entity = ?')
      .run(delta, new Date().toISOString(), instance, entity.name);
  }

  /** An update changes no count, but the rows changed: partitions written before are stale (§3.1). */
  touch(entity: EntityMetadata): void {
    const instance = this.cache.ownerOf(entity);
    if (instance === undefined) return;
    this.database.statement('UPDATE entity_stats SET modified_at = ? WHERE instance = ? AND entity = ?').run(new Date().toISOString(), instance, entity.name);
  }

  setLoaded(instance: string, entity: EntityMetadata, rowCount: number): void {
    const now = new Date().toISOString();
    this.database
      .statement('UPDATE entity_stats SET row_count = ?, refresh_time = ?, modified_at = ? WHERE instance = ? AND entity = ?')
      .run(rowCount, now, now, instance, entity.name);
  }

  /** New tables are created; new attributes of an existing entity are added as nullable columns. */
  private ensureTable(instance: string, entity: EntityMetadata): void {
    const db = this.database.db;
    const existing = db.prepare(`PRAGMA table_info(${sqliteDialect.quoteIdent(entity.table)})`).all() as { name: string }[];
    if (existing.length === 0) {
      db.exec(createEntityTableSql(entity));
    } else {
      const have = new Set(existing.map((c) => c.name));
      for (const attribute of entity.attributes) {
        if (have.has(attribute.name)) continue;
        const column = `${sqliteDialect.quoteIdent(attribute.name)} ${columnType(attribute)}`;
        db.exec(`ALTER TABLE ${sqliteDialect.quoteIdent(entity.table)} ADD COLUMN ${column}`);
      }
      if (!have.has(ETAG_COLUMN)) throw new Error(`table ${entity.table} is not a gateway entity table`);
    }
    for (const sql of createEntityIndexesSql(entity)) db.exec(sql);
    db.prepare('INSERT OR IGNORE INTO entity_stats (instance, entity, row_count) VALUES (?, ?, 0)').run(instance, entity.name);
  }
}
