import { BoundExpr, EntityMetadata, SqlCompiler, SqlFragment, sqliteDialect } from '@app/odata';
import type { MeasureAggregate } from '../catalog/instance-manifest';
import { newEtag } from '../items/etag';
import { SqliteDatabase } from './sqlite-database';
import { SqliteCatalog } from './sqlite-catalog';
import { ETAG_COLUMN } from './sqlite-schema';

const q = (name: string) => sqliteDialect.quoteIdent(name);
const NUMERIC = new Set(['Int32', 'Int64', 'Double', 'Decimal']);

/**
 * What evaluations derive from entity rows (§6.3): a segment's members and a measure's
 * value. Set-based SQL: the rows never leave SQLite. The predicate text comes from the
 * OData compiler, identifiers from entity metadata only.
 */
export class SqliteDerived {
  private readonly compiler = new SqlCompiler(sqliteDialect);

  constructor(
    private readonly database: SqliteDatabase,
    private readonly catalog: SqliteCatalog,
  ) {}

  /**
   * Replaces the segment entity's rows with the profile rows `filter` selects, in one
   * transaction (readers see the old members or the new ones). The members share one new
   * version, as rows loaded by `replaceRows` do.
   */
  materializeSegment(instance: string, segment: EntityMetadata, profile: EntityMetadata, filter: BoundExpr | undefined): number {
    for (const attribute of segment.attributes) {
      const source = profile.attributes.find((a) => a.name === attribute.name);
      if (!source || source.type !== attribute.type) {
        throw new Error(`segment '${segment.name}': attribute '${attribute.name}' (${attribute.type}) is not an attribute of '${profile.name}' with that type`);
      }
    }
    const columns = segment.attributes.map((a) => q(a.name)).join(', ');
    const where = this.where(filter);
    const insert = `INSERT INTO ${q(segment.table)} (${columns}, ${q(ETAG_COLUMN)}) SELECT ${columns}, ? FROM ${q(profile.table)}${where.text}`;
    return this.database.transaction(() => {
      this.database.statement(`DELETE FROM ${q(segment.table)}`).run();
      const count = this.database.statement(insert).run(newEtag(), ...where.params).changes;
      this.catalog.setLoaded(instance, segment, count);
      return count;
    });
  }

  /**
   * One aggregate over the (filtered) rows; null when SQL's is (no row, or only nulls),
   * except `count`/`countDistinct`, which are 0 then. `count` counts rows, whatever `field`.
   */
  aggregate(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined, filter: BoundExpr | undefined): number | null {
    const where = this.where(filter);
    const sql = `SELECT ${this.aggregateExpr(entity, aggregate, field)} AS value FROM ${q(entity.table)}${where.text}`;
    const row = this.database.statement(sql).get(...where.params) as { value: number | bigint | null };
    return row.value === null ? null : Number(row.value);
  }

  private aggregateExpr(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined): string {
    if (field !== undefined && !entity.attributes.some((a) => a.name === field)) {
      throw new Error(`'${field}' is not an attribute of '${entity.name}'`);
    }
    if (aggregate === 'count') return 'COUNT(*)';
    const attribute = entity.attributes.find((a) => a.name === field);
    if (!attribute) throw new Error(`aggregate '${aggregate}' needs a field`);
    const column = q(attribute.name);
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
        return assertNever(aggregate);
    }
  }

  private where(filter: BoundExpr | undefined): SqlFragment {
    if (!filter) return { text: '', params: [] };
    const predicate = this.compiler.where(filter);
    return { text: ` WHERE ${predicate.text}`, params: predicate.params };
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected aggregate ${JSON.stringify(value)}`);
}
