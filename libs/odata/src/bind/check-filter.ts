import { ALLOWED_FUNCTION, isCanonicalFunction } from '../ast/canonical-functions';
import type { SyntaxExpr, UnsupportedOp } from '../ast/syntax';
import { visitSyntax } from '../ast/syntax-walk';
import { ODataErrorCode, ODataNotImplementedError, ODataSyntaxError } from '../errors/odata-errors';
import { EntityMetadata, findAttribute } from '../metadata/entity-metadata';
import { filterFieldViolation, filterFunctionViolation, unknownProperty } from './bind-errors';

/*
 * The checks of `$filter`, one pass per error class, so that when a filter breaks
 * several rules the §3.3 order decides which one answers:
 *   syntax (400) > unknown property (400) > unsupported construct (501) > rule (400/501).
 * Within a pass the first offender in textual order wins.
 */

type CallExpr = Extract<SyntaxExpr, { kind: 'call' }>;
type CompareExpr = Extract<SyntaxExpr, { kind: 'compare' }>;

/** Pass 1: every function is OData, every property exists (`A/B` → `A` must exist). */
export function checkFilterNames(filter: SyntaxExpr, entity: EntityMetadata): void {
  visitSyntax(filter, (node) => {
    if (node.kind === 'call' && !isCanonicalFunction(node.name)) {
      throw new ODataSyntaxError(ODataErrorCode.UnknownFunction, `Unknown function '${node.name}' in $filter.`, node.name);
    }
    if (node.kind === 'member') checkPathExists(entity, node.path);
  });
}

export function checkPathExists(entity: EntityMetadata, path: readonly string[]): void {
  if (!findAttribute(entity, path[0])) throw unknownProperty(entity, path[0]);
}

/** Pass 2: nothing we do not implement - unsupported operators, navigation, odd comparisons. */
export function checkFilterSupported(filter: SyntaxExpr): void {
  visitSyntax(filter, (node) => {
    if (node.kind === 'unsupported') throw unsupportedConstruct(node.op, node.text);
    if (node.kind === 'member' && node.path.length > 1) throw navigationNotSupported(node.path);
  });
  checkPredicateShape(filter);
}

/** Pass 3 (§3.3): only filterable fields, no function but `startswith`. */
export function checkFilterRules(filter: SyntaxExpr, entity: EntityMetadata): void {
  visitSyntax(filter, (node) => {
    if (node.kind === 'call' && node.name !== ALLOWED_FUNCTION) throw filterFunctionViolation(node.name);
    if (node.kind === 'member' && !entity.filterableFields.includes(node.path[0])) throw filterFieldViolation(entity, node.path[0]);
  });
}

export function navigationNotSupported(path: readonly string[]): ODataNotImplementedError {
  const text = path.join('/');
  return new ODataNotImplementedError(`Navigation paths such as '${text}' are not supported; use properties of the entity itself.`, text);
}

const UNSUPPORTED_WHAT: Readonly<Record<UnsupportedOp, string>> = {
  has: "The 'has' operator",
  add: 'Arithmetic operators (add, sub, mul, div, mod, negation)',
  sub: 'Arithmetic operators (add, sub, mul, div, mod, negation)',
  mul: 'Arithmetic operators (add, sub, mul, div, mod, negation)',
  div: 'Arithmetic operators (add, sub, mul, div, mod, negation)',
  mod: 'Arithmetic operators (add, sub, mul, div, mod, negation)',
  negate: 'Arithmetic operators (add, sub, mul, div, mod, negation)',
  lambda: 'Lambda operators (any, all)',
  navigation: 'Navigation paths',
  alias: 'Parameter aliases',
  root: '$root paths',
  json: 'JSON array and object literals',
};

function unsupportedConstruct(op: UnsupportedOp, text: string): ODataNotImplementedError {
  return new ODataNotImplementedError(`${UNSUPPORTED_WHAT[op]} are not supported in $filter ('${text}').`, '$filter');
}

/** Shapes we compile: predicates of comparisons `property op literal` and `startswith`. */
function checkPredicateShape(expr: SyntaxExpr): void {
  switch (expr.kind) {
    case 'logical':
      checkPredicateShape(expr.left);
      checkPredicateShape(expr.right);
      return;
    case 'not':
      checkPredicateShape(expr.operand);
      return;
    case 'compare':
      checkComparisonShape(expr);
      return;
    case 'call':
      checkCallShape(expr);
      return;
    default:
      // member / literal as a predicate: their type is checked when binding.
      return;
  }
}

function checkComparisonShape(expr: CompareExpr): void {
  const kinds = new Set([expr.left.kind, expr.right.kind]);
  if (kinds.has('member') && kinds.has('literal')) return;
  const call = expr.left.kind === 'call' ? expr.left : expr.right.kind === 'call' ? expr.right : undefined;
  if (call && kinds.has('literal')) {
    if (call.name === ALLOWED_FUNCTION && expr.op !== 'eq' && expr.op !== 'ne') {
      throw new ODataNotImplementedError(`startswith(…) can only be compared with 'eq' or 'ne' true/false.`, '$filter');
    }
    checkCallShape(call);
    return;
  }
  throw new ODataNotImplementedError(
    'Comparisons must have a property on one side and a literal on the other (property-to-property and literal-to-literal comparisons are not supported).',
    '$filter',
  );
}

/** `startswith(Property, 'literal')`; other functions are refused by the rules pass. */
function checkCallShape(call: CallExpr): void {
  if (call.name !== ALLOWED_FUNCTION) return;
  const [subject, prefix] = call.args;
  if (subject?.kind !== 'member' || prefix?.kind !== 'literal') {
    throw new ODataNotImplementedError("startswith is supported as startswith(Property, 'text') only.", ALLOWED_FUNCTION);
  }
}
