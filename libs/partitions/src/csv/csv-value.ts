import { normalizeDate, normalizeDateTimeOffset, type AttributeMetadata, type EdmType } from '@app/odata';
import { PartitionDataError } from '../partition-errors';
import type { CsvValue } from '../partition-types';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A date-time at midnight, any fraction of zeros, optional zone: its date part is an Edm.Date. */
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})[Tt ]00:00(?::00(?:\.0+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?$/;
/** A date-time without a zone (read as UTC); a space may stand for the `T`. */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const SPACED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (.*)$/;
/** The form partitions mostly hold (and `toISOString` writes): UTC, seconds, optional fraction. */
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,12})?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Up to 15 digits always fit a double exactly: no bigint needed. */
const SHORT_INTEGER = 15;

/**
 * Types one CSV field per its attribute (§5: "typed per the entity schema"):
 *
 *   ''  unquoted → null        '""' → '' for String, null otherwise
 *   Int32 `-12` → -12          Int64 `9007199254740993` → 9007199254740993n (bigint beyond ±2^53)
 *   Double/Decimal → finite number     Boolean true/false/1/0, any case
 *   Date `2024-01-02` (or `2024-01-02T00:00:00…`)     Guid → lower case
 *   DateTimeOffset → `YYYY-MM-DDTHH:mm:ss.sssZ`; without a zone the time is UTC
 *
 * @param offset absolute offset of the record, named in the error (optional: callers that
 *   parse with another reader may not know it).
 * @throws PartitionDataError naming the column when the text is not a value of its type.
 */
export function parseCsvValue(text: string, quoted: boolean, attribute: AttributeMetadata, offset?: number): CsvValue {
  if (text === '') return quoted && attribute.type === 'String' ? '' : null;
  const value = parseText(text, attribute.type);
  if (value === undefined) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw new PartitionDataError(
      `column '${attribute.name}' holds ${JSON.stringify(shown)}, which is not an Edm.${attribute.type}${at(offset)}`,
      offset ?? 0,
      { problem: 'value', column: attribute.name },
    );
  }
  return value;
}

/**
 * A record must have exactly one field per column.
 * @throws PartitionDataError naming both numbers.
 */
export function checkFieldCount(fields: number, columns: number, offset?: number): void {
  if (fields !== columns) {
    const counted = `${fields} field${fields === 1 ? '' : 's'}`;
    const expected = `${columns} column${columns === 1 ? '' : 's'}`;
    throw new PartitionDataError(`the record has ${counted}, but the partition has ${expected}${at(offset)}`, offset ?? 0, { problem: 'fieldCount' });
  }
}

function parseText(text: string, type: EdmType): CsvValue | undefined {
  switch (type) {
    case 'String':
      // PostgreSQL cannot store U+0000: such a value is invalid data on every store.
      return text.includes('\u0000') ? undefined : text;
    case 'Int32':
      return parseInt32(text);
    case 'Int64':
      return parseInt64(text);
    case 'Double':
    case 'Decimal':
      return parseNumber(text);
    case 'Boolean':
      return parseBoolean(text);
    case 'Date':
      return parseDate(text);
    case 'DateTimeOffset':
      return parseDateTimeOffset(text);
    case 'Guid':
      return GUID.test(text) ? text.toLowerCase() : undefined;
  }
}

function parseInt32(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const value = Number(text);
  return value >= INT32_MIN && value <= INT32_MAX ? value + 0 : undefined;
}

function parseInt64(text: string): number | bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const digits = text.length - (text[0] === '+' || text[0] === '-' ? 1 : 0);
  if (digits <= SHORT_INTEGER) return Number(text) + 0;
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return undefined;
  const small = Number(value);
  return Number.isSafeInteger(small) ? small : value;
}

function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function parseBoolean(text: string): boolean | undefined {
  switch (text.toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}

function parseDate(text: string): string | undefined {
  const midnight = MIDNIGHT.exec(text);
  return normalizeDate(midnight ? midnight[1] : text);
}

function parseDateTimeOffset(text: string): string | undefined {
  if (UTC_DATE_TIME.test(text)) return utcDateTime(text);
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) return normalizeDateTimeOffset(`${local[1]}T${local[2]}Z`);
  const spaced = SPACED_DATE_TIME.exec(text);
  return normalizeDateTimeOffset(spaced ? `${spaced[1]}T${spaced[2]}` : text);
}

function at(offset: number | undefined): string {
  return offset === undefined ? '' : ` (record at byte ${offset})`;
}

/**
 * `YYYY-MM-DDTHH:mm:ss[.f…]Z` checked and brought to milliseconds without a Date: the
 * general normalizeDateTimeOffset costs microseconds a value, and a page holds 100 000 rows.
 */
function utcDateTime(text: string): string | undefined {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (year < 1 || days === undefined || day < 1 || day > days) return undefined;
  if (digits(text, 11, 2) > 23 || digits(text, 14, 2) > 59 || digits(text, 17, 2) > 59) return undefined;
  if (text.length === 24) return text;
  const fraction = text.length === 20 ? '000' : text.slice(20, -1).padEnd(3, '0').slice(0, 3);
  return `${text.slice(0, 19)}.${fraction}Z`;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let k = from; k < from + count; k++) value = value * 10 + text.charCodeAt(k) - 48;
  return value;
}
