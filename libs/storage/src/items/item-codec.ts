import { AttributeMetadata, EntityMetadata, normalizeDate, normalizeDateTimeOffset, StorageValue } from '@app/odata';
import { ItemValidationError } from '../storage-errors';
import type { ItemValues } from '../storage-driver.interface';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Converts a JSON record body into storage values, checked against the entity schema.
 * Annotations (`@odata.etag`, …) are ignored; unknown fields are rejected, never dropped.
 */
export function decodeItemBody(entity: EntityMetadata, body: unknown, mode: 'create' | 'update'): ItemValues {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ItemValidationError(`The request body must be a JSON object with the fields of entity '${entity.name}'.`);
  }
  const values: Record<string, StorageValue | null> = {};
  for (const [name, raw] of Object.entries(body)) {
    if (name.includes('@')) continue;
    const attribute = entity.attributes.find((a) => a.name === name);
    if (!attribute) {
      throw new ItemValidationError(
        `Entity '${entity.name}' has no field '${name}'. Fields: ${entity.attributes.map((a) => a.name).join(', ')}.`,
        name,
      );
    }
    values[name] = decodeValue(attribute, raw);
  }
  if (mode === 'create') {
    for (const attribute of entity.attributes) {
      const missing = values[attribute.name] === undefined || values[attribute.name] === null;
      const generated = attribute.name === entity.key && entity.keyGenerated;
      if (!attribute.nullable && missing && !generated) {
        throw new ItemValidationError(`Field '${attribute.name}' is required.`, attribute.name);
      }
    }
  }
  return values;
}

function decodeValue(attribute: AttributeMetadata, raw: unknown): StorageValue | null {
  if (raw === null) {
    if (!attribute.nullable) throw invalid(attribute, 'must not be null');
    return null;
  }
  switch (attribute.type) {
    case 'String':
      if (typeof raw !== 'string') throw invalid(attribute, 'must be a string');
      // PostgreSQL cannot store U+0000: refused on every store, so both behave alike.
      if (raw.includes('\u0000')) throw invalid(attribute, 'must not contain the NUL character (\\u0000)');
      if (attribute.maxLength !== undefined && raw.length > attribute.maxLength) {
        throw invalid(attribute, `must be at most ${attribute.maxLength} characters`);
      }
      return raw;
    case 'Guid':
      if (typeof raw !== 'string' || !GUID.test(raw)) throw invalid(attribute, 'must be a GUID');
      return raw.toLowerCase();
    case 'Int32':
      if (!Number.isInteger(raw) || (raw as number) < INT32_MIN || (raw as number) > INT32_MAX) {
        throw invalid(attribute, 'must be a 32-bit integer');
      }
      return raw as number;
    case 'Int64':
      return decodeInt64(attribute, raw);
    case 'Double':
    case 'Decimal':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw invalid(attribute, 'must be a number');
      return raw;
    case 'Boolean':
      if (typeof raw !== 'boolean') throw invalid(attribute, 'must be true or false');
      return raw;
    case 'Date': {
      const date = typeof raw === 'string' ? normalizeDate(raw) : undefined;
      if (date === undefined) throw invalid(attribute, 'must be a date (YYYY-MM-DD)');
      return date;
    }
    case 'DateTimeOffset': {
      // Stored as UTC with milliseconds (the query core's literal form), so text order is time order.
      const instant = typeof raw === 'string' ? normalizeDateTimeOffset(raw) : undefined;
      if (instant === undefined) {
        throw invalid(attribute, 'must be a date-time with an offset, e.g. 2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00');
      }
      return instant;
    }
  }
}

/** Int64 beyond 2^53 must arrive as a string: JSON numbers that large were already rounded by the parser. */
function decodeInt64(attribute: AttributeMetadata, raw: unknown): number | bigint {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) {
      throw invalid(attribute, 'must be an integer; send values beyond ±2^53 as a string of digits to keep them exact');
    }
    return raw;
  }
  if (typeof raw === 'string' && /^-?\d{1,19}$/.test(raw)) {
    const value = BigInt(raw);
    if (value >= INT64_MIN && value <= INT64_MAX) {
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
  }
  throw invalid(attribute, 'must be a 64-bit integer');
}

function invalid(attribute: AttributeMetadata, rule: string): ItemValidationError {
  return new ItemValidationError(`Field '${attribute.name}' ${rule}.`, attribute.name);
}

/** Converts a key taken from a URL segment into the key attribute's storage value. */
export function decodeKeySegment(entity: EntityMetadata, segment: string): StorageValue {
  const attribute = entity.attributes.find((a) => a.name === entity.key);
  if (!attribute) throw new Error(`entity ${entity.name} lost its key`);
  switch (attribute.type) {
    case 'Int32':
    case 'Int64':
      if (!/^-?\d+$/.test(segment)) throw invalid(attribute, 'must be an integer');
      return decodeValue(attribute, attribute.type === 'Int64' ? segment : Number(segment)) as StorageValue;
    default:
      return decodeValue(attribute, segment) as StorageValue;
  }
}
