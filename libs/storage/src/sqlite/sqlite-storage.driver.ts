import { join } from 'node:path';
import type { BoundExpr, BoundQuery, EntityMetadata, StorageValue } from '@app/odata';
import type { InstanceManifest, MeasureAggregate } from '../catalog/instance-manifest';
import type { InstanceCatalog } from '../catalog/resolve-instance';
import type { Connection, NewConnection } from '../connections/connection';
import type {
  EntityStats,
  ItemRecord,
  ItemsPage,
  ItemValue,
  ItemValues,
  PageRequest,
  StagedLoad,
  StorageDriver,
} from '../storage-driver.interface';
import { SqliteDatabase } from './sqlite-database';
import { CATALOG_DDL, CATALOG_MIGRATIONS, PROCESS_WEBHOOK_DDL } from './sqlite-schema';
import { SqliteCatalog } from './sqlite-catalog';
import { SqliteItems } from './sqlite-items';
import { SqliteConnections } from './sqlite-connections';
import { SqliteStagedLoad } from './sqlite-staged-load';
import { SqliteDerived } from './sqlite-derived';
import { SqliteProcessStore } from './sqlite-process.store';
import { SqliteWebhookStore } from './sqlite-webhook.store';
import { SqliteCoordination, SQLITE_COORDINATION_DDL } from './sqlite-coordination';
import type { Coordination } from '../coordination/coordination.interface';
import type { ProcessStore } from '../processes/process-store.interface';
import type { WebhookStore } from '../webhooks/webhook-store.interface';

export interface SqliteStorageOptions {
  /** Folder holding `gateway.db`, or `:memory:`. */
  readonly dataDir: string;
}

/**
 * The embedded store: one SQLite file in DATA_DIR. better-sqlite3 is synchronous;
 * the async interface is what the PostgreSQL driver will need too.
 */
export class SqliteStorageDriver implements StorageDriver {
  readonly dialect = 'sqlite' as const;
  private readonly database: SqliteDatabase;
  private readonly catalog: SqliteCatalog;
  private readonly items: SqliteItems;
  private readonly connections: SqliteConnections;
  private readonly derived: SqliteDerived;
  readonly processes: ProcessStore;
  readonly webhooks: WebhookStore;
  readonly coordination: Coordination;

  constructor(options: SqliteStorageOptions) {
    this.database = new SqliteDatabase(options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, 'gateway.db'));
    this.database.db.exec(CATALOG_DDL);
    for (const { table, column, definition } of CATALOG_MIGRATIONS) {
      const columns = this.database.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === column)) this.database.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
    this.database.db.exec(PROCESS_WEBHOOK_DDL);
    this.database.db.exec(SQLITE_COORDINATION_DDL);
    this.catalog = new SqliteCatalog(this.database);
    this.items = new SqliteItems(this.database, this.catalog);
    this.connections = new SqliteConnections(this.database);
    this.derived = new SqliteDerived(this.database, this.catalog);
    this.processes = new SqliteProcessStore(this.database);
    this.webhooks = new SqliteWebhookStore(this.database);
    this.coordination = new SqliteCoordination(this.database, options.dataDir === ':memory:' ? undefined : options.dataDir);
  }

  async applyManifest(manifest: InstanceManifest): Promise<InstanceCatalog> {
    return this.catalog.apply(manifest);
  }
  async listInstances(): Promise<readonly InstanceCatalog[]> {
    return this.catalog.list();
  }
  async getInstance(name: string): Promise<InstanceCatalog | undefined> {
    return this.catalog.get(name);
  }
  async entityStats(instance: string, entity: EntityMetadata): Promise<EntityStats> {
    return this.catalog.stats(instance, entity);
  }

  async queryItems(query: BoundQuery, page: PageRequest): Promise<ItemsPage> {
    return this.items.query(query, page);
  }
  async countItems(query: BoundQuery): Promise<number> {
    return this.items.count(query);
  }
  async getItem(entity: EntityMetadata, key: StorageValue): Promise<ItemRecord | undefined> {
    return this.items.get(entity, key);
  }
  async createItem(instance: string, entity: EntityMetadata, values: ItemValues): Promise<ItemRecord> {
    return this.items.create(instance, entity, values);
  }
  async updateItem(entity: EntityMetadata, key: StorageValue, values: ItemValues, ifMatch?: readonly string[]): Promise<ItemRecord> {
    return this.items.update(entity, key, values, ifMatch);
  }
  async deleteItem(instance: string, entity: EntityMetadata, key: StorageValue, ifMatch?: readonly string[]): Promise<void> {
    this.items.delete(instance, entity, key, ifMatch);
  }
  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    this.database.db.pragma('journal_mode = DELETE');
    try {
      return await work();
    } finally {
      this.database.db.pragma('journal_mode = WAL');
    }
  }
  async replaceRows(instance: string, entity: EntityMetadata, rows: Iterable<readonly ItemValue[]>): Promise<number> {
    return this.items.replaceRows(instance, entity, rows);
  }

  async beginLoad(instance: string, entities: readonly EntityMetadata[]): Promise<StagedLoad> {
    return new SqliteStagedLoad(this.database, this.catalog, instance, entities);
  }
  scanRows(entity: EntityMetadata, batchSize = 5000): AsyncIterable<readonly (readonly ItemValue[])[]> {
    return this.items.scan(entity, batchSize);
  }

  async materializeSegment(instance: string, segment: EntityMetadata, profile: EntityMetadata, filter: BoundExpr | undefined): Promise<number> {
    return this.derived.materializeSegment(instance, segment, profile, filter);
  }
  async aggregate(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined, filter: BoundExpr | undefined): Promise<number | null> {
    return this.derived.aggregate(entity, aggregate, field, filter);
  }

  async createConnection(connection: NewConnection): Promise<Connection> {
    return this.connections.create(connection);
  }
  async listConnections(): Promise<readonly Connection[]> {
    return this.connections.list();
  }
  async findConnection(id: string): Promise<Connection | undefined> {
    return this.connections.find(id);
  }
  async findConnectionByKeyHash(keyHash: string): Promise<Connection | undefined> {
    return this.connections.findByKeyHash(keyHash);
  }
  async revokeConnection(id: string): Promise<boolean> {
    return this.connections.revoke(id);
  }
  async setConnectionKeyHash(id: string, keyHash: string): Promise<void> {
    this.connections.setKeyHash(id, keyHash);
  }

  async ping(): Promise<void> {
    this.database.statement('SELECT 1').get();
  }
  async close(): Promise<void> {
    this.database.close();
  }
}
