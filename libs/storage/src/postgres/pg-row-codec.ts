import type { Pool, PoolClient } from 'pg';
import { AttributeMetadata, postgresDialect, StorageValue } from '@app/odata';
import type { ItemValue } from '../storage-driver.interface';
import { ETAG_COLUMN } from '../items/entity-table';
import { arrayType } from './pg-schema';

const quote = (name: string) => postgresDialect.quoteIdent(name);

/**
 * PostgreSQL value → JSON-ready value, as SQLite's `readColumn` gives it. The pool returns
 * INT8 and NUMERIC as text (never a rounded number), so Int64 is converted here: a number
 * when it is a safe integer, a bigint beyond 2^53.
 */
export function readColumn(attribute: AttributeMetadata, raw: unknown): ItemValue {
  if (raw === null || raw === undefined) return null;
  switch (attribute.type) {
    case 'Boolean':
      return raw === true;
    case 'Int32':
    case 'Double':
    case 'Decimal':
      return raw as number;
    case 'Int64': {
      const value = Number(raw);
      // Beyond 2^53 `Number` rounds (possibly onto 2^53 itself, which is not safe); the text is exact.
      return Number.isSafeInteger(value) ? value : BigInt(raw as string);
    }
    default:
      return raw as string;
  }
}

/** Storage value → parameter: node-postgres sends bigint through `toString`, booleans as booleans. */
export function writeColumn(value: StorageValue | ItemValue | null | undefined): unknown {
  if (value === undefined || value === null) return null;
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Rows as arrays rather than objects: fewer allocations per row, and columns are matched
 * by position to the attributes the statement selected.
 */
export async function queryArrays(runner: Pool | PoolClient, text: string, params: readonly unknown[]): Promise<unknown[][]> {
  const result = await runner.query<unknown[]>({ text, values: params as unknown[], rowMode: 'array' });
  return result.rows;
}

/** Rows per statement: one array per column, so PostgreSQL's 65535-parameter limit does not apply. */
const ROWS_PER_STATEMENT = 5000;

/**
 * Inserts rows (attribute order), all with one version, as `INSERT … SELECT * FROM
 * unnest($1::text[], $2::bigint[], …)`: one parameter per column instead of one per value.
 * Measured on 100k rows of a 13-column Customer (PostgreSQL 15, `replaceRows` and a staged
 * load, each including index builds and ANALYZE): ~0.65-0.9 s, against ~1.0-1.3 s for
 * multi-row `VALUES` of 500 rows per statement, about 30 % faster; statement sizes of 1000
 * to 20000 rows made no measurable difference.
 */
export async function insertRows(
  client: PoolClient,
  table: string,
  attributes: readonly AttributeMetadata[],
  rows: readonly (readonly ItemValue[])[],
  etag: string,
): Promise<void> {
  const arrays = attributes.map((a, i) => `$${i + 1}::${arrayType(a)}`).join(', ');
  const columns = [...attributes.map((a) => quote(a.name)), quote(ETAG_COLUMN)].join(', ');
  const text = `INSERT INTO ${quote(table)} (${columns}) SELECT *, $${attributes.length + 1} FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const end = Math.min(rows.length, start + ROWS_PER_STATEMENT);
    const values = attributes.map(() => new Array<unknown>(end - start));
    for (let r = start; r < end; r++) {
      const row = rows[r];
      for (let c = 0; c < attributes.length; c++) values[c][r - start] = writeColumn(row[c]);
    }
    await client.query(text, [...values, etag]);
  }
}
