import type { QueryConfig } from 'pg';
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
import type { ProcessStore } from '../processes/process-store.interface';
import type { WebhookStore } from '../webhooks/webhook-store.interface';
import type { Coordination } from '../coordination/coordination.interface';
import { PgDatabase, PostgresOptions } from './pg-database';
import { migrate } from './pg-migrations';
import { PgCatalog } from './pg-catalog';
import { PgItems } from './pg-items';
import { PgConnections } from './pg-connections';
import { PgStagedLoad } from './pg-staged-load';
import { PgDerived } from './pg-derived';
import { PgProcessStore } from './pg-process.store';
import { PgWebhookStore } from './pg-webhook.store';
import { PgCoordination } from './pg-coordination';
import { isStoreUnavailable } from '../store-unavailable';
import { StoreOpenError } from '../storage-errors';

const PING_TIMEOUT_MS = 2000;
/** `query_timeout` (pg's client-side read timeout, missing from its typings) fails a query the server never answers. */
const PING_QUERY: QueryConfig & { readonly query_timeout: number } = { text: 'SELECT 1', query_timeout: PING_TIMEOUT_MS };

/**
 * The shared store of a scaled-out gateway: every replica talks to one PostgreSQL schema.
 * Open it with {@link PostgresStorageDriver.open}, which migrates the schema and loads the
 * catalog before the first request.
 */
export class PostgresStorageDriver implements StorageDriver {
  readonly dialect = 'postgres' as const;
  readonly processes: ProcessStore;
  readonly webhooks: WebhookStore;
  readonly coordination: Coordination;
  private readonly items: PgItems;
  private readonly connections: PgConnections;
  private readonly derived: PgDerived;
  private closed = false;

  private constructor(
    private readonly database: PgDatabase,
    private readonly catalog: PgCatalog,
    private readonly pgCoordination: PgCoordination,
  ) {
    this.coordination = pgCoordination;
    this.items = new PgItems(database, catalog);
    this.connections = new PgConnections(database);
    this.derived = new PgDerived(database, catalog);
    this.processes = new PgProcessStore(database);
    this.webhooks = new PgWebhookStore(database);
  }

  static async open(options: PostgresOptions): Promise<PostgresStorageDriver> {
    const database = new PgDatabase(options);
    let coordination: PgCoordination | undefined;
    try {
      await database.ensureSchema();
      await migrate(database);
      const catalog = new PgCatalog(database);
      // Listening starts before the catalog is read, so no change applied by another replica falls in between.
      coordination = new PgCoordination(database, { connectionString: options.connectionString }, catalog);
      await coordination.listen();
      await catalog.reloadAll();
      return new PostgresStorageDriver(database, catalog, coordination);
    } catch (error) {
      await coordination?.close();
      await database.close();
      if (!isStoreUnavailable(error)) throw error;
      const message = String((error as { message?: unknown }).message ?? error);
      throw new StoreOpenError(`PostgreSQL at ${serverOf(options.connectionString)} (DATABASE_URL) does not answer: ${message}`, { cause: error });
    }
  }

  applyManifest(manifest: InstanceManifest): Promise<InstanceCatalog> {
    return this.catalog.apply(manifest);
  }
  async listInstances(): Promise<readonly InstanceCatalog[]> {
    return this.catalog.list();
  }
  /** An instance another replica created a moment ago may not have been announced yet: a miss asks the database. */
  async getInstance(name: string): Promise<InstanceCatalog | undefined> {
    const known = this.catalog.get(name);
    if (known) return known;
    await this.catalog.reload(name);
    return this.catalog.get(name);
  }
  entityStats(instance: string, entity: EntityMetadata): Promise<EntityStats> {
    return this.catalog.stats(instance, entity);
  }

  queryItems(query: BoundQuery, page: PageRequest): Promise<ItemsPage> {
    return this.items.query(query, page);
  }
  countItems(query: BoundQuery): Promise<number> {
    return this.items.count(query);
  }
  getItem(entity: EntityMetadata, key: StorageValue): Promise<ItemRecord | undefined> {
    return this.items.get(entity, key);
  }
  createItem(instance: string, entity: EntityMetadata, values: ItemValues): Promise<ItemRecord> {
    return this.items.create(instance, entity, values);
  }
  updateItem(entity: EntityMetadata, key: StorageValue, values: ItemValues, ifMatch?: readonly string[]): Promise<ItemRecord> {
    return this.items.update(entity, key, values, ifMatch);
  }
  deleteItem(instance: string, entity: EntityMetadata, key: StorageValue, ifMatch?: readonly string[]): Promise<void> {
    return this.items.delete(instance, entity, key, ifMatch);
  }
  /** Nothing to switch: PostgreSQL has no journal mode to trade, each `replaceRows` is one transaction already. */
  bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
  replaceRows(instance: string, entity: EntityMetadata, rows: Iterable<readonly ItemValue[]>): Promise<number> {
    return this.items.replaceRows(instance, entity, rows);
  }

  beginLoad(instance: string, entities: readonly EntityMetadata[]): Promise<StagedLoad> {
    return PgStagedLoad.begin(this.database, this.catalog, instance, entities);
  }
  scanRows(entity: EntityMetadata, batchSize = 5000): AsyncIterable<readonly (readonly ItemValue[])[]> {
    return this.items.scan(entity, batchSize);
  }

  materializeSegment(instance: string, segment: EntityMetadata, profile: EntityMetadata, filter: BoundExpr | undefined): Promise<number> {
    return this.derived.materializeSegment(instance, segment, profile, filter);
  }
  aggregate(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined, filter: BoundExpr | undefined): Promise<number | null> {
    return this.derived.aggregate(entity, aggregate, field, filter);
  }

  createConnection(connection: NewConnection): Promise<Connection> {
    return this.connections.create(connection);
  }
  listConnections(): Promise<readonly Connection[]> {
    return this.connections.list();
  }
  findConnection(id: string): Promise<Connection | undefined> {
    return this.connections.find(id);
  }
  findConnectionByKeyHash(keyHash: string): Promise<Connection | undefined> {
    return this.connections.findByKeyHash(keyHash);
  }
  revokeConnection(id: string): Promise<boolean> {
    return this.connections.revoke(id);
  }
  setConnectionKeyHash(id: string, keyHash: string): Promise<void> {
    return this.connections.setKeyHash(id, keyHash);
  }

  /**
   * `SELECT 1`, bounded by {@link PING_TIMEOUT_MS} even while the pool waits for a connection
   * (`connectionTimeoutMillis` is longer); a query that outlives it loses its client.
   */
  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.database.pool.query(PING_QUERY), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Idempotent: the pool refuses a second `end()`, and shutdown hooks may call this twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pgCoordination.close();
    await this.database.close();
  }
}

/** host:port/database of a connection string, without the credentials. */
function serverOf(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the configured server';
  }
}
