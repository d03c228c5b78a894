import type { Lake } from '@app/lake';
import { CsvRecordScanner } from '../csv/csv-record-scanner';
import type { PartitionFile } from '../partition-types';
import { readLakeRange } from '../lake-range';

export const BOUNDARY_INDEX_VERSION = 1 as const;
/** Default byte step: a check scans at most this much (plus one record) to validate an offset. */
export const DEFAULT_BOUNDARY_STEP = 256 * 1024;
const CHECK_WINDOW = 64 * 1024;

/**
 * The sparse record-boundary index stored beside a partition at `<path>.boundaries`:
 *
 *   { "version": 1, "size": 1048576, "etag": "…", "step": 262144, "headerEnd": 57,
 *     "boundaries": [0, 262190, 524301, 786444, 1048576] }
 *
 * `boundaries[k]` is the first record boundary at or after `k * step` (the partition's size
 * counts as one). Record boundaries are 0, the size, and the start and end of every record.
 */
export interface BoundaryIndexJson {
  readonly version: typeof BOUNDARY_INDEX_VERSION;
  readonly size: number;
  readonly etag: string;
  readonly step: number;
  /** End of the header record, when the partition has a header. */
  readonly headerEnd?: number;
  readonly boundaries: readonly number[];
}

/** Where a partition's boundary index lives. */
export function boundaryIndexPath(partitionPath: string): string {
  return `${partitionPath}.boundaries`;
}

/** Collects boundaries, reported in increasing order, into a {@link BoundaryIndexJson}. */
export class BoundaryIndexBuilder {
  private readonly boundaries: number[] = [];
  private headerEnd: number | undefined;

  constructor(readonly step = DEFAULT_BOUNDARY_STEP) {
    if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`boundary step must be a positive integer, got ${step}`);
    this.add(0);
  }

  add(boundary: number): void {
    const { boundaries, step } = this;
    while (boundaries.length * step <= boundary) boundaries.push(boundary);
  }

  setHeaderEnd(end: number): void {
    this.headerEnd = end;
  }

  finish(size: number, etag: string): BoundaryIndexJson {
    this.add(size);
    const index: BoundaryIndexJson = { version: BOUNDARY_INDEX_VERSION, size, etag, step: this.step, boundaries: this.boundaries };
    return this.headerEnd === undefined ? index : { ...index, headerEnd: this.headerEnd };
  }
}

/** The stored JSON when it is a well-formed index, else undefined (it is then rebuilt). */
export function parseBoundaryIndex(text: string): BoundaryIndexJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const index = value as Partial<Record<keyof BoundaryIndexJson, unknown>>;
  const { size, etag, step, headerEnd, boundaries } = index;
  if (index.version !== BOUNDARY_INDEX_VERSION || typeof etag !== 'string') return undefined;
  if (!isOffset(size) || !isOffset(step) || step < 1 || (headerEnd !== undefined && !isOffset(headerEnd))) return undefined;
  if (!Array.isArray(boundaries) || boundaries.length !== Math.floor(size / step) + 1 || boundaries[0] !== 0) return undefined;
  for (let k = 0; k < boundaries.length; k++) {
    const b: unknown = boundaries[k];
    if (!isOffset(b) || b < k * step || b > size || (k > 0 && b < boundaries[k - 1])) return undefined;
  }
  return { version: BOUNDARY_INDEX_VERSION, size, etag, step, boundaries, ...(headerEnd === undefined ? {} : { headerEnd }) };
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A partition's boundary index, bound to the partition it describes. */
export class BoundaryIndex {
  constructor(
    private readonly lake: Lake,
    readonly file: PartitionFile,
    readonly json: BoundaryIndexJson,
  ) {}

  get size(): number {
    return this.json.size;
  }

  get etag(): string {
    return this.json.etag;
  }

  /** The nearest indexed boundary at or before `offset` (0 ≤ offset ≤ size). */
  floor(offset: number): number {
    const { boundaries, step } = this.json;
    // boundaries[k] ≥ k·step: no entry past offset/step can be ≤ offset. Entries never
    // decrease, so binary-search the last one ≤ offset (boundaries[0] = 0 always is).
    let low = 0;
    let high = Math.min(boundaries.length - 1, Math.floor(offset / step));
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (boundaries[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return boundaries[low];
  }

  /**
   * True when a read may start at `offset`: 0, the size, or the start or end of a record.
   * Scans forward from the nearest indexed boundary, never from byte 0.
   * @throws PartitionDataError when malformed data lies between that boundary and `offset`.
   */
  async isRecordBoundary(offset: number): Promise<boolean> {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > this.size) return false;
    if (offset === 0 || offset === this.size) return true;
    const from = this.floor(offset);
    if (from === offset) return true;
    const scanner = new CsvRecordScanner(this.file.format, from, { decodeFrom: Infinity });
    for await (const chunk of readLakeRange(this.lake, this.file.path, from, this.size, offset - from + CHECK_WINDOW)) {
      for (const record of scanner.push(chunk)) {
        if (record.end < offset) continue;
        return record.start === offset || record.end === offset;
      }
    }
    for (const record of scanner.end()) {
      if (record.end >= offset) return record.start === offset || record.end === offset;
    }
    return false;
  }
}
