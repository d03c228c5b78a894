import type { AttributeMetadata, BoundExpr, BoundQuery, EntityMetadata, StorageValue } from '@app/odata';
import type { InstanceCatalog } from './catalog/resolve-instance';
import type { InstanceManifest, MeasureAggregate } from './catalog/instance-manifest';
import type { Connection, NewConnection } from './connections/connection';
import type { ProcessStore } from './processes/process-store.interface';
import type { WebhookStore } from './webhooks/webhook-store.interface';
import type { Coordination } from './coordination/coordination.interface';

/** A value as read from the store, ready for JSON (bigint only for Int64 beyond 2^53). */
export type ItemValue = string | number | bigint | boolean | null;

export interface ItemRecord {
  readonly values: Readonly<Record<string, ItemValue>>;
  /** Opaque version, served as `W/"<etag>"`. */
  readonly etag: string;
  /**
   * The same values by position, when the store has them that way: `columns[i]` belongs to
   * `layout[i]`. Writers that serialise many records use it to skip the per-record object.
   */
  readonly columns?: readonly ItemValue[];
  readonly layout?: readonly AttributeMetadata[];
}

/** One page of a query: `after` holds the last row's sort values (keyset paging, §3.2). */
export interface PageRequest {
  readonly limit: number;
  readonly offset?: number;
  readonly after?: readonly (StorageValue | null)[];
}

export interface ItemsPage {
  readonly records: readonly ItemRecord[];
  /** More rows follow the last record. */
  readonly hasMore: boolean;
  /** Sort values of the last record, for the next page's `after`. */
  readonly lastSortValues?: readonly (StorageValue | null)[];
}

export interface EntityStats {
  readonly rowCount: number;
  /** ISO time of the last load/refresh, or undefined before the first. */
  readonly refreshTime?: string;
  /** ISO time its rows last changed: a load, or a create, update or delete through the API. */
  readonly modifiedTime?: string;
}

/** The body of a write, already converted to storage values by `decodeItemBody`. */
export type ItemValues = Readonly<Record<string, StorageValue | null>>;

/**
 * Several entities' rows replaced as one unit (a data-source import, §5): rows go to
 * staging in batches, `commit` swaps them all in at once; until then, after `abort` or
 * after a crash the previous rows keep serving.
 */
export interface StagedLoad {
  /** Rows in attribute order; one batch is one transaction. A duplicate key fails the load. */
  append(entity: EntityMetadata, rows: readonly (readonly ItemValue[])[]): Promise<void>;
  /** Row count per entity name. */
  commit(): Promise<ReadonlyMap<string, number>>;
  abort(): Promise<void>;
}

/**
 * Everything the gateway may ask of a store. SQLite and (later) PostgreSQL implement it;
 * the query text comes from the OData compiler, the store knows no OData.
 */
export interface StorageDriver {
  readonly dialect: 'sqlite' | 'postgres';

  applyManifest(manifest: InstanceManifest): Promise<InstanceCatalog>;
  listInstances(): Promise<readonly InstanceCatalog[]>;
  getInstance(name: string): Promise<InstanceCatalog | undefined>;
  entityStats(instance: string, entity: EntityMetadata): Promise<EntityStats>;

  queryItems(query: BoundQuery, page: PageRequest): Promise<ItemsPage>;
  countItems(query: BoundQuery): Promise<number>;
  getItem(entity: EntityMetadata, key: StorageValue): Promise<ItemRecord | undefined>;
  createItem(instance: string, entity: EntityMetadata, values: ItemValues): Promise<ItemRecord>;
  /** `ifMatch` undefined = unconditional; `*` = any existing record. */
  updateItem(entity: EntityMetadata, key: StorageValue, values: ItemValues, ifMatch?: readonly string[]): Promise<ItemRecord>;
  deleteItem(instance: string, entity: EntityMetadata, key: StorageValue, ifMatch?: readonly string[]): Promise<void>;
  /**
   * Runs a large load before the store serves (first start): SQLite then writes each page
   * once through a rollback journal instead of twice (WAL, then checkpoint). Each
   * `replaceRows` inside stays one durable transaction.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
  /** Replaces an entity's rows in one transaction (rows in attribute order). */
  replaceRows(instance: string, entity: EntityMetadata, rows: Iterable<readonly ItemValue[]>): Promise<number>;

  /** Starts a staged load of `entities` (all of `instance`). */
  beginLoad(instance: string, entities: readonly EntityMetadata[]): Promise<StagedLoad>;
  /** Every row in key order, in batches of up to `batchSize` (attribute order); for writing partitions. */
  scanRows(entity: EntityMetadata, batchSize?: number): AsyncIterable<readonly (readonly ItemValue[])[]>;

  /**
   * Replaces the rows of a segment's membership entity with the `profile` rows `filter`
   * selects (all rows when undefined), in one transaction, and records the count and
   * refresh time as a load does. `segment`'s attributes are profile attributes (same names
   * and types). Returns the member count.
   */
  materializeSegment(instance: string, segment: EntityMetadata, profile: EntityMetadata, filter: BoundExpr | undefined): Promise<number>;
  /**
   * A measure's value (§2): `count` counts rows; the others aggregate `field`, an attribute
   * of `entity` (`sum`/`avg`/`min`/`max`: a numeric one). Null when the aggregate is (no
   * rows); `count` and `countDistinct` are 0 then.
   */
  aggregate(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined, filter: BoundExpr | undefined): Promise<number | null>;

  /** Runs, tasks and evaluations (§6.3). */
  readonly processes: ProcessStore;
  /** Trigger subscriptions and the delivery outbox (§6.1, §6.2), in the same database as `processes`. */
  readonly webhooks: WebhookStore;
  /** Locks, once-only claims, shared secrets and catalog-change news across replicas (§9). */
  readonly coordination: Coordination;

  createConnection(connection: NewConnection): Promise<Connection>;
  listConnections(): Promise<readonly Connection[]>;
  findConnection(id: string): Promise<Connection | undefined>;
  findConnectionByKeyHash(keyHash: string): Promise<Connection | undefined>;
  revokeConnection(id: string): Promise<boolean>;
  /** Replaces a connection's key hash (used to pin the demo key to `DEMO_API_KEY`). */
  setConnectionKeyHash(id: string, keyHash: string): Promise<void>;

  /** Readiness (`/health`): one trivial query; rejects when the store does not answer it within about 2 s. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
export const StorageDriver = Symbol('StorageDriver');
