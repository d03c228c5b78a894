import type { StorageValue } from '../../ast/bound';
import { quoteDoubleQuoted, sql, SqlFragment, sqlf } from '../sql-fragment';
import type { SqlDialect } from '../sql-dialect';

/**
 * PostgreSQL: `$n` placeholders, bigint sent as text (node-postgres cannot bind
 * bigint), explicit NULLS FIRST/LAST. String columns are created `COLLATE "C"`, so
 * comparisons and LIKE are ordinal and LIKE 'prefix%' is index-backed.
 */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  quoteIdent: quoteDoubleQuoted,
  placeholder: (n) => `$${n}`,

  toParam(value: StorageValue): unknown {
    return typeof value === 'bigint' ? value.toString() : value;
  },

  /**
   * OData v4.01 Part 2 §5.1.1.5.6 startswith: `LIKE 'prefix%'` with the LIKE
   * metacharacters `\`, `%`, `_` of the prefix escaped, so `100%` matches only itself.
   */
  startsWith(column: string, prefix: string, negated: boolean): SqlFragment {
    const c = sql.raw(column);
    const pattern = sql.param(`${escapeLike(prefix)}%`);
    return negated ? sqlf`(${c} NOT LIKE ${pattern} ESCAPE '\\' OR ${c} IS NULL)` : sqlf`${c} LIKE ${pattern} ESCAPE '\\'`;
  },

  // OData v4.01 Part 2 §5.1.5 $orderby: nulls first ascending (PostgreSQL's default is the opposite).
  // Stated only where a column can hold NULL: `ASC NULLS FIRST` cannot be read off a plain
  // ascending index, so a keyset page by the (NOT NULL) key would scan and sort every later row.
  // Indexes of nullable columns are built `NULLS FIRST` to match.
  orderByItem(column, direction, nullable) {
    const placement = nullable ? (direction === 'asc' ? ' NULLS FIRST' : ' NULLS LAST') : '';
    return `${column} ${direction === 'asc' ? 'ASC' : 'DESC'}${placement}`;
  },

  limitOffset(limit: number, offset?: number): SqlFragment {
    const limitPart = sqlf`LIMIT ${sql.param(limit)}`;
    return offset ? sqlf`${limitPart} OFFSET ${sql.param(offset)}` : limitPart;
  },

  booleanConstant: (value) => (value ? 'TRUE' : 'FALSE'),
};

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
