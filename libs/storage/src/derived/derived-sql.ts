import type { BoundExpr, EntityMetadata, SqlCompiler, SqlFragment } from '@app/odata';
import type { MeasureAggregate } from '../catalog/instance-manifest';
import { assertNever } from '../storage-checks';

/**
 * The parts of a segment's and a measure's SQL (§6.3) that are the same in every dialect:
 * each driver passes its own identifier quoting and compiler, and keeps its statements
 * (placeholders, transactions, result types) to itself.
 */

const NUMERIC = new Set(['Int32', 'Int64', 'Double', 'Decimal']);

/**
 * A segment copies the profile's columns by name, so each of its attributes must be one of
 * the profile's with the same type; checked before any SQL runs, so a bad definition fails
 * with this message instead of a database error.
 */
export function checkSegmentAttributes(segment: EntityMetadata, profile: EntityMetadata): void {
  for (const attribute of segment.attributes) {
    const source = profile.attributes.find((a) => a.name === attribute.name);
    if (!source || source.type !== attribute.type) {
      throw new Error(`segment '${segment.name}': attribute '${attribute.name}' (${attribute.type}) is not an attribute of '${profile.name}' with that type`);
    }
  }
}

/**
 * The SQL expression of one aggregate over `entity`'s rows. `count` counts rows, whatever
 * `field`; the others need an attribute of the entity, and all but `countDistinct` a
 * numeric one. Identifiers come from entity metadata only.
 */
export function aggregateSql(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined, quoteIdent: (name: string) => string): string {
  if (field !== undefined && !entity.attributes.some((a) => a.name === field)) {
    throw new Error(`'${field}' is not an attribute of '${entity.name}'`);
  }
  if (aggregate === 'count') return 'COUNT(*)';
  const attribute = entity.attributes.find((a) => a.name === field);
  if (!attribute) throw new Error(`aggregate '${aggregate}' needs a field`);
  const column = quoteIdent(attribute.name);
  switch (aggregate) {
    case 'countDistinct':
      return `COUNT(DISTINCT ${column})`;
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      // The result is a number: a text column's MIN would be a string.
      if (!NUMERIC.has(attribute.type)) throw new Error(`aggregate '${aggregate}' needs a numeric field; '${attribute.name}' is Edm.${attribute.type}`);
      return `${aggregate.toUpperCase()}(${column})`;
    default:
      return assertNever(aggregate, 'aggregate');
  }
}

/** ` WHERE <predicate>` compiled from `filter`, or nothing; its parameters are numbered from the first. */
export function whereClause(compiler: SqlCompiler, filter: BoundExpr | undefined): SqlFragment {
  if (!filter) return { text: '', params: [] };
  const predicate = compiler.where(filter);
  return { text: ` WHERE ${predicate.text}`, params: predicate.params };
}
