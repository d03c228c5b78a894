import type { Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import { CsvRecord, CsvRecordScanner, CsvValue, parseCsvValue, PartitionDataError, PartitionFile } from '@app/partitions';

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
  const rows = new RowBuilder(entity, file.format.hasHeader ? undefined : planColumns(entity, columns, where), where);
  const scanner = new CsvRecordScanner(file.format, 0);
  let batch: (readonly CsvValue[])[] = [];
  try {
    // Chunks arrive asynchronously, records synchronously: a promise per record cost more than the parsing.
    for await (const chunk of lake.read(file.path)) {
      for (const record of scanner.push(chunk)) rows.add(record, batch);
      if (batch.length >= INGEST_BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    for (const record of scanner.end()) rows.add(record, batch);
  } catch (error) {
    throw await named(error, lake, file, where);
  }
  for (const column of rows.ignored()) ignored.add(column);
  if (batch.length > 0) yield batch;
}

/** A record that cannot become a row; named with its line once it reaches {@link named}. */
class RecordError extends Error {
  constructor(
    readonly record: number,
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Records → rows in attribute order, typed; the first record is the header when there is one. */
class RowBuilder {
  private readonly width: number;
  private readonly required: readonly number[];
  private count = 0;

  constructor(
    private readonly entity: EntityMetadata,
    private plan: ColumnPlan | undefined,
    private readonly where: string,
  ) {
    this.width = entity.attributes.length;
    this.required = entity.attributes.flatMap((a, i) => (a.nullable ? [] : [i]));
  }

  ignored(): readonly string[] {
    return this.plan?.ignored ?? [];
  }

  add(record: CsvRecord, batch: (readonly CsvValue[])[]): void {
    if (!this.plan) {
      this.plan = planColumns(this.entity, record.fields.map((f) => f.text), this.where);
      return;
    }
    const count = ++this.count;
    const { targets } = this.plan;
    if (record.fields.length !== targets.length) throw new RecordError(count, record.start, `has ${record.fields.length} fields, expected ${targets.length}`);
    const row: CsvValue[] = new Array(this.width).fill(null);
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      if (target < 0) continue;
      const field = record.fields[i];
      try {
        row[target] = parseCsvValue(field.text, field.quoted, this.entity.attributes[target], record.start);
      } catch (error) {
        throw new RecordError(count, record.start, error instanceof Error ? error.message : String(error));
      }
    }
    for (const i of this.required) {
      if (row[i] === null) throw new RecordError(count, record.start, `'${this.entity.attributes[i].name}' is required but empty`);
    }
    batch.push(row);
  }
}

/** Every import error names the file; a record's also its number, line and byte (the line is counted only now). */
async function named(error: unknown, lake: Lake, file: PartitionFile, where: string): Promise<unknown> {
  if (error instanceof RecordError) {
    const line = await lineAt(lake, file.path, error.offset);
    return new PartitionDataError(`${where}, data record ${error.record} (line ${line}, byte ${error.offset}): ${error.message}`, error.offset, { problem: 'value' });
  }
  if (error instanceof PartitionDataError && !error.message.startsWith(where)) {
    return new PartitionDataError(`${where}: ${error.message}`, error.offset, { problem: error.problem });
  }
  return error;
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
