import { createHash } from 'node:crypto';
import type { AttributeMetadata, EdmType, EntityMetadata } from '@app/odata';
import { postgresDialect } from '@app/odata';
import { attributeColumnsDdl, ETAG_COLUMN, indexName, secondaryIndexColumns } from '../items/entity-table';

/**
 * Catalog tables (migration 1). Times are ISO-8601 text as the callers wrote them, like
 * SQLite's, so both stores return them to the character; keys and ordered columns are
 * `COLLATE "C"` (byte order, as SQLite's BINARY) whatever the database's default collation.
 */
export const PG_CATALOG_DDL = `
CREATE TABLE IF NOT EXISTS instances (
  name text COLLATE "C" PRIMARY KEY,
  display_name text NOT NULL,
  manifest text NOT NULL,
  updated_at text NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_stats (
  instance text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  row_count bigint NOT NULL DEFAULT 0,
  refresh_time text,
  modified_at text,
  PRIMARY KEY (instance, entity)
);
CREATE TABLE IF NOT EXISTS connections (
  id text COLLATE "C" PRIMARY KEY,
  display_name text NOT NULL,
  key_hash text COLLATE "C" NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
  datasets text NOT NULL,
  throttle_limit integer,
  created_at text COLLATE "C" NOT NULL
);
`;

/**
 * String-like values stay text (dates and times as the ISO text the binder normalises them
 * to, as in SQLite); `COLLATE "C"` makes comparisons, ORDER BY and `LIKE 'prefix%'` ordinal
 * and index-backed, which the PostgreSQL dialect of the compiler assumes.
 */
const COLUMN_TYPES: Record<EdmType, string> = {
  String: 'text COLLATE "C"',
  Guid: 'text COLLATE "C"',
  Date: 'text COLLATE "C"',
  DateTimeOffset: 'text COLLATE "C"',
  Int32: 'integer',
  Int64: 'bigint',
  Boolean: 'boolean',
  Double: 'double precision',
  Decimal: 'double precision',
};

/** The element type of a column, for typed arrays (`unnest($1::bigint[])`); no collation. */
const ARRAY_TYPES: Record<EdmType, string> = { ...COLUMN_TYPES, String: 'text', Guid: 'text', Date: 'text', DateTimeOffset: 'text' };

const q = (name: string) => postgresDialect.quoteIdent(name);
/** PostgreSQL truncates identifiers beyond 63 bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

export function columnType(attribute: AttributeMetadata): string {
  return COLUMN_TYPES[attribute.type];
}

export function arrayType(attribute: AttributeMetadata): string {
  return `${ARRAY_TYPES[attribute.type]}[]`;
}

/**
 * A name PostgreSQL keeps whole: longer ones are cut and suffixed with a hash of the full
 * name, so two long derived names (indexes of one table, a table and its staging copy)
 * never truncate to the same identifier. Table, entity and attribute names are ASCII.
 */
export function pgName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, MAX_IDENTIFIER_BYTES - hash.length - 1)}_${hash}`;
}

/** The primary key's name, explicit so a table swapped in under another name can rename it. */
export function primaryKeyName(table: string): string {
  return pgName(`${table}_pkey`);
}

/** One typed table per entity keyed by the entity key; secondary indexes come separately so a load adds them last. */
export function createEntityTableSql(entity: EntityMetadata): string {
  const columns = [...attributeColumnsDdl(entity, q, columnType), `${q(ETAG_COLUMN)} text NOT NULL`];
  return `CREATE TABLE IF NOT EXISTS ${q(entity.table)} (${columns.join(', ')}, CONSTRAINT ${q(primaryKeyName(entity.table))} PRIMARY KEY (${q(entity.key)}))`;
}

export interface EntityIndex {
  readonly name: string;
  readonly columns: readonly string[];
}

/**
 * The entity's secondary indexes (which columns: `secondaryIndexColumns`), each named once.
 * Names derive from the table, so a staging copy's indexes can be renamed to the live ones
 * when it is swapped in.
 */
export function entityIndexes(entity: EntityMetadata): EntityIndex[] {
  // A sort field that is also filterable yields the same index twice; renaming it twice would fail.
  const byName = new Map<string, EntityIndex>();
  for (const columns of secondaryIndexColumns(entity)) {
    const name = pgName(indexName(entity.table, columns));
    if (!byName.has(name)) byName.set(name, { name, columns });
  }
  return [...byName.values()];
}

/**
 * Nullable columns are indexed `NULLS FIRST`, the order OData sorts them in (§3.2), so an
 * `$orderby` on one reads the index forwards (ascending) or backwards (descending).
 */
export function createEntityIndexesSql(entity: EntityMetadata): string[] {
  const nullable = new Set(entity.attributes.filter((a) => a.nullable && a.name !== entity.key).map((a) => a.name));
  const column = (name: string) => `${q(name)}${nullable.has(name) ? ' NULLS FIRST' : ''}`;
  return entityIndexes(entity).map((index) => `CREATE INDEX IF NOT EXISTS ${q(index.name)} ON ${q(entity.table)} (${index.columns.map(column).join(', ')})`);
}
