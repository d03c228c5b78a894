import { LakeNotFoundError, type Lake, type LakeObject } from '@app/lake';
import type { CsvRecord } from '../csv/csv-record';
import { CsvRecordScanner } from '../csv/csv-record-scanner';
import { LruCache } from '../lru-cache';
import { PartitionDataError } from '../partition-errors';
import type { PartitionFile } from '../partition-types';
import { readLakeRange } from '../lake-range';
import { BoundaryIndex, BoundaryIndexBuilder, boundaryIndexPath, DEFAULT_BOUNDARY_STEP, parseBoundaryIndex, type BoundaryIndexJson } from './boundary-index';

export interface BoundaryIndexOptions {
  /** The partition as just stat'ed, to save a round trip. */
  readonly object?: LakeObject;
  /** Byte step of an index built now (default 256 KiB). */
  readonly step?: number;
}

/** Indexes in use are few (the partitions being paged through); each is a few KB per GB. */
const KEPT_INDEXES = 32;

interface LakeIndexes {
  readonly loaded: LruCache<string, BoundaryIndex>;
  /** Builds in flight: concurrent callers for one partition version share one scan. */
  readonly pending: Map<string, Promise<BoundaryIndex>>;
}

/** Per lake, so that two lakes (or two tests) never share entries; dropped with the lake. */
const indexesByLake = new WeakMap<Lake, LakeIndexes>();

/**
 * The partition's boundary index for its current content: the stored one when its size and
 * etag match the partition, otherwise one built in a single streaming scan and stored at
 * `<path>.boundaries`. Storing is best effort (a read-only lake still gets the index, kept
 * in memory). Malformed data ends the indexed part; reads that get there fail there.
 *
 * @throws LakeNotFoundError when the partition does not exist.
 */
export async function loadOrBuildBoundaryIndex(lake: Lake, file: PartitionFile, options: BoundaryIndexOptions = {}): Promise<BoundaryIndex> {
  const object = options.object ?? (await lake.stat(file.path));
  if (!object) throw new LakeNotFoundError(file.path);
  const state = indexesOf(lake);
  const key = `${file.path}\n${object.size}\n${object.etag}`;
  const loaded = state.loaded.get(key);
  if (loaded) return loaded;
  let pending = state.pending.get(key);
  if (!pending) {
    pending = loadOrBuild(lake, file, object, options.step ?? DEFAULT_BOUNDARY_STEP).finally(() => state.pending.delete(key));
    state.pending.set(key, pending);
  }
  const index = await pending;
  state.loaded.set(key, index);
  return index;
}

/** Stores an index (one just built while writing the partition, or by a scan). */
export async function saveBoundaryIndex(lake: Lake, file: PartitionFile, json: BoundaryIndexJson): Promise<BoundaryIndex> {
  await lake.write(boundaryIndexPath(file.path), JSON.stringify(json));
  const index = new BoundaryIndex(lake, file, json);
  indexesOf(lake).loaded.set(`${file.path}\n${json.size}\n${json.etag}`, index);
  return index;
}

/** Scans the whole partition once, framing records without decoding them. */
export async function buildBoundaryIndex(lake: Lake, file: PartitionFile, object: LakeObject, step = DEFAULT_BOUNDARY_STEP): Promise<BoundaryIndexJson> {
  const builder = new BoundaryIndexBuilder(step);
  const scanner = new CsvRecordScanner(file.format, 0, { decodeFrom: Infinity });
  let header = file.format.hasHeader;
  const take = (record: CsvRecord): void => {
    builder.add(record.start);
    builder.add(record.end);
    if (header) builder.setHeaderEnd(record.end);
    header = false;
  };
  try {
    for await (const chunk of readLakeRange(lake, file.path, 0, object.size, object.size)) {
      for (const record of scanner.push(chunk)) take(record);
    }
    for (const record of scanner.end()) take(record);
  } catch (error) {
    if (!(error instanceof PartitionDataError) || error.problem === 'changed') throw error;
    // The bad record starts on a boundary; nothing past it can be framed with confidence.
    builder.add(error.offset);
  }
  return builder.finish(object.size, object.etag);
}

async function loadOrBuild(lake: Lake, file: PartitionFile, object: LakeObject, step: number): Promise<BoundaryIndex> {
  const text = await lake.readText(boundaryIndexPath(file.path));
  const stored = text === undefined ? undefined : parseBoundaryIndex(text);
  if (stored && stored.size === object.size && stored.etag === object.etag) return new BoundaryIndex(lake, file, stored);
  const json = await buildBoundaryIndex(lake, file, object, step);
  try {
    return await saveBoundaryIndex(lake, file, json);
  } catch {
    // Best effort: a lake we may not write to still gets a working (in-memory) index.
    return new BoundaryIndex(lake, file, json);
  }
}

function indexesOf(lake: Lake): LakeIndexes {
  let state = indexesByLake.get(lake);
  if (!state) {
    state = { loaded: new LruCache(KEPT_INDEXES), pending: new Map() };
    indexesByLake.set(lake, state);
  }
  return state;
}
