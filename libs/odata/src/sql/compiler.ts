import type { BoundExpr, BoundQuery, StorageValue } from '../ast/bound';
import { combine, Compiled, compilePredicate } from './compile-predicate';
import { compileKeyset } from './compile-keyset';
import { sql, SqlFragment, sqlf } from './sql-fragment';
import type { SqlDialect } from './sql-dialect';

/** One page of a query: LIMIT, and either OFFSET (first page with `$skip`) or a keyset position. */
export interface PageSpec {
  readonly limit: number;
  readonly offset?: number;
  /** The last row's value of each `query.orderBy` item, in the same order. */
  readonly after?: readonly (StorageValue | null)[];
}

/**
 * The generic SQL compiler (cds-dbs style): walks the bound AST and asks the dialect for
 * everything that differs. Returns rendered statements: numbered placeholders + params.
 *
 *   new SqlCompiler(postgresDialect).select(query, { limit: 100 })
 *   → SELECT "CustomerId", "Email" FROM "demo__Customer" WHERE "City" = $1
 *     ORDER BY "CustomerId" ASC NULLS FIRST LIMIT $2
 *
 * @publicApi
 */
export class SqlCompiler {
  constructor(private readonly dialect: SqlDialect) {}

  select(query: BoundQuery, page: PageSpec): SqlFragment {
    assertCount('limit', page.limit);
    if (page.offset !== undefined) assertCount('offset', page.offset);
    const columns = sql.raw(query.select.map((a) => this.dialect.quoteIdent(a.name)).join(', '));
    const conditions: Compiled[] = [];
    if (query.filter) conditions.push(compilePredicate(query.filter, this.dialect));
    if (page.after) conditions.push(compileKeyset(query.orderBy, page.after, this.dialect));
    const orderBy = query.orderBy.map((o) =>
      this.dialect.orderByItem(this.dialect.quoteIdent(o.property.column), o.direction, o.property.attribute.nullable && o.property.attribute.name !== query.entity.key),
    );
    const statement = sqlf`SELECT ${columns} FROM ${this.ident(query.entity.table)}${this.whereClause(conditions)} ORDER BY ${sql.raw(
      orderBy.join(', '),
    )} ${this.dialect.limitOffset(page.limit, page.offset)}`;
    return this.render(statement);
  }

  /** Size of the whole filtered collection (`$count=true`). */
  count(query: BoundQuery): SqlFragment {
    const conditions = query.filter ? [compilePredicate(query.filter, this.dialect)] : [];
    return this.render(sqlf`SELECT COUNT(*) FROM ${this.ident(query.entity.table)}${this.whereClause(conditions)}`);
  }

  /** A predicate on its own (segments and measures filter with it). */
  where(expr: BoundExpr): SqlFragment {
    return this.render(compilePredicate(expr, this.dialect).sql);
  }

  private whereClause(conditions: readonly Compiled[]): SqlFragment {
    return conditions.length === 0 ? sql.raw('') : sqlf` WHERE ${combine('and', conditions).sql}`;
  }

  private ident(name: string): SqlFragment {
    return sql.ident(name, this.dialect);
  }

  private render(fragment: SqlFragment): SqlFragment {
    return sql.render(fragment, (n) => this.dialect.placeholder(n));
  }
}

/** Page sizes and offsets come from this library's callers, already checked against the limits. */
function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`page ${name} must be a non-negative integer, got ${String(value)}`);
}
