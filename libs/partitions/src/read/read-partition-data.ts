import { LakeNotFoundError, type Lake, type LakeObject } from '@app/lake';
import type { AttributeMetadata } from '@app/odata';
import { loadOrBuildBoundaryIndex } from '../boundaries/load-boundary-index';
import type { CsvField, CsvRecord } from '../csv/csv-record';
import { CsvRecordScanner } from '../csv/csv-record-scanner';
import { readLakeRange } from '../lake-range';
import { LruCache } from '../lru-cache';
import { PartitionDataError, PartitionOffsetError } from '../partition-errors';
import type { CsvValue, PartitionData, PartitionFile, PartitionReadRequest } from '../partition-types';
import { planByHeader, planByPosition, readRow, type ColumnPlan } from './partition-columns';

/** Offsets handed out lately; a client paging through a partition sends them straight back. */
const KEPT_OFFSETS = 4096;
const KEPT_HEADERS = 256;
/** Read a little past maxSize first: the record that crosses it must be seen to stop before it. */
const READ_SLACK = 64 * 1024;
const FIRST_READ_MAX = 1024 * 1024;
const HEADER_READ = 64 * 1024;

interface ReaderCaches {
  /** Known record boundaries, as `<path>\n<size>\n<etag>\n<offset>`: our own recent OffsetEnds. */
  readonly offsets: LruCache<string, true>;
  /** Header fields by `<path>\n<size>\n<etag>`. */
  readonly headers: LruCache<string, readonly CsvField[]>;
}

const cachesByLake = new WeakMap<Lake, ReaderCaches>();

/**
 * "Retrieve data from a partition" (§5): whole records from `offsetStart` until the next
 * record would end more than `maxSize` bytes past it, or `maxResults` records are read;
 * always one record when any remains. Streams ranged reads and stops as soon as the page is
 * complete, so memory does not grow with the partition.
 *
 * `offsetStart` must be 0 or a record boundary. One this process just returned as
 * `offsetEnd` is trusted; any other is checked in the same stream that reads the page:
 * reading starts at the nearest indexed boundary before it and frames records up to it.
 *
 *   offsetEnd = just after the last record returned; the size once only empty lines remain.
 *
 * @param attributes the entity's attributes in entity order (the column order without a header).
 * @throws PartitionOffsetError for an offset that is negative, past the end or inside a record.
 * @throws PartitionDataError when the first record to return is malformed (later malformed
 *   records end the page before them instead).
 * @throws LakeNotFoundError when the partition does not exist.
 */
export async function readPartitionData(
  lake: Lake,
  file: PartitionFile,
  attributes: readonly AttributeMetadata[],
  request: PartitionReadRequest,
): Promise<PartitionData> {
  checkRequest(request);
  const object = await lake.stat(file.path);
  if (!object) throw new LakeNotFoundError(file.path);
  const { offsetStart } = request;
  const { size } = object;
  if (offsetStart > size) {
    throw new PartitionOffsetError(`offsetStart ${offsetStart} is past the end of the partition (${size} bytes); pass 0 or an OffsetEnd returned earlier`, offsetStart);
  }
  if (offsetStart === size) return { offsetStart, offsetEnd: size, items: [], count: 0, size };

  const caches = cachesOf(lake);
  const version = `${file.path}\n${size}\n${object.etag}`;
  let scanFrom = offsetStart;
  if (offsetStart > 0 && caches.offsets.get(`${version}\n${offsetStart}`) === undefined) {
    scanFrom = (await loadOrBuildBoundaryIndex(lake, file, { object })).floor(offsetStart);
  }
  let plan: ColumnPlan | undefined;
  if (!file.format.hasHeader) plan = planByPosition(attributes, request.select);
  else if (offsetStart > 0) plan = planByHeader(attributes, request.select, await headerOf(lake, file, object, caches), 0);

  const page = new Page(attributes, request, scanFrom, plan, file.format.hasHeader);
  const complete = await readPage(lake, file, object, scanFrom, page);
  if (!page.verified) throw notABoundary(offsetStart, 'only empty lines follow it');
  const offsetEnd = complete ? page.offsetEnd : size;
  if (offsetEnd > 0 && offsetEnd < size) caches.offsets.set(`${version}\n${offsetEnd}`, true);
  return { offsetStart, offsetEnd, items: page.items, count: page.count, size };
}

/** Feeds records to the page until it is complete (true) or the data ends (false). */
async function readPage(lake: Lake, file: PartitionFile, object: LakeObject, scanFrom: number, page: Page): Promise<boolean> {
  const { offsetStart, maxSize } = page.request;
  const scanner = new CsvRecordScanner(file.format, scanFrom, { decodeFrom: offsetStart });
  const firstWindow = offsetStart - scanFrom + Math.min(maxSize, FIRST_READ_MAX) + READ_SLACK;
  try {
    for await (const chunk of readLakeRange(lake, file.path, scanFrom, object.size, firstWindow)) {
      // Returning closes the ranged read: nothing past the page is downloaded.
      for (const record of scanner.push(chunk)) if (page.take(record)) return true;
    }
    for (const record of scanner.end()) if (page.take(record)) return true;
    return false;
  } catch (error) {
    // A malformed record after some good ones ends the page before it; the next call reports it.
    if (error instanceof PartitionDataError && error.problem !== 'changed' && page.verified && page.count > 0) return true;
    throw error;
  }
}

/** One response being collected; also checks that reading starts at offsetStart. */
class Page {
  readonly items: CsvValue[][] = [];
  count = 0;
  offsetEnd: number;
  verified: boolean;
  private headerPending: boolean;

  constructor(
    private readonly attributes: readonly AttributeMetadata[],
    readonly request: PartitionReadRequest,
    scanFrom: number,
    private plan: ColumnPlan | undefined,
    hasHeader: boolean,
  ) {
    this.verified = scanFrom === request.offsetStart;
    this.headerPending = hasHeader && request.offsetStart === 0;
    this.offsetEnd = request.offsetStart;
  }

  /** True when the page is complete. */
  take(record: CsvRecord): boolean {
    const { offsetStart, maxSize, maxResults } = this.request;
    if (!this.verified) {
      if (record.end <= offsetStart) {
        this.verified = record.end === offsetStart;
        return false;
      }
      if (record.start !== offsetStart) {
        throw notABoundary(offsetStart, record.start < offsetStart ? `it is inside the record at bytes ${record.start}–${record.end}` : `the next record starts at byte ${record.start}`);
      }
      this.verified = true;
    }
    if (this.headerPending) {
      this.headerPending = false;
      this.plan = planByHeader(this.attributes, this.request.select, record.fields, record.start);
      return false;
    }
    if (this.count > 0 && record.end - offsetStart > maxSize) return true;
    if (!this.plan) throw new Error('no column plan before the first data record');
    const row = readRow(record, this.plan);
    if (this.request.onItem) this.request.onItem(row);
    else this.items.push(row);
    this.count++;
    this.offsetEnd = record.end;
    return this.count >= maxResults;
  }
}

/** The header's fields, read with one small ranged read (and remembered per partition version). */
async function headerOf(lake: Lake, file: PartitionFile, object: LakeObject, caches: ReaderCaches): Promise<readonly CsvField[]> {
  const key = `${file.path}\n${object.size}\n${object.etag}`;
  const cached = caches.headers.get(key);
  if (cached) return cached;
  const scanner = new CsvRecordScanner(file.format, 0);
  let header: CsvRecord | undefined;
  find: for await (const chunk of readLakeRange(lake, file.path, 0, object.size, HEADER_READ)) {
    for (const record of scanner.push(chunk)) {
      header = record;
      break find;
    }
  }
  if (!header) for (const record of scanner.end()) header = record;
  if (!header) throw new PartitionDataError('the partition has no header row', 0, { problem: 'header' });
  caches.headers.set(key, header.fields);
  return header.fields;
}

function checkRequest(request: PartitionReadRequest): void {
  const { offsetStart, maxSize, maxResults } = request;
  if (!Number.isSafeInteger(offsetStart) || offsetStart < 0) {
    throw new PartitionOffsetError(`offsetStart must be a byte offset (an integer ≥ 0), got ${offsetStart}`, offsetStart);
  }
  if (!Number.isSafeInteger(maxSize) || maxSize < 1) throw new RangeError(`maxSize must be an integer ≥ 1, got ${maxSize}`);
  if (!Number.isSafeInteger(maxResults) || maxResults < 1) throw new RangeError(`maxResults must be an integer ≥ 1, got ${maxResults}`);
}

function notABoundary(offset: number, why: string): PartitionOffsetError {
  return new PartitionOffsetError(
    `offsetStart ${offset} is not a record boundary (${why}); pass 0 or an OffsetEnd returned by an earlier call`,
    offset,
  );
}

function cachesOf(lake: Lake): ReaderCaches {
  let caches = cachesByLake.get(lake);
  if (!caches) {
    caches = { offsets: new LruCache(KEPT_OFFSETS), headers: new LruCache(KEPT_HEADERS) };
    cachesByLake.set(lake, caches);
  }
  return caches;
}
