import { BoundExpr, EntityMetadata, postgresDialect, SqlCompiler } from '@app/odata';
import type { MeasureAggregate } from '../catalog/instance-manifest';
import { aggregateSql, checkSegmentAttributes, whereClause } from '../derived/derived-sql';
import { newEtag } from '../items/etag';
import { ETAG_COLUMN } from '../items/entity-table';
import { PgDatabase } from './pg-database';
import { PgCatalog } from './pg-catalog';

const q = (name: string) => postgresDialect.quoteIdent(name);

/**
 * What evaluations derive from entity rows (§6.3): a segment's members and a measure's
 * value, as set-based SQL (the rows never leave PostgreSQL). The predicate text comes from
 * the OData compiler, identifiers from entity metadata only.
 */
export class PgDerived {
  private readonly compiler = new SqlCompiler(postgresDialect);

  constructor(
    private readonly database: PgDatabase,
    private readonly catalog: PgCatalog,
  ) {}

  /**
   * Replaces the segment entity's rows with the profile rows `filter` selects in one
   * transaction (readers see the old members or the new ones, never a mix), sharing one new
   * version as rows loaded by `replaceRows` do.
   */
  async materializeSegment(instance: string, segment: EntityMetadata, profile: EntityMetadata, filter: BoundExpr | undefined): Promise<number> {
    checkSegmentAttributes(segment, profile);
    const columns = segment.attributes.map((a) => q(a.name)).join(', ');
    const where = whereClause(this.compiler, filter);
    // The compiler numbers the predicate's parameters from $1; the version comes after them.
    const etag = `$${where.params.length + 1}`;
    const insert = `INSERT INTO ${q(segment.table)} (${columns}, ${q(ETAG_COLUMN)}) SELECT ${columns}, ${etag} FROM ${q(profile.table)}${where.text}`;
    return this.database.transaction(async (client) => {
      await client.query(`DELETE FROM ${q(segment.table)}`);
      const count = (await client.query(insert, [...where.params, newEtag()])).rowCount ?? 0;
      await this.catalog.setLoaded(client, instance, segment, count);
      return count;
    });
  }

  /**
   * One aggregate over the (filtered) rows; null when SQL's is (no row, or only nulls),
   * except `count`/`countDistinct`, which are 0 then. COUNT and SUM arrive as text (INT8,
   * NUMERIC) and become numbers, as SQLite's do.
   */
  async aggregate(entity: EntityMetadata, aggregate: MeasureAggregate, field: string | undefined, filter: BoundExpr | undefined): Promise<number | null> {
    const where = whereClause(this.compiler, filter);
    const sql = `SELECT ${aggregateSql(entity, aggregate, field, q)} AS value FROM ${q(entity.table)}${where.text}`;
    const { rows } = await this.database.query<{ value: string | number | null }>(sql, where.params);
    const value = rows[0]?.value ?? null;
    return value === null ? null : Number(value);
  }
}
