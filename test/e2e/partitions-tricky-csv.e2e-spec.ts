import type { Lake } from '@app/lake';
import { encodeCsvRecord, writePartition } from '@app/partitions';
import {
  asJson,
  BOM_HEADED,
  BOM_HEADED_ITEMS,
  CRLF_BIGINTS,
  CRLF_ROWS,
  expectedOffsetEnds,
  GOOD_B1,
  GOOD_B2,
  HEADLESS,
  type Listed,
  MiB,
  modelLocation,
  RAW_ITEMS,
  RAW_LINES,
  READING,
  READING_ATTRIBUTES,
  READING_NAMES,
  type ReadOptions,
  reading,
  recordEnds,
  REFRESH_TIME,
  TRICKY,
  type TrickyPartition,
  writeTrickyModel,
} from './support/partition-fixtures';
import { backends, usePartitionSuite } from './support/partition-suite';

/**
 * The partition routes of §3.1 over the lake of §5, on both lake backends (local folder and
 * Azure Blob through Azurite): hand-written partitions with tricky CSV.
 */

describe.each(backends)('partitions on the %s lake (e2e)', (backend) => {
  const suite = usePartitionSuite(backend);
  const { azure, get, listV1, readPage, readChained, expectError } = suite;
  let lake: Lake;
  let tricky: TrickyPartition[];
  beforeAll(() => {
    ({ lake, tricky } = suite);
  });

  describe('hand-written partitions with tricky CSV', () => {
    const part = (name: string): TrickyPartition => tricky.find((p) => p.name === `${READING}-${name}`)!;
    const listed = (p: TrickyPartition): Listed => ({
      Name: p.name,
      DisplayName: p.name,
      DynamicProperties: { location: modelLocation(lake, TRICKY, p.path), refreshTime: REFRESH_TIME, hasHeader: p.format.hasHeader, size: p.size ?? null, format: 'csv' },
    });
    const read = (p: TrickyPartition, offsetStart: number, options: ReadOptions = {}) => readPage(TRICKY, READING, listed(p), offsetStart, options);
    const chained = (p: TrickyPartition, options: ReadOptions = {}) => readChained(TRICKY, READING, listed(p), options);

    it('lists them as model.json says, with their sizes, in both versions', async () => {
      const v1 = await listV1(TRICKY, READING);
      expect(v1).toEqual(tricky.map(listed));
      const v2 = await get(`/v2/datasets/${TRICKY}/tables/${READING}/partitions?partitionDisplayName=reading-CRLF`);
      expect(v2.body).toEqual({ Header: READING_NAMES.join(','), Partitions: [listed(part('crlf'))] });
    });

    it('returns delimiters, quotes, line breaks, non-ASCII, empty and null values whole at every maxSize', async () => {
      const p = part('crlf');
      const ends = recordEnds(CRLF_ROWS.map((row) => `${encodeCsvRecord(row, HEADLESS)}\r\n`));
      expect(ends[ends.length - 1]).toBe(p.size);
      const expected = CRLF_ROWS.map(asJson);
      const exactFits = [ends[1], ends[2] - ends[0], ends[9] - ends[7], ends[9] - ends[7] - 1];
      const sizes = [1, 50, 333, 65_536, 65_537, 200_000, 300_000, p.size! - 1, p.size!, 4 * MiB, ...exactFits];
      await Promise.all(
        sizes.map(async (maxSize) => {
          const pages = await chained(p, { maxSize });
          expect({ maxSize, ends: pages.map((page) => page.OffsetEnd) }).toEqual({ maxSize, ends: expectedOffsetEnds(ends, 0, maxSize, 1000) });
          expect(pages.flatMap((page) => page.Items)).toEqual(expected);
        }),
      );
      // Int64 values beyond 2^53 are exact JSON numbers on the wire.
      const all = await read(p, 0);
      for (const digits of CRLF_BIGINTS) expect(all.text).toContain(`"Big":${digits}`);
      const selected = await read(p, ends[5], { select: 'label,ID', maxResults: 2 });
      expect(selected.body).toEqual({ OffsetStart: ends[5], OffsetEnd: ends[7], Size: 2, Items: [{ Label: '', Id: 'r07' }, { Label: null, Id: 'r08' }] });
    });

    it('reads the textual forms other writers use, and a last record without a line break', async () => {
      const p = part('raw');
      const ends = recordEnds(RAW_LINES);
      expect(ends[ends.length - 1]).toBe(p.size);
      for (const maxSize of [1, 40, 4 * MiB]) {
        const pages = await chained(p, { maxSize });
        expect(pages.map((page) => page.OffsetEnd)).toEqual(expectedOffsetEnds(ends, 0, maxSize, 1000));
        expect(pages.flatMap((page) => page.Items)).toEqual(RAW_ITEMS);
      }
    });

    it('refuses an offset inside a record, also just after a line break inside quotes', async () => {
      const raw = part('raw');
      const rawEnds = recordEnds(RAW_LINES);
      const r21 = Buffer.from(RAW_LINES[1]);
      const crlf = part('crlf');
      const crlfLines = CRLF_ROWS.map((row) => Buffer.from(`${encodeCsvRecord(row, HEADLESS)}\r\n`));
      const crlfEnds = recordEnds(crlfLines);
      const r04 = crlfLines[3];
      const r11 = crlfLines[10];
      const cases: [TrickyPartition, number][] = [
        [raw, 1],
        [raw, rawEnds[0] - 1],
        [raw, rawEnds[0] + 5],
        [raw, rawEnds[0] + r21.indexOf('\r') + 1],
        [raw, rawEnds[0] + r21.indexOf('\n') + 1],
        [raw, rawEnds[0] + r21.indexOf('\n', r21.indexOf('\n') + 1) + 1],
        [crlf, crlfEnds[2] + r04.indexOf('\n') + 1],
        [crlf, crlfEnds[9] + r11.lastIndexOf('\n', r11.length - 3) + 1],
        [crlf, crlfEnds[9] + 1],
        [crlf, crlfEnds[crlfEnds.length - 1] - 1],
      ];
      // The last two lie past the boundary index's 256 KiB step: the check starts at an indexed boundary.
      expect(crlfEnds[9] + r11.lastIndexOf('\n', r11.length - 3)).toBeGreaterThan(256 * 1024);
      const answers = await Promise.all(cases.map(([p, offset]) => read(p, offset)));
      for (const [i, res] of answers.entries()) {
        expect({ offset: cases[i][1], status: res.status, code: res.body.error?.code, target: res.body.error?.target }).toEqual({
          offset: cases[i][1],
          status: 400,
          code: 'PARTITION_OFFSET_INVALID',
          target: 'offsetStart',
        });
      }
      // The boundaries around them still work.
      expect((await read(raw, rawEnds[0], { maxResults: 1 })).body.Items).toEqual([RAW_ITEMS[1]]);
      expect((await read(crlf, crlfEnds[9], { maxResults: 1, select: 'Id' })).body.Items).toEqual([{ Id: 'r11' }]);
    });

    it('reads headed partitions: the header is no record, its columns are matched by name', async () => {
      const headed = part('headed');
      const headerEnd = Buffer.byteLength(`${READING_NAMES.join(',')}\n`);
      const ends = recordEnds(CRLF_ROWS.slice(0, 8).map((row) => `${encodeCsvRecord(row, HEADLESS)}\n`), headerEnd);
      expect(ends[ends.length - 1]).toBe(headed.size);
      for (const maxSize of [1, 150, 4 * MiB]) {
        const pages = await chained(headed, { maxSize });
        expect(pages.flatMap((page) => page.Items)).toEqual(CRLF_ROWS.slice(0, 8).map(asJson));
        expect(pages[pages.length - 1].OffsetEnd).toBe(headed.size);
        if (maxSize === 1) expect(pages.map((page) => page.OffsetEnd)).toEqual(ends);
      }
      const bom = part('bom-headed');
      for (const maxSize of [1, 4 * MiB]) {
        const pages = await chained(bom, { maxSize, select: 'Id,Label,Count,Big,Ratio,Flag,At,Day,Ref' });
        expect(pages.flatMap((page) => page.Items)).toEqual(BOM_HEADED_ITEMS);
        if (maxSize === 1) expect(pages.map((page) => page.OffsetEnd)).toEqual(recordEnds(BOM_HEADED.slice(1), Buffer.byteLength(BOM_HEADED[0])));
      }
      const second = await read(bom, Buffer.byteLength(BOM_HEADED[0] + BOM_HEADED[1]), { select: 'Label' });
      expect(second.body).toEqual({ OffsetStart: Buffer.byteLength(BOM_HEADED[0] + BOM_HEADED[1]), OffsetEnd: bom.size, Size: 2, Items: [{ Label: null }, { Label: 'last "one"' }] });
    });

    it('returns the records before bytes that are not UTF-8, then answers 422 at them', async () => {
      const p = part('not-utf8');
      const badAt = Buffer.byteLength(GOOD_B1 + GOOD_B2);
      const first = await read(p, 0, { maxSize: 64 * MiB, select: 'Id,Label' });
      expect({ status: first.status, body: first.body }).toEqual({
        status: 200,
        body: { OffsetStart: 0, OffsetEnd: badAt, Size: 2, Items: [{ Id: 'b1', Label: 'ok' }, { Id: 'b2', Label: 'fine, still' }] },
      });
      const bad = await read(p, badAt);
      expectError(bad, 422, 'PARTITION_DATA_INVALID', undefined);
      expect(bad.body.error.message).toContain(String(badAt));
      const one = await read(p, 0, { maxSize: 1 });
      expect(one.body).toMatchObject({ OffsetEnd: Buffer.byteLength(GOOD_B1), Size: 1 });
    });

    it('answers 422 for an unterminated quote at the end, a value of the wrong type and a wrong field count', async () => {
      const truncated = part('truncated');
      const t3 = Buffer.byteLength(GOOD_B1 + GOOD_B2);
      const before = await read(truncated, 0, { select: 'Id' });
      expect(before.body).toEqual({ OffsetStart: 0, OffsetEnd: t3, Size: 2, Items: [{ Id: 'b1' }, { Id: 'b2' }] });
      expectError(await read(truncated, t3), 422, 'PARTITION_DATA_INVALID', undefined);

      const badValue = part('bad-value');
      const v2 = Buffer.byteLength(GOOD_B1);
      expect((await read(badValue, 0, { select: 'Id,Count' })).body).toEqual({ OffsetStart: 0, OffsetEnd: v2, Size: 1, Items: [{ Id: 'b1', Count: 1 }] });
      const wrongType = await read(badValue, v2);
      expectError(wrongType, 422, 'PARTITION_DATA_INVALID', undefined);
      expect(wrongType.body.error.message).toContain('Count');

      expectError(await read(part('bad-width'), 0), 422, 'PARTITION_DATA_INVALID', undefined);
    });

    it('reads empty partitions, empty lines and a byte order mark', async () => {
      const end = (p: TrickyPartition) => ({ OffsetStart: p.size, OffsetEnd: p.size, Size: 0, Items: [] });
      expect(part('empty').size).toBe(0);
      expect((await read(part('empty'), 0)).body).toEqual(end(part('empty')));
      const headerOnly = part('header-only');
      expect((await read(headerOnly, 0)).body).toEqual({ OffsetStart: 0, OffsetEnd: headerOnly.size, Size: 0, Items: [] });
      expect((await read(headerOnly, headerOnly.size!)).body).toEqual(end(headerOnly));

      const blank = part('blank-lines');
      const expected = [reading('k1', 'first', null, null, null, null, null, null, null), reading('k2', 'second,\n\nwith empty lines inside', null, null, null, null, null, null, null)];
      for (const maxSize of [1, 4 * MiB]) {
        const pages = await chained(blank, { maxSize });
        expect(pages.flatMap((page) => page.Items)).toEqual(expected);
        expect(pages.map((page) => page.Size)).toEqual(maxSize === 1 ? [1, 1] : [2]);
        expect(pages[pages.length - 1].OffsetEnd).toBe(blank.size);
      }
      for (const offset of [1, 2]) expectError(await read(blank, offset), 400, 'PARTITION_OFFSET_INVALID', 'offsetStart');
    });

    it('finds a partition by a location that needs escaping', async () => {
      const odd = part('odd');
      if (azure) expect(lake.locationOf(odd.path)).toContain('odd%20folder/R%C3%A9ading%20%231%20(copy)%2520.csv');
      const byLocation = await read(odd, 0, { byLocation: true });
      expect(byLocation.body).toEqual({ OffsetStart: 0, OffsetEnd: odd.size, Size: 3, Items: CRLF_ROWS.slice(0, 3).map(asJson) });
      expect((await read(odd, 0)).body).toEqual(byLocation.body);
    });

    it('answers 404 for a partition listed in model.json whose file is missing', async () => {
      const missing = part('missing');
      expectError(await read(missing, 0), 404, 'PARTITION_NOT_FOUND', 'partitionUri');
      expectError(await read(missing, 0, { byLocation: true }), 404, 'PARTITION_NOT_FOUND', 'partitionUri');
    });

    it('sees a partition added to model.json after the start, within a second', async () => {
      const path = `${TRICKY}/${READING}/late/${READING}-late.csv`;
      const written = await writePartition(lake, { path, format: HEADLESS }, READING_ATTRIBUTES, CRLF_ROWS.slice(0, 2));
      const late: TrickyPartition = { name: `${READING}-late`, path, format: HEADLESS, size: written.object.size };
      await writeTrickyModel(lake, [...tricky, late]);
      // The gateway re-checks a model.json written by someone else at most once a second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const v2 = await get(`/v2/datasets/${TRICKY}/tables/${READING}/partitions?partitionDisplayName=READING-LATE`);
      expect(v2.body.Partitions).toEqual([listed(late)]);
      const data = await read(late, 0);
      expect(data.body).toEqual({ OffsetStart: 0, OffsetEnd: late.size, Size: 2, Items: CRLF_ROWS.slice(0, 2).map(asJson) });
      await writeTrickyModel(lake, tricky);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    });
  });
});
