import type { SyntaxExpr } from '../ast/syntax';

/** One element of a flattened boolean expression: an operator or an operand of type `T`. */
export type BoolItem<T> = { readonly op: 'and' | 'or' | 'not' } | { readonly operand: T };

/**
 * Rebuilds `a and not b or c` (as a flat, textual sequence) with OData precedence:
 * `not` binds tighter than `and`, which binds tighter than `or`; both binary operators
 * are left-associative (OData v4.01 Part 2 §5.1.1, operator precedence table).
 *
 *   A and not B or C  →  or(and(A, not(B)), C)
 *
 * `operand` converts each non-operator item (a comparison, call, member, parenthesised
 * group…) into the syntax tree.
 */
export function rebuildBoolean<T>(items: readonly BoolItem<T>[], operand: (item: T) => SyntaxExpr): SyntaxExpr {
  const reader = new BooleanReader(items, operand);
  const expr = reader.or();
  reader.expectEnd();
  return expr;
}

class BooleanReader<T> {
  private index = 0;

  constructor(
    private readonly items: readonly BoolItem<T>[],
    private readonly operand: (item: T) => SyntaxExpr,
  ) {}

  or(): SyntaxExpr {
    let left = this.and();
    while (this.peekOp() === 'or') {
      this.index++;
      left = { kind: 'logical', op: 'or', left, right: this.and() };
    }
    return left;
  }

  expectEnd(): void {
    if (this.index !== this.items.length) throw new Error('boolean expression has trailing items');
  }

  private and(): SyntaxExpr {
    let left = this.unary();
    while (this.peekOp() === 'and') {
      this.index++;
      left = { kind: 'logical', op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): SyntaxExpr {
    const item = this.items[this.index++];
    if (item === undefined) throw new Error('boolean expression is missing an operand');
    if ('operand' in item) return this.operand(item.operand);
    if (item.op !== 'not') throw new Error(`boolean expression has '${item.op}' where an operand belongs`);
    return { kind: 'not', operand: this.unary() };
  }

  private peekOp(): string | undefined {
    const item = this.items[this.index];
    return item !== undefined && 'op' in item ? item.op : undefined;
  }
}
