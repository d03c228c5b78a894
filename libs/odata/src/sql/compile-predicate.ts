import type { BoundExpr, BoundProperty, StorageValue } from '../ast/bound';
import type { ComparisonOp } from '../ast/syntax';
import { assertNever } from '../util/assert-never';
import { sql, SqlFragment, sqlf } from './sql-fragment';
import type { SqlDialect } from './sql-dialect';

/** A compiled predicate and its top operator, so parents add parentheses only where needed. */
export interface Compiled {
  readonly sql: SqlFragment;
  readonly kind: 'atom' | 'and' | 'or';
}

const SQL_OPERATOR: Readonly<Record<ComparisonOp, string>> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
/** not(a op b) for non-null operands (the null case is handled separately). */
const COMPLEMENT: Readonly<Record<ComparisonOp, ComparisonOp>> = { eq: 'ne', ne: 'eq', gt: 'le', ge: 'lt', lt: 'ge', le: 'gt' };

/**
 * Compiles a bound filter with OData's two-valued logic, never SQL's three-valued one:
 * `not` is pushed down to the leaves (De Morgan) and every leaf is emitted positive or
 * negated, with `OR col IS NULL` where OData says a null row matches.
 *
 *   not (City eq 'B' or Points gt 5)
 *   → ("City" <> ? OR "City" IS NULL) AND ("Points" <= ? OR "Points" IS NULL)
 */
export function compilePredicate(expr: BoundExpr, dialect: SqlDialect, negated = false): Compiled {
  switch (expr.kind) {
    // OData v4.01 Part 2 §5.1.1.1.7 and, §5.1.1.1.8 or; under not, De Morgan swaps them.
    case 'and':
    case 'or': {
      const kind = (expr.kind === 'and') !== negated ? 'and' : 'or';
      return combine(kind, [compilePredicate(expr.left, dialect, negated), compilePredicate(expr.right, dialect, negated)]);
    }
    // OData v4.01 Part 2 §5.1.1.1.9 not: flips the polarity of everything below it.
    case 'not':
      return compilePredicate(expr.operand, dialect, !negated);
    case 'compare':
      return atom(comparison(expr.op, expr.property, expr.value, dialect, negated));
    // OData v4.01 Part 2 §5.1.1.5.6 startswith: the dialect knows how to keep it index-backed.
    case 'startswith':
      return atom(dialect.startsWith(dialect.quoteIdent(expr.property.column), expr.prefix, negated));
    case 'constant':
      return atom(sql.raw(dialect.booleanConstant(expr.value !== negated)));
    // OData v4.01 Part 2 §5.1.1.1.10 in: a list of non-null values; a null row is never in it.
    case 'in':
      return atom(membership(expr.property, expr.values, dialect, negated));
    default:
      return assertNever(expr, 'bound expression');
  }
}

/** Joins predicates with one operator, flattening same-operator children (`a AND b AND c`). */
export function combine(kind: 'and' | 'or', parts: readonly Compiled[]): Compiled {
  if (parts.length === 1) return parts[0];
  const separator = kind === 'and' ? ' AND ' : ' OR ';
  return { kind, sql: sql.join(parts.map((p) => (p.kind === 'atom' || p.kind === kind ? p.sql : parenthesize(p.sql))), separator) };
}

export function parenthesize(fragment: SqlFragment): SqlFragment {
  return sqlf`(${fragment})`;
}

export function atom(fragment: SqlFragment): Compiled {
  return { kind: 'atom', sql: fragment };
}

function comparison(op: ComparisonOp, property: BoundProperty, value: StorageValue | null, dialect: SqlDialect, negated: boolean): SqlFragment {
  const column = sql.raw(dialect.quoteIdent(property.column));
  if (value === null) return nullComparison(op, column, dialect, negated);
  // OData v4.01 Part 2 §5.1.1.1.1-2 eq/ne: null equals only null, so `ne 'x'` includes null rows.
  // §5.1.1.1.3-6 gt/ge/lt/le: false when an operand is null, so not(gt) includes null rows.
  const effective = negated ? COMPLEMENT[op] : op;
  const includesNull = effective === 'ne' || (negated && op !== 'eq' && op !== 'ne');
  const test = sqlf`${column} ${sql.raw(SQL_OPERATOR[effective])} ${sql.param(dialect.toParam(value, property.attribute.type))}`;
  return includesNull ? sqlf`(${test} OR ${column} IS NULL)` : test;
}

function membership(property: BoundProperty, values: readonly StorageValue[], dialect: SqlDialect, negated: boolean): SqlFragment {
  if (values.length === 0) return sql.raw(dialect.booleanConstant(negated));
  const column = sql.raw(dialect.quoteIdent(property.column));
  const list = sql.join(values.map((v) => sql.param(dialect.toParam(v, property.attribute.type))), ', ');
  return negated ? sqlf`(${column} NOT IN (${list}) OR ${column} IS NULL)` : sqlf`${column} IN (${list})`;
}

/** `eq null` is IS NULL; `gt/ge/lt/le null` is null in OData, i.e. matches no row. */
function nullComparison(op: ComparisonOp, column: SqlFragment, dialect: SqlDialect, negated: boolean): SqlFragment {
  if (op === 'eq' || op === 'ne') {
    const isNull = (op === 'eq') !== negated;
    return sqlf`${column} ${sql.raw(isNull ? 'IS NULL' : 'IS NOT NULL')}`;
  }
  return sql.raw(dialect.booleanConstant(negated));
}
