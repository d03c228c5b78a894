import type { BoundExpr, BoundProperty } from '../ast/bound';
import type { ComparisonOp, SyntaxExpr } from '../ast/syntax';
import { ODataErrorCode, ODataNotImplementedError, ODataSemanticError } from '../errors/odata-errors';
import { EntityMetadata, findAttribute } from '../metadata/entity-metadata';
import { assertNever } from '../util/assert-never';
import { typeMismatch, unknownProperty } from './bind-errors';
import { convertLiteral } from './convert-literal';

type Node<K extends SyntaxExpr['kind']> = Extract<SyntaxExpr, { kind: K }>;

/** `5 lt Points` is `Points gt 5`. */
const FLIPPED: Readonly<Record<ComparisonOp, ComparisonOp>> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

/**
 * Pass 4: resolves members to columns and literals to storage values. The earlier
 * passes (check-filter.ts) guarantee names exist, only supported shapes remain and the
 * rules hold; what can still fail here is a type mismatch (400 ODATA_TYPE_MISMATCH).
 *
 *   $filter=5 lt LoyaltyPoints and IsActive
 *   |-- and
 *       |-- compare gt (LoyaltyPoints: Int32) 5
 *       |-- compare eq (IsActive: Boolean) true
 */
export function bindFilter(expr: SyntaxExpr, entity: EntityMetadata): BoundExpr {
  switch (expr.kind) {
    case 'logical':
      return { kind: expr.op, left: bindFilter(expr.left, entity), right: bindFilter(expr.right, entity) };
    case 'not':
      return { kind: 'not', operand: bindFilter(expr.operand, entity) };
    case 'compare':
      return bindComparison(expr, entity);
    case 'member':
      return bindBareMember(expr, entity);
    case 'literal':
      return bindBareLiteral(expr);
    case 'call':
      return bindStartsWith(expr, entity);
    case 'unsupported':
      throw new ODataNotImplementedError(`'${expr.text}' is not supported in $filter.`, '$filter');
    default:
      return assertNever(expr, 'syntax node');
  }
}

export function bindProperty(entity: EntityMetadata, name: string): BoundProperty {
  const attribute = findAttribute(entity, name);
  if (!attribute) throw unknownProperty(entity, name);
  return { kind: 'property', attribute, column: attribute.name };
}

function bindComparison(expr: Node<'compare'>, entity: EntityMetadata): BoundExpr {
  const { left, right } = expr;
  if (left.kind === 'member' && right.kind === 'literal') return compare(expr.op, left, right, entity);
  if (left.kind === 'literal' && right.kind === 'member') return compare(FLIPPED[expr.op], right, left, entity);
  if (left.kind === 'call' && right.kind === 'literal') return startsWithCompared(expr.op, left, right, entity);
  if (left.kind === 'literal' && right.kind === 'call') return startsWithCompared(expr.op, right, left, entity);
  throw new ODataNotImplementedError('Comparisons must have a property on one side and a literal on the other.', '$filter');
}

function compare(op: ComparisonOp, member: Node<'member'>, literal: Node<'literal'>, entity: EntityMetadata): BoundExpr {
  const property = bindProperty(entity, member.path[0]);
  return { kind: 'compare', op, property, value: convertLiteral(property.attribute, literal) };
}

/** `startswith(…) eq true` is the call; `eq false` / `ne true` its negation. */
function startsWithCompared(op: ComparisonOp, call: Node<'call'>, literal: Node<'literal'>, entity: EntityMetadata): BoundExpr {
  const bound = bindStartsWith(call, entity);
  if (literal.literalKind !== 'Boolean' || (op !== 'eq' && op !== 'ne')) {
    const subject = bound.kind === 'startswith' ? bound.property.attribute : undefined;
    const problem = `startswith(…) can only be compared with true or false using eq or ne, not '${op} ${literal.text}'`;
    if (subject) throw typeMismatch(subject, problem);
    throw new ODataSemanticError(ODataErrorCode.TypeMismatch, `${problem}.`, '$filter');
  }
  const positive = (op === 'eq') === (literal.text.toLowerCase() === 'true');
  return positive ? bound : { kind: 'not', operand: bound };
}

function bindStartsWith(call: Node<'call'>, entity: EntityMetadata): BoundExpr {
  const [subject, prefix] = call.args;
  if (call.name !== 'startswith' || subject?.kind !== 'member' || prefix?.kind !== 'literal') {
    throw new ODataNotImplementedError(`'${call.name}(…)' is not supported here.`, call.name);
  }
  const property = bindProperty(entity, subject.path[0]);
  if (property.attribute.type !== 'String') throw typeMismatch(property.attribute, 'startswith needs a String property');
  if (prefix.literalKind !== 'String') throw typeMismatch(property.attribute, 'startswith needs a string literal as its second argument');
  return { kind: 'startswith', property, prefix: prefix.text };
}

/** A bare Boolean property as a predicate means `prop eq true` (OData boolCommonExpr). */
function bindBareMember(member: Node<'member'>, entity: EntityMetadata): BoundExpr {
  const property = bindProperty(entity, member.path[0]);
  if (property.attribute.type !== 'Boolean') {
    throw typeMismatch(property.attribute, 'only a Boolean property can be used as a condition on its own');
  }
  return { kind: 'compare', op: 'eq', property, value: true };
}

function bindBareLiteral(literal: Node<'literal'>): BoundExpr {
  if (literal.literalKind !== 'Boolean') {
    throw new ODataSemanticError(ODataErrorCode.TypeMismatch, `The literal ${literal.text} is not a condition.`, '$filter');
  }
  return { kind: 'constant', value: literal.text.toLowerCase() === 'true' };
}
