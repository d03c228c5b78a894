import type { BoundOrderBy, StorageValue } from '../ast/bound';
import { atom, Compiled, combine } from './compile-predicate';
import { sql, SqlFragment, sqlf } from './sql-fragment';
import type { SqlDialect } from './sql-dialect';

/**
 * Keyset continuation: the rows strictly after `after` (the last row's value of each
 * ORDER BY item) in the total order, nulls first ascending and last descending:
 *
 *   ORDER BY a ASC, b DESC, key ASC   after (a1, b1, k1)
 *   → (a > a1 OR (a = a1 AND (b < b1 OR b IS NULL OR (b = b1 AND key > k1))))
 *
 * A null `after` value changes the branches: ascending, the rows after a null are the
 * non-null ones; descending, nothing sorts after a null, only the equality branch remains.
 */
export function compileKeyset(orderBy: readonly BoundOrderBy[], after: readonly (StorageValue | null)[], dialect: SqlDialect): Compiled {
  if (after.length !== orderBy.length) {
    throw new Error(`keyset has ${after.length} values for ${orderBy.length} order items`);
  }
  return keysetFrom(0, orderBy, after, dialect);
}

function keysetFrom(i: number, orderBy: readonly BoundOrderBy[], after: readonly (StorageValue | null)[], dialect: SqlDialect): Compiled {
  const { property, direction } = orderBy[i];
  const column = sql.raw(dialect.quoteIdent(property.column));
  const value = after[i];
  const param = () => sql.param(value === null ? null : dialect.toParam(value, property.attribute.type));
  const branches: Compiled[] = beyond(column, direction, value === null, param).map(atom);
  if (i + 1 < orderBy.length) {
    const same = value === null ? sqlf`${column} IS NULL` : sqlf`${column} = ${param()}`;
    const tie = combine('and', [atom(same), keysetFrom(i + 1, orderBy, after, dialect)]);
    branches.push(atom(sqlf`(${tie.sql})`));
  }
  if (branches.length === 0) return atom(sql.raw(dialect.booleanConstant(false)));
  return combine('or', branches);
}

/** Rows strictly past the value on this one column. */
function beyond(column: SqlFragment, direction: 'asc' | 'desc', isNull: boolean, param: () => SqlFragment): SqlFragment[] {
  if (direction === 'asc') return [isNull ? sqlf`${column} IS NOT NULL` : sqlf`${column} > ${param()}`];
  return isNull ? [] : [sqlf`${column} < ${param()}`, sqlf`${column} IS NULL`];
}
