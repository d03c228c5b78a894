import { BoundExpr, EntityMetadata, SqlCompiler, sqliteDialect } from '@app/odata';
import type { MeasureAggregate } from '../catalog/instance-manifest';
import { aggregateSql, checkSegmentAttributes, whereClause } from '../derived/derived-sql';
import { newEtag } from '../items/etag';
import { ETAG_COLUMN } from '../items/entity-table';
import { SqliteDatabase } from './sqlite-database';
import { SqliteCatalog } from './sqlite-catalog';

const q = (name: string) => sqliteDialect.quoteIdent(name);

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
    checkSegmentAttributes(segment, profile);
    const columns = segment.attributes.map((a) => q(a.name)).join(', ');
    const where = whereClause(this.compiler, filter);
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
    const where = whereClause(this.compiler, filter);
    const sql = `SELECT ${aggregateSql(entity, aggregate, field, q)} AS value FROM ${q(entity.table)}${where.text}`;
    const row = this.database.statement(sql).get(...where.params) as { value: number | bigint | null };
    return row.value === null ? null : Number(row.value);
  }
}
