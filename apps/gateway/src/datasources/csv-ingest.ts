import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse, CastingContext } from 'csv-parse';
import type { Lake } from '@app/lake';
import type { AttributeMetadata, EntityMetadata } from '@app/odata';
import { CsvValue, parseCsvValue, PartitionDataError, PartitionFile } from '@app/partitions';
import type { CdmAttribute } from '@app/cdm';

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
  const targets = columns.map((c) => index.get(c.toLowerCase()) ?? -1);
  for (const [i, attribute] of entity.attributes.entries()) {
    if (!targets.includes(i) && !attribute.nullable) {
      throw new PartitionDataError(`${where}: no column for required attribute '${attribute.name}' of '${entity.name}' (columns: ${columns.join(', ')})`, 0);
    }
  }
  return { targets, ignored: columns.filter((_, i) => targets[i] < 0) };
}

/**
 * Streams one partition through csv-parse into batches of rows in the entity's attribute
 * order, typed as the partition reader types them (quoted empty = '', unquoted = null).
 */
export async function* ingestPartition(
  lake: Lake,
  file: PartitionFile,
  entity: EntityMetadata,
  columns: readonly CdmAttribute[],
  where: string,
): AsyncIterable<(readonly CsvValue[])[]> {
  const caster = new FieldCaster(entity, file.format.hasHeader ? undefined : columns.map((c) => c.name), where);
  const parser = Readable.from(utf8Checked(lake.read(file.path), where)).pipe(
    parse({
      delimiter: file.format.delimiter,
      quote: file.format.quote,
      escape: file.format.quote,
      // Like the partition reader: LF, CRLF and CR all end a record, even mixed in one file.
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      cast: (value: string, context: CastingContext) => caster.cast(value, context),
    }),
  );
  let batch: (readonly CsvValue[])[] = [];
  const width = entity.attributes.length;
  const required = entity.attributes.flatMap((a, i) => (a.nullable ? [] : [i]));
  let skipHeader = file.format.hasHeader;
  let count = 0;
  for await (const record of parser as AsyncIterable<CsvValue[]>) {
    if (skipHeader) {
      skipHeader = false;
      continue;
    }
    const targets = caster.plan().targets;
    const row: CsvValue[] = new Array(width).fill(null);
    for (let i = 0; i < record.length; i++) if (targets[i] >= 0) row[targets[i]] = record[i];
    count++;
    for (const i of required) {
      if (row[i] === null) throw new PartitionDataError(`${where}, data record ${count}: '${entity.attributes[i].name}' is required but empty`, 0);
    }
    batch.push(row);
    if (batch.length >= INGEST_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Types each field as csv-parse reads it (only the cast hook knows whether a field was
 * quoted). csv-parse casts a whole chunk before the consumer sees its first record, so the
 * header is collected here, from the first record's fields, not from the record stream.
 */
class FieldCaster {
  private readonly header: string[] = [];
  private columnPlan?: ColumnPlan;

  constructor(
    private readonly entity: EntityMetadata,
    columns: readonly string[] | undefined,
    private readonly where: string,
  ) {
    if (columns) this.columnPlan = planColumns(entity, columns, where);
  }

  plan(): ColumnPlan {
    this.columnPlan ??= planColumns(this.entity, this.header, this.where);
    return this.columnPlan;
  }

  cast(value: string, context: CastingContext): CsvValue {
    if (!this.columnPlan && context.records === 0) {
      this.header.push(value);
      return value;
    }
    const target = this.plan().targets[context.index as number];
    if (target === undefined || target < 0) return null;
    const attribute: AttributeMetadata = this.entity.attributes[target];
    try {
      return parseCsvValue(value, context.quoting, attribute);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PartitionDataError(`${this.where}, line ${context.lines}: ${reason}`, 0, { problem: 'value', column: attribute.name });
    }
  }
}

/**
 * Passes the partition's bytes on unchanged after checking they are UTF-8: csv-parse would
 * otherwise turn bad bytes into U+FFFD and import them as if they were data. A character
 * split across chunks is checked with the next chunk.
 */
export async function* utf8Checked(chunks: AsyncIterable<Buffer>, where: string): AsyncIterable<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  for await (const chunk of chunks) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const complete = completeCharacters(data);
    if (!isUtf8(data.subarray(0, complete))) {
      throw new PartitionDataError(`${where} is not UTF-8 text (invalid bytes between byte ${offset} and ${offset + complete})`, offset, { problem: 'encoding' });
    }
    offset += complete;
    carry = Buffer.from(data.subarray(complete));
    yield chunk;
  }
  if (carry.length > 0) throw new PartitionDataError(`${where} ends inside a UTF-8 character`, offset, { problem: 'encoding' });
}

/** Bytes of `data` up to the start of a trailing character that is not complete yet. */
function completeCharacters(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? data.length - back : data.length;
  }
  return data.length;
}
