import type { StorageValue } from '../ast/bound';
import type { LiteralKind } from '../ast/syntax';
import type { AttributeMetadata } from '../metadata/entity-metadata';
import { assertNever } from '../util/assert-never';
import { typeMismatch } from './bind-errors';
import { normalizeDate, normalizeDateTimeOffset } from './date-time-literal';

export interface LiteralSyntax {
  readonly literalKind: LiteralKind;
  readonly text: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMERIC_KINDS: readonly LiteralKind[] = ['Integer', 'Decimal', 'Double'];

/**
 * Converts a literal to the storage value of the property it is compared with
 * (representation documented on `StorageValue`). `null` stays null for every type.
 * Anything that does not fit fails here, in bind, never at the database (style point 5).
 */
export function convertLiteral(attribute: AttributeMetadata, literal: LiteralSyntax): StorageValue | null {
  if (literal.literalKind === 'null') return null;
  switch (attribute.type) {
    case 'String':
      return withoutNul(attribute, expectKind(attribute, literal, ['String']));
    case 'Guid':
      return toGuid(attribute, literal);
    case 'Int32':
      return toInt32(attribute, literal);
    case 'Int64':
      return toInt64(attribute, literal);
    case 'Double':
      return toDouble(attribute, literal);
    case 'Decimal':
      return toDecimal(attribute, literal);
    case 'Boolean':
      return expectKind(attribute, literal, ['Boolean']).toLowerCase() === 'true';
    case 'DateTimeOffset':
      return normalized(attribute, literal, 'DateTimeOffset', normalizeDateTimeOffset);
    case 'Date':
      return normalized(attribute, literal, 'Date', normalizeDate);
    default:
      return assertNever(attribute.type, 'EDM type');
  }
}

function expectKind(attribute: AttributeMetadata, literal: LiteralSyntax, kinds: readonly LiteralKind[]): string {
  if (!kinds.includes(literal.literalKind)) throw typeMismatch(attribute, `the literal ${describe(literal)} does not fit`);
  return literal.text;
}

/** A guid literal is canonicalised to lower case; a string is compared as given. */
function toGuid(attribute: AttributeMetadata, literal: LiteralSyntax): string {
  const text = expectKind(attribute, literal, ['Guid', 'String']);
  return literal.literalKind === 'Guid' ? text.toLowerCase() : text;
}

function toInt32(attribute: AttributeMetadata, literal: LiteralSyntax): number {
  const n = Number(expectKind(attribute, literal, ['Integer']));
  if (!Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) throw typeMismatch(attribute, `${literal.text} is out of range`);
  return n;
}

/** Parsed from the text, so 9007199254740993 stays exact. */
function toInt64(attribute: AttributeMetadata, literal: LiteralSyntax): bigint {
  const n = BigInt(expectKind(attribute, literal, ['Integer']));
  if (n < INT64_MIN || n > INT64_MAX) throw typeMismatch(attribute, `${literal.text} is out of range`);
  return n;
}

function toDouble(attribute: AttributeMetadata, literal: LiteralSyntax): number {
  const n = Number(expectKind(attribute, literal, NUMERIC_KINDS));
  if (!Number.isFinite(n)) throw typeMismatch(attribute, `${literal.text} is not a finite number`);
  return n;
}

/** Kept as the literal's text: exact, and both databases compare it numerically. */
function toDecimal(attribute: AttributeMetadata, literal: LiteralSyntax): string {
  const text = expectKind(attribute, literal, NUMERIC_KINDS);
  if (!Number.isFinite(Number(text))) throw typeMismatch(attribute, `${text} is not a finite number`);
  return text;
}

function normalized(
  attribute: AttributeMetadata,
  literal: LiteralSyntax,
  kind: LiteralKind,
  normalize: (text: string) => string | undefined,
): string {
  const value = normalize(expectKind(attribute, literal, [kind]));
  if (value === undefined) throw typeMismatch(attribute, `${literal.text} is not a valid ${kind}`);
  return value;
}

/** No store holds U+0000 the same way (PostgreSQL refuses it), so no value may carry one. */
function withoutNul(attribute: AttributeMetadata, text: string): string {
  if (text.includes('\u0000')) throw typeMismatch(attribute, 'a string must not contain the NUL character (%00)');
  return text;
}

function describe(literal: LiteralSyntax): string {
  const shown = literal.literalKind === 'String' ? `'${literal.text}'` : literal.text;
  return `${shown} (${literal.literalKind === 'Other' ? 'unsupported literal' : literal.literalKind})`;
}
