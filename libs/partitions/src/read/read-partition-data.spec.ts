import type { Lake, LocalFolderLake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import { boundaryIndexPath } from '../boundaries/boundary-index';
import { encodeCsvRecord } from '../csv/csv-encode';
import { CsvRecordScanner } from '../csv/csv-record-scanner';
import { PartitionDataError, PartitionOffsetError } from '../partition-errors';
import { CDM_CSV, type CsvValue, type PartitionData, type PartitionFile, type PartitionReadRequest } from '../partition-types';
import { rechunked, tempLake, type ReadLog } from '../testing/test-lake';
import { writePartition } from '../write/write-partition';
import { readPartitionData } from './read-partition-data';

function attr(name: string, type: EdmType): AttributeMetadata {
  return { name, displayName: name, type, nullable: true };
}

const ATTRIBUTES = [attr('Id', 'Int32'), attr('Name', 'String'), attr('City', 'String'), attr('Score', 'Double')];
const [ID, NAME, CITY, SCORE] = ATTRIBUTES;

/** Quoted delimiters, doubled quotes, every kind of line break inside and between records, empty lines, no final break. */
const TRICKY = [
  '1,"Ann, the ""first""","Oslo\r\nNorth",1.5\r\n',
  '\n',
  '2,Bob,"Line\rbreak",\r',
  '3,"Zoë 😀 €","multi\nline\r\nmix",-2\n',
  '4,,"",0\r\n',
  '\r\n',
  '5,"x",y,3e2',
].join('');
const TRICKY_ROWS: CsvValue[][] = [
  [1, 'Ann, the "first"', 'Oslo\r\nNorth', 1.5],
  [2, 'Bob', 'Line\rbreak', null],
  [3, 'Zoë 😀 €', 'multi\nline\r\nmix', -2],
  [4, null, '', 0],
  [5, 'x', 'y', 300],
];
const TRICKY_SIZE = Buffer.byteLength(TRICKY);

function request(offsetStart: number, maxSize = 4 << 20, maxResults = 1000, select = ATTRIBUTES): PartitionReadRequest {
  return { offsetStart, maxSize, maxResults, select };
}

/** 0, the size and every record's start and end. */
function boundaries(text: string): Set<number> {
  const scanner = new CsvRecordScanner(CDM_CSV, 0, { decodeFrom: Infinity });
  const found = new Set([0, Buffer.byteLength(text)]);
  for (const r of [...scanner.push(Buffer.from(text)), ...scanner.end()]) found.add(r.start).add(r.end);
  return found;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the read to fail');
}

describe(readPartitionData.name, () => {
  let lake: LocalFolderLake;
  let dispose: () => Promise<void>;
  const file: PartitionFile = { path: 'demo/Customer/part-00000.csv', format: CDM_CSV };

  beforeEach(async () => {
    ({ lake, dispose } = await tempLake());
  });
  afterEach(() => dispose());

  /** Pages from offset 0 to the end; `fresh` reads through a new lake object each time (no cached offsets). */
  async function chain(maxSize: number, maxResults: number, fresh: boolean, via: Lake = lake): Promise<{ rows: CsvValue[][]; pages: PartitionData[] }> {
    const pages: PartitionData[] = [];
    let offset = 0;
    const shared = rechunked(via);
    for (let n = 0; n < 10_000; n++) {
      const page = await readPartitionData(fresh ? rechunked(via) : shared, file, ATTRIBUTES, request(offset, maxSize, maxResults));
      pages.push(page);
      if (page.offsetEnd === page.size) break;
      expect(page.offsetEnd).toBeGreaterThan(offset);
      offset = page.offsetEnd;
    }
    return { rows: pages.flatMap((p) => p.items.map((i) => [...i])), pages };
  }

  it('reads typed records in entity order from byte 0', async () => {
    await lake.write(file.path, TRICKY);
    expect(await readPartitionData(lake, file, ATTRIBUTES, request(0))).toEqual({ offsetStart: 0, offsetEnd: TRICKY_SIZE, items: TRICKY_ROWS, count: TRICKY_ROWS.length, size: TRICKY_SIZE });
  });

  it('hands records to onItem instead of collecting them, with the same offsets and count', async () => {
    await lake.write(file.path, TRICKY);
    const seen: (readonly CsvValue[])[] = [];
    const data = await readPartitionData(lake, file, ATTRIBUTES, { ...request(0), onItem: (values) => seen.push(values) });
    expect(data).toEqual({ offsetStart: 0, offsetEnd: TRICKY_SIZE, items: [], count: TRICKY_ROWS.length, size: TRICKY_SIZE });
    expect(seen).toEqual(TRICKY_ROWS);
  });

  it.each([1, 7, 40, 100, 4096, 1 << 20])('returns every record exactly once when chaining offsetEnd with maxSize %i, in 1-3 byte chunks', async (maxSize) => {
    await lake.write(file.path, TRICKY);
    for (const fresh of [false, true]) {
      for (const maxResults of [1, 2, 1000]) {
        const { rows, pages } = await chain(maxSize, maxResults, fresh);
        expect(rows).toEqual(TRICKY_ROWS);
        for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(maxResults);
      }
    }
  });

  it('stops before the record that would pass maxSize, but always returns one', async () => {
    await lake.write(file.path, 'aa\nbb\ncc\n');
    const one = [attr('T', 'String')];
    const read = (offset: number, maxSize: number): Promise<PartitionData> => readPartitionData(lake, file, one, request(offset, maxSize, 1000, one));
    expect(await read(0, 1)).toMatchObject({ items: [['aa']], offsetEnd: 3 });
    expect(await read(0, 5)).toMatchObject({ items: [['aa']], offsetEnd: 3 });
    expect(await read(0, 6)).toMatchObject({ items: [['aa'], ['bb']], offsetEnd: 6 });
    expect(await read(3, 6)).toMatchObject({ items: [['bb'], ['cc']], offsetEnd: 9, size: 9 });
  });

  it('projects items to select, in select order', async () => {
    await lake.write(file.path, TRICKY);
    const page = await readPartitionData(lake, file, ATTRIBUTES, request(0, 1 << 20, 2, [SCORE, ID]));
    expect(page.items).toEqual([
      [1.5, 1],
      [null, 2],
    ]);
  });

  describe('with a header row', () => {
    const withHeader: PartitionFile = { path: 'src/Pos/part.csv', format: { ...CDM_CSV, hasHeader: true } };

    it('skips the header and maps columns by its names, in any order and case', async () => {
      await lake.write(withHeader.path, 'score,NAME,id,City\r\n1.5,Ann,1,Oslo\r\n2,"B, b",2,\r\n');
      const first = await readPartitionData(lake, withHeader, ATTRIBUTES, request(0, 1 << 20, 1, [NAME, ID, CITY]));
      expect(first.items).toEqual([['Ann', 1, 'Oslo']]);
      const second = await readPartitionData(rechunked(lake), withHeader, ATTRIBUTES, request(first.offsetEnd, 1 << 20, 1, [NAME, ID, CITY]));
      expect(second).toMatchObject({ items: [['B, b', 2, null]], offsetEnd: second.size });
    });

    it('returns nothing for a partition that holds only its header', async () => {
      const { size } = await lake.write(withHeader.path, 'Id,Name,City,Score\n\n');
      expect(await readPartitionData(lake, withHeader, ATTRIBUTES, request(0))).toEqual({ offsetStart: 0, offsetEnd: size, items: [], count: 0, size });
    });

    it.each([
      ['unknown', 'Id,Name,City,Score,Extra'],
      ['missing', 'Id,Name,City'],
      ['twice named', 'Id,Name,City,score,SCORE'],
    ])('rejects a header with %s columns', async (_, header) => {
      await lake.write(withHeader.path, `${header}\n1,a,b,2\n`);
      expect(await caught(readPartitionData(lake, withHeader, ATTRIBUTES, request(0)))).toMatchObject({ name: 'PartitionDataError', problem: 'header' });
    });
  });

  describe('offsetStart', () => {
    it('accepts exactly 0, the size and record boundaries; anything else is a PartitionOffsetError', async () => {
      await lake.write(file.path, TRICKY);
      const valid = boundaries(TRICKY);
      for (let offset = 0; offset <= TRICKY_SIZE; offset++) {
        const outcome = await readPartitionData(rechunked(lake), file, ATTRIBUTES, request(offset, 1, 1)).then(
          () => 'read',
          (error: unknown) => (error instanceof PartitionOffsetError ? 'offset error' : error),
        );
        expect([offset, outcome]).toEqual([offset, valid.has(offset) ? 'read' : 'offset error']);
      }
    });

    it('rejects an offset just after a line break inside a quoted field, and one between CR and LF', async () => {
      await lake.write(file.path, TRICKY);
      const insideQuotes = TRICKY.indexOf('North');
      const betweenCrLf = Buffer.byteLength(TRICKY.slice(0, TRICKY.indexOf('\r\n\n') + 1));
      for (const offset of [insideQuotes, betweenCrLf]) {
        const error = await caught(readPartitionData(lake, file, ATTRIBUTES, request(offset)));
        expect(error).toBeInstanceOf(PartitionOffsetError);
        expect((error as Error).message).toMatch(new RegExp(`offsetStart ${offset} is not a record boundary`));
      }
    });

    it('rejects an offset past the end or negative, and returns nothing at the end', async () => {
      await lake.write(file.path, TRICKY);
      await expect(readPartitionData(lake, file, ATTRIBUTES, request(TRICKY_SIZE + 1))).rejects.toBeInstanceOf(PartitionOffsetError);
      await expect(readPartitionData(lake, file, ATTRIBUTES, request(-1))).rejects.toBeInstanceOf(PartitionOffsetError);
      await expect(readPartitionData(lake, file, ATTRIBUTES, request(0.5))).rejects.toBeInstanceOf(PartitionOffsetError);
      expect(await readPartitionData(lake, file, ATTRIBUTES, request(TRICKY_SIZE))).toEqual({ offsetStart: TRICKY_SIZE, offsetEnd: TRICKY_SIZE, items: [], count: 0, size: TRICKY_SIZE });
    });

    it('trusts an offsetEnd it just returned; checks any other offset from the boundary index', async () => {
      await lake.write(file.path, TRICKY);
      const log: ReadLog = { calls: [], bytes: 0 };
      const watched = rechunked(lake, [4], log);
      const first = await readPartitionData(watched, file, ATTRIBUTES, request(0, 1, 1));
      log.calls.length = 0;
      expect((await readPartitionData(watched, file, ATTRIBUTES, request(first.offsetEnd, 1, 1))).items).toEqual([TRICKY_ROWS[1]]);
      expect(log.calls.map((c) => c.start)).toEqual([first.offsetEnd]);
      expect(await lake.readText(boundaryIndexPath(file.path))).toBeUndefined();

      // Another lake object has not handed that offset out: it builds the index and reads from its boundary.
      const other: ReadLog = { calls: [], bytes: 0 };
      expect((await readPartitionData(rechunked(lake, [4], other), file, ATTRIBUTES, request(first.offsetEnd, 1, 1))).items).toEqual([TRICKY_ROWS[1]]);
      expect(other.calls.map((c) => c.start)).toEqual([0, 0]);
      expect(await lake.readText(boundaryIndexPath(file.path))).toBeDefined();
    });

    it('checks an offset far into a large partition from the nearest indexed boundary, not from byte 0', async () => {
      const rows = Array.from({ length: 20_000 }, (_, i) => [i, `name ${i}`, `"city"\n${i}`, i / 4]);
      await writePartition(lake, file, ATTRIBUTES, rows, { boundaryStep: 4096 });
      const offset = Buffer.byteLength(rows.slice(0, 15_000).map((r) => encodeCsvRecord(r, CDM_CSV) + '\n').join(''));
      const log: ReadLog = { calls: [], bytes: 0 };
      const page = await readPartitionData(rechunked(lake, [512], log), file, ATTRIBUTES, request(offset, 1, 1));
      expect(page.items).toEqual([rows[15_000]]);
      expect(log.calls).toHaveLength(1);
      expect(log.calls[0].start).toBeGreaterThan(offset - 4096 - 64);
      expect(log.bytes).toBeLessThanOrEqual(4096 + 1024);
    });

    it('with only empty lines left, returns no items and offsetEnd = size', async () => {
      const { size } = await lake.write(file.path, '1,a,b,2\n\n\r\n\r');
      const one = await readPartitionData(lake, file, ATTRIBUTES, request(0, 1, 1));
      expect(one).toMatchObject({ items: [[1, 'a', 'b', 2]], offsetEnd: 8 });
      expect(await readPartitionData(lake, file, ATTRIBUTES, request(8))).toEqual({ offsetStart: 8, offsetEnd: size, items: [], count: 0, size });
      expect((await readPartitionData(lake, file, ATTRIBUTES, request(0))).offsetEnd).toBe(size);
    });
  });

  describe('malformed records', () => {
    const GOOD = '1,a,b,2\n2,c,d,3\n';
    it.each([
      ['bytes that are not UTF-8', Buffer.concat([Buffer.from(`${GOOD}3,`), Buffer.from([0xc3, 0x28]), Buffer.from(',x,1\n4,e,f,5\n')]), 'encoding'],
      ['an unterminated quote on the last line', Buffer.from(`${GOOD}3,"never closed,x,1\n4,e,f,5\n`), 'truncated'],
      ['a quote inside an unquoted field', Buffer.from(`${GOOD}3,a"b,x,1\n`), 'quote'],
      ['a value of the wrong type', Buffer.from(`${GOOD}three,a,x,1\n`), 'value'],
      ['too few fields', Buffer.from(`${GOOD}3,a,x\n`), 'fieldCount'],
      ['too many fields', Buffer.from(`${GOOD}3,a,x,1,0\n`), 'fieldCount'],
    ])('with %s: returns the records before it, then fails on it', async (_, bytes, problem) => {
      await lake.write(file.path, bytes);
      const first = await readPartitionData(rechunked(lake), file, ATTRIBUTES, request(0));
      expect(first).toMatchObject({ items: [[1, 'a', 'b', 2], [2, 'c', 'd', 3]], offsetEnd: GOOD.length });
      const error = await caught(readPartitionData(rechunked(lake), file, ATTRIBUTES, request(first.offsetEnd)));
      expect(error).toBeInstanceOf(PartitionDataError);
      expect(error).toMatchObject({ problem, offset: GOOD.length });
      expect((error as Error).message).toContain(String(GOOD.length));
    });
  });

  it('stops reading once the page is complete', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i},name ${i},city,${i / 2}\n`).join('');
    await lake.write(file.path, rows);
    const log: ReadLog = { calls: [], bytes: 0 };
    const page = await readPartitionData(rechunked(lake, [4096], log), file, ATTRIBUTES, request(0, 100, 10));
    expect(page.items).toHaveLength(5);
    expect(log.calls).toHaveLength(1);
    expect((log.calls[0].end ?? Infinity) - log.calls[0].start).toBeLessThan(70_000);
    expect(log.bytes).toBeLessThanOrEqual(4096);
  });

  it('throws LakeNotFoundError for a missing partition', async () => {
    await expect(readPartitionData(lake, file, ATTRIBUTES, request(0))).rejects.toMatchObject({ name: 'LakeNotFoundError' });
  });
});
