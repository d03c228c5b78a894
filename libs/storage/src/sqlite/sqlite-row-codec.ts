import type { AttributeMetadata, StorageValue } from '@app/odata';
import type { ItemValue } from '../storage-driver.interface';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * SQLite value → JSON-ready value. Statements that read Int64 columns run with
 * `safeIntegers`, so integers arrive as bigint and only Int64 beyond 2^53 stays one.
 */
export function readColumn(attribute: AttributeMetadata, raw: unknown): ItemValue {
  if (raw === null || raw === undefined) return null;
  switch (attribute.type) {
    case 'Boolean':
      return raw === 1 || raw === 1n;
    case 'Int32':
      return Number(raw);
    case 'Int64':
      return typeof raw === 'bigint' && (raw > MAX_SAFE || raw < MIN_SAFE) ? raw : Number(raw);
    case 'Double':
    case 'Decimal':
      return typeof raw === 'bigint' ? Number(raw) : (raw as number);
    default:
      return raw as string;
  }
}

/** Storage value → SQLite parameter (SQLite has no boolean type). */
export function writeColumn(value: StorageValue | ItemValue | null | undefined): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function needsSafeIntegers(attributes: readonly AttributeMetadata[]): boolean {
  return attributes.some((a) => a.type === 'Int64');
}

export function isPrimaryKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
