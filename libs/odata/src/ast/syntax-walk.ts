import { assertNever } from '../util/assert-never';
import type { SyntaxExpr } from './syntax';

/** Direct sub-expressions of a syntax node, in textual order. */
export function syntaxChildren(expr: SyntaxExpr): readonly SyntaxExpr[] {
  switch (expr.kind) {
    case 'logical':
    case 'compare':
      return [expr.left, expr.right];
    case 'not':
      return [expr.operand];
    case 'call':
      return expr.args;
    case 'unsupported':
      return expr.operands ?? [];
    case 'member':
    case 'literal':
      return [];
    default:
      return assertNever(expr, 'syntax node');
  }
}

/** Pre-order walk (a node before its children, children left to right = textual order). */
export function visitSyntax(expr: SyntaxExpr, visit: (node: SyntaxExpr) => void): void {
  visit(expr);
  for (const child of syntaxChildren(expr)) visitSyntax(child, visit);
}
