import type { ComparisonOp, LiteralKind, UnsupportedOp } from '../ast/syntax';
import { ODataNotImplementedError } from '../errors/odata-errors';

/*
 * The narrow view of odata-v4-parser tokens that from-odata-v4-parser.ts works with.
 * This file does not import the parser: `ParserToken` is our own shape, checked at
 * runtime, and never leaves the parse/ folder.
 */

/** What we rely on in a parser token; `value` stays `unknown` until narrowed. */
export interface ParserToken {
  readonly type: string;
  readonly position: number;
  readonly next: number;
  readonly raw: string;
  readonly value: unknown;
}

const HANDLED = [
  'EqualsExpression',
  'NotEqualsExpression',
  'LesserThanExpression',
  'LesserOrEqualsExpression',
  'GreaterThanExpression',
  'GreaterOrEqualsExpression',
  'AndExpression',
  'OrExpression',
  'NotExpression',
  'BoolParenExpression',
  'ParenExpression',
  'CommonExpression',
  'MethodCallExpression',
  'IsOfExpression',
  'CastExpression',
  'Literal',
  'FirstMemberExpression',
  'MemberExpression',
  'PropertyPathExpression',
  'ODataIdentifier',
  'HasExpression',
  'AddExpression',
  'SubExpression',
  'MulExpression',
  'DivExpression',
  'ModExpression',
  'NegateExpression',
  'ParameterAlias',
  'RootExpression',
  'ArrayOrObject',
  'Enum',
  'LambdaVariableExpression',
  'ImplicitVariableExpression',
] as const;
export type HandledType = (typeof HANDLED)[number];
const HANDLED_SET = new Set<string>(HANDLED);

export const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  EqualsExpression: 'eq',
  NotEqualsExpression: 'ne',
  LesserThanExpression: 'lt',
  LesserOrEqualsExpression: 'le',
  GreaterThanExpression: 'gt',
  GreaterOrEqualsExpression: 'ge',
};

export const ARITHMETIC: Readonly<Record<string, UnsupportedOp>> = {
  AddExpression: 'add',
  SubExpression: 'sub',
  MulExpression: 'mul',
  DivExpression: 'div',
  ModExpression: 'mod',
};

export const LITERAL_KINDS: Readonly<Record<string, LiteralKind>> = {
  null: 'null',
  'Edm.String': 'String',
  'Edm.Boolean': 'Boolean',
  'Edm.SByte': 'Integer',
  'Edm.Byte': 'Integer',
  'Edm.Int16': 'Integer',
  'Edm.Int32': 'Integer',
  'Edm.Int64': 'Integer',
  'Edm.Decimal': 'Decimal',
  'Edm.Double': 'Double',
  'Edm.Single': 'Double',
  'Edm.Date': 'Date',
  'Edm.DateTimeOffset': 'DateTimeOffset',
  'Edm.TimeOfDay': 'TimeOfDay',
  'Edm.Duration': 'Duration',
  'Edm.Guid': 'Guid',
  'Edm.Binary': 'Binary',
};

export function handledType(t: ParserToken): HandledType {
  const type = t.type;
  if (isHandled(type)) return type;
  // Never emit something "reasonable" for a node we do not know (style point 7).
  throw new ODataNotImplementedError(`The $filter construct '${t.raw}' (${type}) is not supported.`, '$filter');
}

function isHandled(type: string): type is HandledType {
  return HANDLED_SET.has(type);
}

export function identifierName(t: ParserToken): string {
  const name = field(t.value, 'name');
  if (t.type !== 'ODataIdentifier' || typeof name !== 'string') throw unexpectedShape(t);
  return name;
}

export function side(t: ParserToken, name: 'left' | 'right'): ParserToken {
  return asToken(field(t.value, name));
}

export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function isToken(value: unknown): value is ParserToken {
  return (
    typeof field(value, 'type') === 'string' &&
    typeof field(value, 'position') === 'number' &&
    typeof field(value, 'next') === 'number' &&
    typeof field(value, 'raw') === 'string'
  );
}

export function asToken(value: unknown): ParserToken {
  if (!isToken(value)) throw new ODataNotImplementedError('The $filter expression has a shape this gateway does not read.', '$filter');
  return value;
}

export function unexpectedShape(t: ParserToken): ODataNotImplementedError {
  return new ODataNotImplementedError(`The $filter construct '${t.raw}' is not supported.`, '$filter');
}
