import type { AttributeMetadata, EdmType, EntityMetadata } from '@app/odata';
import { sqliteDialect } from '@app/odata';

/** Hidden column holding each record's version (served as its ETag). */
export const ETAG_COLUMN = '__etag';

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

function columnDefinition(attribute: AttributeMetadata, entity: EntityMetadata): string {
  const notNull = attribute.nullable && attribute.name !== entity.key ? '' : ' NOT NULL';
  return `${q(attribute.name)} ${columnType(attribute)}${notNull}`;
}

/**
 * One typed table per entity, keyed by the entity key (WITHOUT ROWID: a point lookup
 * is one b-tree walk). Secondary indexes come separately so a bulk load can add them last.
 */
export function createEntityTableSql(entity: EntityMetadata): string {
  const columns = entity.attributes.map((a) => columnDefinition(a, entity));
  columns.push(`${q(ETAG_COLUMN)} TEXT NOT NULL`);
  return `CREATE TABLE IF NOT EXISTS ${q(entity.table)} (${columns.join(', ')}, PRIMARY KEY (${q(entity.key)})) WITHOUT ROWID`;
}

/**
 * Every filterable field gets an index so every accepted query is index-backed (§3.3);
 * a declared sort field is indexed after `CustomerId` when the entity has one
 * (UnifiedActivity: `(CustomerId, ActivityTime)`), so "a customer's activities by time" is one range scan,
 * and on its own, so sorting the whole entity by it pages through an index too.
 */
export function createEntityIndexesSql(entity: EntityMetadata): string[] {
  const statements: string[] = [];
  for (const field of entity.filterableFields) {
    if (field === entity.key) continue;
    const trailing = field === 'CustomerId' ? entity.sortFields.filter((s) => s !== field) : [];
    const columns = [field, ...trailing];
    statements.push(indexSql(entity, columns));
  }
  for (const field of entity.sortFields) statements.push(indexSql(entity, [field]));
  return statements;
}

function indexSql(entity: EntityMetadata, columns: readonly string[]): string {
  const name = `ix_${entity.table}_${columns.join('_')}`;
  return `CREATE INDEX IF NOT EXISTS ${q(name)} ON ${q(entity.table)} (${columns.map(q).join(', ')})`;
}
