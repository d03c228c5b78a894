import type { AttributeMetadata, EntityMetadata } from '@app/odata';

/**
 * What every entity table holds besides its attributes, and which of its columns are
 * indexed: the same in every database. Each driver renders its own DDL from these.
 */

/** Hidden column holding each record's version (served as its ETag). */
export const ETAG_COLUMN = '__etag';

/** Every attribute, then the version: the column order of a record's reads and inserts. */
export function recordColumns(entity: EntityMetadata): string[] {
  return [...entity.attributes.map((a) => a.name), ETAG_COLUMN];
}

/**
 * `"Name" TYPE [NOT NULL]` for each attribute, in order, with the dialect's quoting and
 * types. The key is NOT NULL even when declared nullable: a primary key cannot hold null.
 */
export function attributeColumnsDdl(entity: EntityMetadata, quoteIdent: (name: string) => string, columnType: (attribute: AttributeMetadata) => string): string[] {
  return entity.attributes.map((a) => `${quoteIdent(a.name)} ${columnType(a)}${a.nullable && a.name !== entity.key ? '' : ' NOT NULL'}`);
}

/**
 * The column lists of an entity's secondary indexes. Every filterable field gets an index so
 * every accepted query is index-backed (§3.3); a declared sort field is indexed after
 * `CustomerId` when the entity has one (UnifiedActivity: `(CustomerId, ActivityTime)`), so
 * "a customer's activities by time" is one range scan, and on its own, so sorting the whole
 * entity by it pages through an index too. A sort field that is also filterable is listed
 * twice; the drivers create it once.
 */
export function secondaryIndexColumns(entity: EntityMetadata): string[][] {
  const lists: string[][] = [];
  for (const field of entity.filterableFields) {
    if (field === entity.key) continue;
    const trailing = field === 'CustomerId' ? entity.sortFields.filter((s) => s !== field) : [];
    lists.push([field, ...trailing]);
  }
  for (const field of entity.sortFields) lists.push([field]);
  return lists;
}

/** An index's name, before any dialect limit on identifier length. */
export function indexName(table: string, columns: readonly string[]): string {
  return `ix_${table}_${columns.join('_')}`;
}
