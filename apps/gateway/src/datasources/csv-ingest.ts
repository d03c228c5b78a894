import type { Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import { CsvValue, parseCsvValue, PartitionDataError, PartitionFile, scanCsvRecords } from '@app/partitions';

export const INGEST_BATCH_ROWS = 5000;

/**
 * Which file column fills which entity attribute. Headerless files follow the CDM entity's
 * attribute order; files with a header follow the header. Matching is by name, any case;
 * a required attribute with no column fails the import, extra columns are reported.
 */
export interface ColumnPlan {
  /** For each file column, the entity attribute index it fills, or -1 (ignored). */
  readonly targets: readonly number[];
  readonly ignored: readonly string[];
}

export function planColumns(entity: EntityMetadata, columns: readonly string[], where: string): ColumnPlan {
  const index = new Map(entity.attributes.map((a, i) => [a.name.toLowerCase(), i]));
  const targets = columns.map((c) => index.get(c.trim().toLowerCase()) ?? -1);
  for (const [i, attribute] of entity.attributes.entries()) {
    if (!targets.includes(i) && !attribute.nullable) {
      throw new PartitionDataError(`${where}: no column for required attribute '${attribute.name}' of '${entity.name}' (columns: ${columns.join(', ')})`, 0, {
        problem: 'header',
      });
    }
  }
  return { targets, ignored: columns.filter((_, i) => targets[i] < 0) };
}

/**
 * Streams one partition into batches of rows in the entity's attribute order. It reads with
 * the partition reader's own scanner and typing (quoted empty = '', unquoted empty = null,
 * UTF-8 checked per record), so an import accepts exactly what "Retrieve data from a
 * partition" serves. csv-parse, which the issue named, measured 65–85k rows/s plain and
 * 7k rows/s with its cast hook here, against ~230k rows/s for this path (docs/performance.md).
 * `ignored` collects the file columns the entity has no attribute for.
 */
export async function* ingestPartition(
  lake: Lake,
  file: PartitionFile,
  entity: EntityMetadata,
  columns: readonly string[],
  where: string,
  ignored: Set<string>,
): AsyncIterable<(readonly CsvValue[])[]> {
  let plan = file.format.hasHeader ? undefined : planColumns(entity, columns, where);
  const width = entity.attributes.length;
  const required = entity.attributes.flatMap((a, i) => (a.nullable ? [] : [i]));
  let batch: (readonly CsvValue[])[] = [];
  let count = 0;
  for await (const record of named(scanCsvRecords(lake.read(file.path), file.format), where)) {
    if (!plan) {
      plan = planColumns(entity, record.fields.map((f) => f.text), where);
      continue;
    }
    count++;
    const { targets } = plan;
    if (record.fields.length !== targets.length) {
      throw await dataError(lake, file, where, count, record.start, `has ${record.fields.length} fields, expected ${targets.length}`);
    }
    const row: CsvValue[] = new Array(width).fill(null);
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      if (target < 0) continue;
      const field = record.fields[i];
      try {
        row[target] = parseCsvValue(field.text, field.quoted, entity.attributes[target], record.start);
      } catch (error) {
        throw await dataError(lake, file, where, count, record.start, error instanceof Error ? error.message : String(error));
      }
    }
    for (const i of required) {
      if (row[i] === null) throw await dataError(lake, file, where, count, record.start, `'${entity.attributes[i].name}' is required but empty`);
    }
    batch.push(row);
    if (batch.length >= INGEST_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  for (const column of plan?.ignored ?? []) ignored.add(column);
  if (batch.length > 0) yield batch;
}

/** The scanner's errors (quoting, UTF-8) name the byte; an import's must also name the file. */
async function* named<T>(records: AsyncIterable<T>, where: string): AsyncIterable<T> {
  try {
    yield* records;
  } catch (error) {
    if (error instanceof PartitionDataError) throw new PartitionDataError(`${where}: ${error.message}`, error.offset, { problem: error.problem });
    throw error;
  }
}

/** Names the record by number, line and byte: the line is counted only now, on the error path. */
async function dataError(lake: Lake, file: PartitionFile, where: string, record: number, offset: number, reason: string): Promise<PartitionDataError> {
  const line = await lineAt(lake, file.path, offset);
  return new PartitionDataError(`${where}, data record ${record} (line ${line}, byte ${offset}): ${reason}`, offset, { problem: 'value' });
}

async function lineAt(lake: Lake, path: string, offset: number): Promise<number> {
  let line = 1;
  let previous = 0;
  for await (const chunk of lake.read(path, 0, offset)) {
    for (const byte of chunk) {
      if (byte === 0x0a) line++;
      else if (previous === 0x0d) line++;
      previous = byte;
    }
  }
  return previous === 0x0d ? line + 1 : line;
}
