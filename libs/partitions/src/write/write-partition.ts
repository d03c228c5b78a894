import type { Lake, LakeObject } from '@app/lake';
import type { AttributeMetadata } from '@app/odata';
import { BoundaryIndexBuilder, DEFAULT_BOUNDARY_STEP } from '../boundaries/boundary-index';
import { saveBoundaryIndex } from '../boundaries/load-boundary-index';
import { encodeCsvRecord } from '../csv/csv-encode';
import type { CsvFormat, CsvValue, PartitionFile } from '../partition-types';

export interface WritePartitionOptions {
  /** Line terminator after every record (default LF). */
  readonly lineBreak?: '\n' | '\r\n';
  /** Byte step of the boundary index (default 256 KiB). */
  readonly boundaryStep?: number;
  /** Bytes handed to the lake at a time (default 1 MiB). */
  readonly chunkBytes?: number;
}

export interface WrittenPartition {
  readonly object: LakeObject;
  readonly rows: number;
}

type Rows = Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>;

const DEFAULT_CHUNK = 1024 * 1024;

/**
 * Streams rows (values in attribute order) into a CSV partition, with a header row of the
 * attribute names when `file.format.hasHeader`, then stores its boundary index beside it.
 * The index is built from the byte length of each line as it is written: no second pass.
 *
 * A row of a single column holding null is written as `""` (an empty line is no record):
 * it reads back as null for every type but String, where it reads back as ''.
 */
export async function writePartition(
  lake: Lake,
  file: PartitionFile,
  attributes: readonly AttributeMetadata[],
  rows: Rows,
  options: WritePartitionOptions = {},
): Promise<WrittenPartition> {
  const encoder = new PartitionEncoder(file.format, attributes.length, options);
  if (file.format.hasHeader) {
    encoder.add(attributes.map((a) => a.name));
    encoder.markHeader();
  }
  const object = await lake.write(file.path, encoder.chunks(rows));
  if (object.size !== encoder.bytes) {
    throw new Error(`partition '${file.path}' has ${object.size} bytes after writing ${encoder.bytes}: it was written to concurrently`);
  }
  await saveBoundaryIndex(lake, file, encoder.index.finish(object.size, object.etag));
  return { object, rows: encoder.rows };
}

/** Lines in, ~1 MiB buffers out, tracking every line's end for the boundary index. */
class PartitionEncoder {
  readonly index: BoundaryIndexBuilder;
  bytes = 0;
  rows = 0;
  private lines: string[] = [];
  private pending = 0;
  private readonly lineBreak: string;
  private readonly chunkBytes: number;

  constructor(
    private readonly format: CsvFormat,
    private readonly width: number,
    options: WritePartitionOptions,
  ) {
    this.index = new BoundaryIndexBuilder(options.boundaryStep ?? DEFAULT_BOUNDARY_STEP);
    this.lineBreak = options.lineBreak ?? '\n';
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  }

  /** True when a chunk is ready. */
  add(values: readonly CsvValue[]): boolean {
    if (values.length !== this.width) {
      throw new RangeError(`row ${this.rows + 1} has ${values.length} values, but the partition has ${this.width} columns`);
    }
    let line = encodeCsvRecord(values, this.format);
    if (line === '') line = this.format.quote + this.format.quote;
    line += this.lineBreak;
    const length = Buffer.byteLength(line, 'utf8');
    this.lines.push(line);
    this.pending += length;
    this.bytes += length;
    this.index.add(this.bytes);
    return this.pending >= this.chunkBytes;
  }

  markHeader(): void {
    this.index.setHeaderEnd(this.bytes);
  }

  async *chunks(rows: Rows): AsyncGenerator<Buffer, void, undefined> {
    if (Symbol.iterator in rows) {
      // Rows in memory or generated: no promise per row.
      for (const row of rows) if (this.addRow(row)) yield this.flush();
    } else {
      for await (const row of rows) if (this.addRow(row)) yield this.flush();
    }
    if (this.lines.length > 0) yield this.flush();
  }

  private addRow(values: readonly CsvValue[]): boolean {
    const ready = this.add(values);
    this.rows++;
    return ready;
  }

  private flush(): Buffer {
    const chunk = Buffer.from(this.lines.join(''), 'utf8');
    this.lines = [];
    this.pending = 0;
    return chunk;
  }
}
