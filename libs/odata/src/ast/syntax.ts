/**
 * Syntactic AST of `$filter`: names are plain strings, nothing is resolved.
 *
 *   $filter=Email eq 'a@b.c' and not startswith(City,'Ber')
 *   |-- and
 *       |-- compare eq (member Email) (literal String 'a@b.c')
 *       |-- not
 *           |-- call startswith [(member City), (literal String 'Ber')]
 */
export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LogicalOp = 'and' | 'or';
/**
 * Constructs that parse but we do not support (501): operators, lambdas, navigation,
 * parameter aliases (`@p`), `$root` paths and JSON array/object literals.
 */
export type UnsupportedOp =
  | 'has'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'mod'
  | 'negate'
  | 'lambda'
  | 'navigation'
  | 'alias'
  | 'root'
  | 'json';

/** Literal kinds as odata-v4-parser classifies them, narrowed to a closed set. */
export type LiteralKind =
  | 'null'
  | 'String'
  | 'Boolean'
  | 'Integer'
  | 'Decimal'
  | 'Double'
  | 'Date'
  | 'DateTimeOffset'
  | 'TimeOfDay'
  | 'Duration'
  | 'Guid'
  | 'Binary'
  | 'Other';

export type SyntaxExpr =
  | { readonly kind: 'logical'; readonly op: LogicalOp; readonly left: SyntaxExpr; readonly right: SyntaxExpr }
  | { readonly kind: 'not'; readonly operand: SyntaxExpr }
  | { readonly kind: 'compare'; readonly op: ComparisonOp; readonly left: SyntaxExpr; readonly right: SyntaxExpr }
  | { readonly kind: 'member'; readonly path: readonly string[] }
  /** `text` is the decoded literal text: string content without quotes, or the raw token. */
  | { readonly kind: 'literal'; readonly literalKind: LiteralKind; readonly text: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly SyntaxExpr[] }
  /**
   * `operands` holds the sub-expressions we could read (e.g. both sides of `add`, the
   * collection of a lambda) so the binder can still report an unknown property first (§3.3).
   */
  | { readonly kind: 'unsupported'; readonly op: UnsupportedOp; readonly text: string; readonly operands?: readonly SyntaxExpr[] };
