/**
 * The ONLY module that imports odata-v4-parser (style point 6). Its `Token.value` is
 * `any`; here every token is narrowed with runtime checks into the closed `SyntaxExpr`
 * union and no token leaves this file.
 *
 *   parseFilter("Name eq 'Sam' and not startswith(City,'B')")
 *   |-- logical and
 *       |-- compare eq (member Name) (literal String 'Sam')
 *       |-- not (call startswith [(member City), (literal String 'B')])
 *
 * Parser quirks handled here (found by experiment with 0.1.29):
 * - `not` swallows everything after it (`not A eq 1 and B eq 2` → not(A and B)), and
 *   and/or chains are right-nested with a single fix-up. We flatten the boolean layer
 *   back into its textual sequence and rebuild it with OData precedence
 *   (not > and > or; a comparison binds tighter than `not`, as every client intends).
 * - `startswith(…) eq true` and `cast(…)` do not parse at all: see filter-encoding.ts.
 * - We check that the root token spans the whole input (`next`) ourselves as well.
 * - Its errors carry positions in the ENCODED text; we map them back to the decoded one.
 */
import { filter as runParser } from 'odata-v4-parser';
import { ODataErrorCode, ODataLimitError } from '../errors/odata-errors';
import type { SyntaxExpr, UnsupportedOp } from '../ast/syntax';
import { assertNever } from '../util/assert-never';
import { encodeFilter, EncodedFilter, filterSyntaxError } from './filter-encoding';
import { BoolItem, rebuildBoolean } from './boolean-precedence';
import {
  ARITHMETIC,
  asToken,
  COMPARISONS,
  field,
  handledType,
  identifierName,
  isToken,
  LITERAL_KINDS,
  ParserToken,
  side,
  unexpectedShape,
} from './parser-token';

/** Functions the encoder spelled `substring`; all take exactly two arguments. */
const TWO_ARGUMENTS = 2;

/**
 * Parses a DECODED `$filter` into the syntactic AST. Throws ODataSyntaxError
 * (ODATA_SYNTAX / ODATA_UNKNOWN_FUNCTION) with positions in the decoded text.
 *
 * @publicApi
 */
export function parseFilter(text: string): SyntaxExpr {
  try {
    const encoded = encodeFilter(text);
    if (encoded.text.length === 0) throw filterSyntaxError(text, 0, 'the expression is empty');
    return new TokenConverter(text, encoded).toExpr(parseTokens(text, encoded));
  } catch (error) {
    // A hostile `not not not …` or `----1` can exhaust the stack below the depth limits.
    if (error instanceof RangeError) {
      throw new ODataLimitError(ODataErrorCode.LimitExceeded, 'The $filter expression is nested too deeply.', '$filter');
    }
    throw error;
  }
}

function parseTokens(decoded: string, encoded: EncodedFilter): ParserToken {
  let result: unknown;
  try {
    result = runParser(encoded.text);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    const message = error instanceof Error ? error.message : '';
    const unexpected = /^Unexpected character at (\d+)$/.exec(message);
    if (!unexpected) throw filterSyntaxError(decoded, encoded.sourceIndex[0] ?? 0, 'not a valid expression');
    throw filterSyntaxError(decoded, sourcePosition(encoded, Number(unexpected[1])), 'unexpected text');
  }
  const token = asToken(result);
  if (token.position !== 0 || token.next !== encoded.text.length) {
    throw filterSyntaxError(decoded, sourcePosition(encoded, token.next), 'unexpected text');
  }
  return token;
}

function sourcePosition(encoded: EncodedFilter, encodedPosition: number): number {
  const index = Math.min(Math.max(encodedPosition, 0), encoded.sourceIndex.length - 1);
  return encoded.sourceIndex[index];
}

class TokenConverter {
  constructor(
    private readonly decoded: string,
    private readonly encoded: EncodedFilter,
  ) {}

  toExpr(t: ParserToken): SyntaxExpr {
    const type = handledType(t);
    switch (type) {
      case 'EqualsExpression':
      case 'NotEqualsExpression':
      case 'LesserThanExpression':
      case 'LesserOrEqualsExpression':
      case 'GreaterThanExpression':
      case 'GreaterOrEqualsExpression':
        return { kind: 'compare', op: COMPARISONS[type], left: this.toExpr(side(t, 'left')), right: this.toExpr(side(t, 'right')) };
      case 'AndExpression':
      case 'OrExpression':
      case 'NotExpression':
        return this.boolean(t);
      case 'BoolParenExpression':
      case 'ParenExpression':
      case 'CommonExpression':
        return this.toExpr(asToken(t.value));
      case 'MethodCallExpression':
        return this.call(t);
      case 'IsOfExpression':
      case 'CastExpression':
        return this.typeFunction(t, type === 'IsOfExpression' ? 'isof' : 'cast');
      case 'Literal':
        return this.literal(t);
      case 'FirstMemberExpression':
        return this.firstMember(t);
      case 'MemberExpression':
        return this.member(t, []);
      case 'PropertyPathExpression':
        return this.propertyPath(t, []);
      case 'ODataIdentifier':
        return { kind: 'member', path: [identifierName(t)] };
      case 'HasExpression':
        return this.unsupported(t, 'has', [this.toExpr(side(t, 'left'))]);
      case 'AddExpression':
      case 'SubExpression':
      case 'MulExpression':
      case 'DivExpression':
      case 'ModExpression':
        return this.unsupported(t, ARITHMETIC[type], [this.toExpr(side(t, 'left')), this.toExpr(side(t, 'right'))]);
      case 'NegateExpression':
        return this.unsupported(t, 'negate', [this.toExpr(asToken(t.value))]);
      case 'ParameterAlias':
        return this.unsupported(t, 'alias', []);
      case 'RootExpression':
        return this.unsupported(t, 'root', []);
      case 'ArrayOrObject':
        return this.unsupported(t, 'json', []);
      case 'LambdaVariableExpression':
      case 'ImplicitVariableExpression':
        return this.unsupported(t, 'lambda', []);
      case 'Enum':
        return { kind: 'literal', literalKind: 'Other', text: this.sourceText(t) };
      default:
        return assertNever(type, 'parser token type');
    }
  }

  /** and/or/not: flatten to the textual sequence, then rebuild with OData precedence. */
  private boolean(t: ParserToken): SyntaxExpr {
    const items: BoolItem<ParserToken>[] = [];
    linearize(t, items);
    return rebuildBoolean(items, (atom) => this.toExpr(atom));
  }

  private call(t: ParserToken): SyntaxExpr {
    const method = field(t.value, 'method');
    if (typeof method !== 'string') throw unexpectedShape(t);
    const parameters = field(t.value, 'parameters');
    const args = Array.isArray(parameters) ? parameters.map((p) => this.toExpr(asToken(p))) : [];
    const renamed = this.encoded.renamedCalls.get(t.position);
    if (renamed !== undefined && args.length !== TWO_ARGUMENTS) {
      throw filterSyntaxError(this.decoded, this.encoded.sourceIndex[t.position], `${renamed} takes exactly two arguments`);
    }
    return { kind: 'call', name: renamed ?? method, args };
  }

  private typeFunction(t: ParserToken, name: 'isof' | 'cast'): SyntaxExpr {
    const target = field(t.value, 'target');
    return { kind: 'call', name, args: isToken(target) ? [this.toExpr(target)] : [] };
  }

  private literal(t: ParserToken): SyntaxExpr {
    const edmType = typeof t.value === 'string' ? t.value : '';
    const literalKind = LITERAL_KINDS[edmType] ?? 'Other';
    const text = decodeRaw(t.raw);
    if (literalKind !== 'String') return { kind: 'literal', literalKind, text };
    // Outer quotes off, `''` → `'` (OData ABNF SQUOTE-in-string).
    return { kind: 'literal', literalKind, text: text.slice(1, -1).replace(/''/g, "'") };
  }

  private firstMember(t: ParserToken): SyntaxExpr {
    const opaque = this.encoded.opaqueCalls.get(t.position);
    if (opaque !== undefined) return { kind: 'call', name: opaque, args: [] };
    const value = t.value;
    if (Array.isArray(value)) {
      // `$it/Name` is `Name`; any other variable prefix lives inside a lambda.
      const [variable, member] = value.map(asToken);
      return variable.type === 'ImplicitVariableExpression' && member ? this.member(member, []) : this.unsupported(t, 'lambda', []);
    }
    const inner = asToken(value);
    return inner.type === 'MemberExpression' ? this.member(inner, []) : this.toExpr(inner);
  }

  private member(t: ParserToken, prefix: readonly string[]): SyntaxExpr {
    const inner = asToken(t.value);
    if (inner.type === 'PropertyPathExpression') return this.propertyPath(inner, prefix);
    return this.unsupported(t, 'navigation', prefixOperand(prefix));
  }

  /** `A`, or `A/B/C` as one path; lambdas and `$count` after a path are unsupported. */
  private propertyPath(t: ParserToken, prefix: readonly string[]): SyntaxExpr {
    if (isToken(t.value)) return { kind: 'member', path: [...prefix, identifierName(t.value)] };
    const path = [...prefix, identifierName(asToken(field(t.value, 'current')))];
    const next = asToken(field(t.value, 'next'));
    const inner = asToken(next.value);
    if (next.type === 'SingleNavigationExpression' || next.type === 'ComplexPathExpression') {
      if (inner.type === 'MemberExpression') return this.member(inner, path);
    }
    const isLambda = next.type === 'CollectionPathExpression' && (inner.type === 'AnyExpression' || inner.type === 'AllExpression');
    return this.unsupported(t, isLambda ? 'lambda' : 'navigation', prefixOperand(path));
  }

  private unsupported(t: ParserToken, op: UnsupportedOp, operands: readonly SyntaxExpr[]): SyntaxExpr {
    return { kind: 'unsupported', op, text: this.sourceText(t), operands };
  }

  private sourceText(t: ParserToken): string {
    const index = this.encoded.sourceIndex;
    return this.decoded.slice(index[t.position], index[Math.min(t.next, index.length - 1)]);
  }
}

function linearize(t: ParserToken, out: BoolItem<ParserToken>[]): void {
  if (t.type === 'AndExpression' || t.type === 'OrExpression') {
    linearize(side(t, 'left'), out);
    out.push({ op: t.type === 'AndExpression' ? 'and' : 'or' });
    linearize(side(t, 'right'), out);
  } else if (t.type === 'NotExpression') {
    out.push({ op: 'not' });
    linearize(asToken(t.value), out);
  } else {
    out.push({ operand: t });
  }
}

function prefixOperand(path: readonly string[]): SyntaxExpr[] {
  return path.length > 0 ? [{ kind: 'member', path }] : [];
}


/** Literal raws are percent-encoded by our own encoder, so this cannot fail on valid input. */
function decodeRaw(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
