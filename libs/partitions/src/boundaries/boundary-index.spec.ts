import type { Lake, LocalFolderLake } from '@app/lake';
import { CsvRecordScanner } from '../csv/csv-record-scanner';
import { PartitionDataError } from '../partition-errors';
import { CDM_CSV, type PartitionFile } from '../partition-types';
import { rechunked, tempLake, type ReadLog } from '../testing/test-lake';
import { BoundaryIndexBuilder, boundaryIndexPath, parseBoundaryIndex, type BoundaryIndexJson } from './boundary-index';
import { buildBoundaryIndex, loadOrBuildBoundaryIndex } from './load-boundary-index';

/** Records with quoted line breaks, CRLF, lone CR and empty lines. */
const DATA = 'a,"x\ny"\r\n\n"q""r",s\rt,"u\r\nv"\n\n\r\nw,z\n';
const FILE: PartitionFile = { path: 'e/part.csv', format: CDM_CSV };

/** 0, the size, and every record's start and end, by a plain scan. */
function trueBoundaries(text: string): Set<number> {
  const scanner = new CsvRecordScanner(CDM_CSV, 0, { decodeFrom: Infinity });
  const found = new Set([0, Buffer.byteLength(text)]);
  for (const r of [...scanner.push(Buffer.from(text)), ...scanner.end()]) found.add(r.start).add(r.end);
  return found;
}

describe(BoundaryIndexBuilder.name, () => {
  it('keeps, for every step, the first boundary at or after it, the size included', () => {
    const sut = new BoundaryIndexBuilder(10);
    for (const b of [4, 9, 25, 27, 31]) sut.add(b);
    expect(sut.finish(47, 'e')).toEqual({ version: 1, size: 47, etag: 'e', step: 10, boundaries: [0, 25, 25, 31, 47] });
  });
});

describe(parseBoundaryIndex.name, () => {
  const good: BoundaryIndexJson = { version: 1, size: 20, etag: 'e', step: 10, boundaries: [0, 12, 20], headerEnd: 5 };

  it('reads a well-formed index back', () => {
    expect(parseBoundaryIndex(JSON.stringify(good))).toEqual(good);
  });

  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ ...good, version: 2 })],
    ['too few entries', JSON.stringify({ ...good, boundaries: [0, 12] })],
    ['an entry before its step', JSON.stringify({ ...good, boundaries: [0, 9, 20] })],
    ['an entry past the size', JSON.stringify({ ...good, boundaries: [0, 12, 21] })],
    ['no etag', JSON.stringify({ ...good, etag: 1 })],
  ])('rejects %s', (_, text) => expect(parseBoundaryIndex(text)).toBeUndefined());
});

describe(loadOrBuildBoundaryIndex.name, () => {
  let lake: LocalFolderLake;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ lake, dispose } = await tempLake());
  });
  afterEach(() => dispose());

  function logged(): { lake: Lake; log: ReadLog } {
    const log: ReadLog = { calls: [], bytes: 0 };
    return { lake: rechunked(lake, [3, 1, 2], log), log };
  }

  it('builds the index in one scan, stores it beside the partition, then loads it', async () => {
    const object = await lake.write(FILE.path, DATA);
    const first = logged();
    const sut = await loadOrBuildBoundaryIndex(first.lake, FILE, { step: 4 });
    expect(first.log.calls).toEqual([{ path: FILE.path, start: 0, end: object.size }]);
    const stored = parseBoundaryIndex((await lake.readText(boundaryIndexPath(FILE.path))) ?? '');
    expect(stored).toEqual(sut.json);
    expect(sut.json).toMatchObject({ size: object.size, etag: object.etag, step: 4 });

    const second = logged();
    expect((await loadOrBuildBoundaryIndex(second.lake, FILE)).json).toEqual(sut.json);
    expect(second.log.calls).toEqual([]);
  });

  it('rebuilds when the partition no longer matches the stored size and etag', async () => {
    await lake.write(FILE.path, DATA);
    await loadOrBuildBoundaryIndex(lake, FILE, { step: 4 });
    const changed = await lake.write(FILE.path, `${DATA}more,rows\n`);
    const { lake: watched, log } = logged();
    const sut = await loadOrBuildBoundaryIndex(watched, FILE, { step: 4 });
    expect(sut.json).toMatchObject({ size: changed.size, etag: changed.etag });
    expect(log.calls).toHaveLength(1);
  });

  it('shares one build between concurrent callers', async () => {
    await lake.write(FILE.path, DATA);
    const { lake: watched, log } = logged();
    const all = await Promise.all([1, 2, 3, 4].map(() => loadOrBuildBoundaryIndex(watched, FILE, { step: 4 })));
    expect(log.calls).toHaveLength(1);
    expect(new Set(all).size).toBe(1);
  });

  it('still answers when the index cannot be stored', async () => {
    await lake.write(FILE.path, DATA);
    const readOnly = new Proxy(lake, {
      get: (target, property): unknown => (property === 'write' ? () => Promise.reject(new Error('read-only')) : Reflect.get(target, property, target)),
    });
    const sut = await loadOrBuildBoundaryIndex(readOnly, FILE, { step: 4 });
    expect(sut.json.boundaries[0]).toBe(0);
    expect(await lake.readText(boundaryIndexPath(FILE.path))).toBeUndefined();
  });

  it('throws LakeNotFoundError for a missing partition', async () => {
    await expect(loadOrBuildBoundaryIndex(lake, FILE)).rejects.toMatchObject({ name: 'LakeNotFoundError' });
  });

  describe('isRecordBoundary', () => {
    it('is true exactly for 0, the size and record starts and ends, scanning from the nearest indexed boundary', async () => {
      const object = await lake.write(FILE.path, DATA);
      const truth = trueBoundaries(DATA);
      const index = await loadOrBuildBoundaryIndex(lake, FILE, { step: 5 });
      for (let offset = -1; offset <= object.size + 1; offset++) {
        const { lake: watched, log } = logged();
        const sut = await loadOrBuildBoundaryIndex(watched, FILE);
        expect([offset, await sut.isRecordBoundary(offset)]).toEqual([offset, truth.has(offset)]);
        for (const call of log.calls) expect(call.start).toBe(index.floor(offset));
      }
    });

    it('checks an offset far into a large partition without reading from byte 0', async () => {
      const rows = Array.from({ length: 20_000 }, (_, i) => `${i},"text ${i}\nline two"\n`).join('');
      await lake.write(FILE.path, rows);
      const offset = rows.indexOf('15000,');
      const { lake: watched, log } = logged();
      await loadOrBuildBoundaryIndex(lake, FILE, { step: 4096 });
      const sut = await loadOrBuildBoundaryIndex(watched, FILE);
      expect(await sut.isRecordBoundary(offset)).toBe(true);
      expect(await sut.isRecordBoundary(offset + 12)).toBe(false);
      expect(Math.min(...log.calls.map((c) => c.start))).toBeGreaterThan(offset - 4096 - 64);
      expect(log.bytes).toBeLessThan(2 * 4096 + 200);
    });

    it('indexes a malformed partition up to the bad record; checks past it fail there', async () => {
      const text = 'a\nb\nc"d\ne\nf\n';
      await lake.write(FILE.path, text);
      const sut = await loadOrBuildBoundaryIndex(lake, FILE, { step: 2 });
      expect(sut.json.boundaries).toEqual([0, 2, 4, 12, 12, 12, 12]);
      expect(sut.floor(10)).toBe(4);
      expect(await sut.isRecordBoundary(2)).toBe(true);
      await expect(sut.isRecordBoundary(10)).rejects.toBeInstanceOf(PartitionDataError);
    });
  });

  it('records the end of the header when the partition has one', async () => {
    const file: PartitionFile = { path: 'h/part.csv', format: { ...CDM_CSV, hasHeader: true } };
    const object = await lake.write(file.path, '\uFEFFId,Name\n1,x\n');
    const json = await buildBoundaryIndex(lake, file, object, 4);
    expect(json.headerEnd).toBe(11);
  });
});
