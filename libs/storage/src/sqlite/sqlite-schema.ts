import type { AttributeMetadata, EdmType, EntityMetadata } from '@app/odata';
import { sqliteDialect } from '@app/odata';
import { attributeColumnsDdl, ETAG_COLUMN, indexName, secondaryIndexColumns } from '../items/entity-table';

export const CATALOG_DDL = `
CREATE TABLE IF NOT EXISTS instances (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  manifest TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_stats (
  instance TEXT NOT NULL,
  entity TEXT NOT NULL,
  row_count INTEGER NOT NULL DEFAULT 0,
  refresh_time TEXT,
  modified_at TEXT,
  PRIMARY KEY (instance, entity)
);
CREATE TABLE IF NOT EXISTS connections (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
  datasets TEXT NOT NULL,
  throttle_limit INTEGER,
  created_at TEXT NOT NULL
);
`;

/**
 * Runs, evaluations, trigger subscriptions and the delivery outbox (§6). `IF NOT EXISTS`
 * throughout: a store created before these tables gains them on its next start.
 *
 * - A run's tasks are a JSON array on the run: they are planned once, read with the run and
 *   rewritten inside the run's own transaction, never queried on their own.
 * - `deliveries.seq` (the rowid) is the order of events within a subscription;
 *   `ix_deliveries_claim` finds each subscription's oldest pending delivery in one seek.
 * - Deliveries carry no foreign key to their subscription: a run's commit must not fail
 *   because a subscription was deleted meanwhile (its deliveries are simply not written).
 */
export const PROCESS_WEBHOOK_DDL = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  instance TEXT NOT NULL,
  process TEXT NOT NULL,
  submission_kind TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  tasks TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS ix_runs_instance ON runs (instance, created_at, id);
CREATE INDEX IF NOT EXISTS ix_runs_status ON runs (status, created_at, id);
CREATE TABLE IF NOT EXISTS evaluations (
  seq INTEGER PRIMARY KEY,
  instance TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('segment', 'measure')),
  name TEXT NOT NULL,
  evaluated_at TEXT NOT NULL,
  value REAL NOT NULL,
  run_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_evaluations_name ON evaluations (instance, kind, name, evaluated_at, seq);
CREATE TABLE IF NOT EXISTS subscriptions (
  id TEXT PRIMARY KEY,
  instance TEXT NOT NULL,
  trigger_name TEXT NOT NULL,
  parameters TEXT NOT NULL,
  notification_url TEXT NOT NULL,
  secret TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'inactive')),
  state_reason TEXT,
  created_at TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  last_delivered_at TEXT,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS ix_subscriptions_instance ON subscriptions (instance, trigger_name, state);
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  subscription_id TEXT NOT NULL,
  instance TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_status INTEGER,
  last_error TEXT,
  delivered_at TEXT,
  lease_until TEXT,
  lease_owner TEXT
);
CREATE INDEX IF NOT EXISTS ix_deliveries_claim ON deliveries (subscription_id, state, seq);
CREATE INDEX IF NOT EXISTS ix_deliveries_instance_state ON deliveries (instance, state, seq);
CREATE INDEX IF NOT EXISTS ix_deliveries_instance ON deliveries (instance, seq);
`;

/** Columns added to catalog tables after their first release, for stores made before them. */
export const CATALOG_MIGRATIONS: readonly { readonly table: string; readonly column: string; readonly definition: string }[] = [
  { table: 'entity_stats', column: 'modified_at', definition: 'TEXT' },
];

const COLUMN_TYPES: Record<EdmType, string> = {
  String: 'TEXT',
  Guid: 'TEXT',
  Date: 'TEXT',
  DateTimeOffset: 'TEXT',
  Int32: 'INTEGER',
  Int64: 'INTEGER',
  Boolean: 'INTEGER',
  Double: 'REAL',
  Decimal: 'REAL',
};

const q = (name: string) => sqliteDialect.quoteIdent(name);

export function columnType(attribute: AttributeMetadata): string {
  return COLUMN_TYPES[attribute.type];
}

/**
 * One typed table per entity, keyed by the entity key (WITHOUT ROWID: a point lookup
 * is one b-tree walk). Secondary indexes come separately so a bulk load can add them last.
 */
export function createEntityTableSql(entity: EntityMetadata): string {
  const columns = [...attributeColumnsDdl(entity, q, columnType), `${q(ETAG_COLUMN)} TEXT NOT NULL`];
  return `CREATE TABLE IF NOT EXISTS ${q(entity.table)} (${columns.join(', ')}, PRIMARY KEY (${q(entity.key)})) WITHOUT ROWID`;
}

/**
 * The entity's secondary indexes (which columns: `secondaryIndexColumns`). `IF NOT EXISTS`
 * makes a column list listed twice one index.
 */
export function createEntityIndexesSql(entity: EntityMetadata): string[] {
  return secondaryIndexColumns(entity).map(
    (columns) => `CREATE INDEX IF NOT EXISTS ${q(indexName(entity.table, columns))} ON ${q(entity.table)} (${columns.map(q).join(', ')})`,
  );
}
