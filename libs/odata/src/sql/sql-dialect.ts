import type { EdmType, StorageValue } from '../ast/bound';
import type { SqlFragment } from './sql-fragment';

/**
 * Everything that differs between databases, asked for by the one generic compiler
 * (cds-dbs' CQN2SQLite/CQN2Postgres override only this much). Fragments returned here
 * use the unrendered parameter marker; the compiler numbers them.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Double quotes, embedded quotes doubled. Input comes from entity metadata only. */
  quoteIdent(name: string): string;
  /** 1-based placeholder: `?` or `$n`. */
  placeholder(n: number): string;
  /** Storage value → driver parameter (SQLite: boolean → 1/0; PostgreSQL: bigint → string). */
  toParam(value: StorageValue, type: EdmType): unknown;
  /** Case-sensitive, index-friendly prefix test on an already quoted column; negated = two-valued NOT. */
  startsWith(column: string, prefix: string, negated: boolean): SqlFragment;
  /**
   * One ORDER BY item with OData null placement: first ascending, last descending. `nullable`
   * false (a NOT NULL column) lets a dialect drop the placement, so the order matches a plain index.
   */
  orderByItem(column: string, direction: 'asc' | 'desc', nullable: boolean): string;
  limitOffset(limit: number, offset?: number): SqlFragment;
  /** An always-true / always-false predicate. */
  booleanConstant(value: boolean): string;
}
