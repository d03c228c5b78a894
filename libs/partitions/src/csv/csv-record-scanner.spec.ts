import { PartitionDataError } from '../partition-errors';
import { CDM_CSV, type CsvFormat } from '../partition-types';
import type { CsvRecord, CsvScanOptions } from './csv-record';
import { CsvRecordScanner } from './csv-record-scanner';
import { scanCsvRecords } from './scan-csv-records';

/** Records as [start, end, ...fields], a quoted field shown as `"text"`. */
type Shown = [number, number, ...string[]];

function show(records: readonly CsvRecord[]): Shown[] {
  return records.map((r) => [r.start, r.end, ...r.fields.map((f) => (f.quoted ? `"${f.text}"` : f.text))]);
}

/** Scans `input` cut into pieces of the given sizes (cycled), starting at `offset`. */
function scan(input: Buffer | string, pieces: readonly number[] = [1 << 20], options: CsvScanOptions = {}, format: CsvFormat = CDM_CSV, offset = 0): CsvRecord[] {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const sut = new CsvRecordScanner(format, offset, options);
  const records: CsvRecord[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = pieces[k % pieces.length];
    for (const record of sut.push(bytes.subarray(at, at + size))) records.push(record);
    at += size;
  }
  for (const record of sut.end()) records.push(record);
  return records;
}

function scanError(input: Buffer | string, pieces?: readonly number[], offset = 0): PartitionDataError {
  try {
    scan(input, pieces, {}, CDM_CSV, offset);
  } catch (error) {
    if (error instanceof PartitionDataError) return error;
    throw error;
  }
  throw new Error('expected a PartitionDataError');
}

const TRICKY = 'id,"a ""quoted"", text",x\r\n\n"multi\r\nline\rwith\nbreaks",é€😀,"😀"\r\r\n2,,""\n"",z,"a,b"';

describe(CsvRecordScanner.name, () => {
  it('frames records ended by LF, CRLF and lone CR, end just after the terminator', () => {
    expect(show(scan('a,b\nc,d\r\ne,f\rg,h'))).toEqual([
      [0, 4, 'a', 'b'],
      [4, 9, 'c', 'd'],
      [9, 13, 'e', 'f'],
      [13, 16, 'g', 'h'],
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quotes', () => {
    expect(show(scan('"a,b","say ""hi""","x\r\ny\rz\nw"\n'))).toEqual([[0, 30, '"a,b"', '"say "hi""', '"x\r\ny\rz\nw"']]);
  });

  it('tells an empty field from a quoted empty one, and keeps a trailing empty field', () => {
    expect(show(scan(',"",\n""\na,'))).toEqual([
      [0, 5, '', '""', ''],
      [5, 8, '""'],
      [8, 10, 'a', ''],
    ]);
  });

  it('consumes empty lines without yielding them', () => {
    expect(show(scan('\n\r\n\ra\n\n\r\r\nb\r\n\n'))).toEqual([
      [4, 6, 'a'],
      [10, 13, 'b'],
    ]);
  });

  it('yields a last line without a terminator and a last quoted field', () => {
    expect(show(scan('a\n"b"'))).toEqual([
      [0, 2, 'a'],
      [2, 5, '"b"'],
    ]);
  });

  it('waits for the next chunk after a CR at the end of one', () => {
    const sut = new CsvRecordScanner(CDM_CSV);
    expect([...sut.push(Buffer.from('a\r'))]).toEqual([]);
    expect(show([...sut.push(Buffer.from('\nb\r'))])).toEqual([[0, 3, 'a']]);
    expect(show([...sut.push(Buffer.from('c'))])).toEqual([[3, 5, 'b']]);
    expect(show([...sut.end()])).toEqual([[5, 6, 'c']]);
  });

  it('gives the same records however the bytes are chunked', () => {
    const whole = show(scan(TRICKY));
    expect(whole.map((r) => r.slice(0, 2))).toEqual([
      [0, 27],
      [28, 71],
      [73, 79],
      [79, 89],
    ]);
    expect(whole[1].slice(2)).toEqual(['"multi\r\nline\rwith\nbreaks"', 'é€😀', '"😀"']);
    for (const pieces of [[1], [2], [3], [1, 2, 3], [5, 1], [7]]) expect(show(scan(TRICKY, pieces))).toEqual(whole);
    const bytes = Buffer.from(TRICKY);
    for (let cut = 1; cut < bytes.length; cut++) expect(show(scan(bytes, [cut, bytes.length]))).toEqual(whole);
  });

  it('reports absolute offsets when it starts past byte 0', () => {
    expect(show(scan('a\r\nb', [2], {}, CDM_CSV, 1000))).toEqual([
      [1000, 1003, 'a'],
      [1003, 1004, 'b'],
    ]);
  });

  it('frames but does not decode records before decodeFrom', () => {
    const records = scan('a,b\n"c\n",d\n\xff\n', [4], { decodeFrom: 4 });
    expect(records[0]).toEqual({ start: 0, end: 4, fields: [] });
    expect(show(records.slice(1, 2))).toEqual([[4, 11, '"c\n"', 'd']]);
    const framed = scan(Buffer.from([0x61, 0x0a, 0xff, 0x0a]), [1], { decodeFrom: Infinity });
    expect(framed).toEqual([
      { start: 0, end: 2, fields: [] },
      { start: 2, end: 4, fields: [] },
    ]);
  });

  it('skips a UTF-8 byte order mark at byte 0, even split across chunks', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"a",b\n')]);
    expect(show(scan(bytes))).toEqual([[3, 9, '"a"', 'b']]);
    expect(show(scan(bytes, [1]))).toEqual([[3, 9, '"a"', 'b']]);
    expect(scanError(Buffer.from([0xef, 0xbb, 0x61, 0x0a])).problem).toBe('encoding');
  });

  it('supports other one-byte delimiters and quotes', () => {
    const format = { hasHeader: false, delimiter: ';', quote: "'" };
    expect(show(scan("a;'b;''c'''\n", [3], {}, format))).toEqual([[0, 12, 'a', "\"b;'c'\""]]);
    expect(() => new CsvRecordScanner({ ...format, delimiter: '\n' })).toThrow(RangeError);
    expect(() => new CsvRecordScanner({ ...format, quote: '€' })).toThrow(RangeError);
    expect(() => new CsvRecordScanner({ ...format, quote: ';' })).toThrow(RangeError);
  });

  it('stays linear on lines a memchr would search past: lone CRs before an LF, lines without delimiters', () => {
    const loneCrs = `${'abc\r'.repeat(200_000)}\n`;
    const oneColumn = 'abcdefgh\n'.repeat(200_000) + ',';
    const started = Date.now();
    expect(scan(loneCrs, [1 << 20], { decodeFrom: Infinity })).toHaveLength(200_000);
    expect(scan(loneCrs)).toHaveLength(200_000);
    expect(scan(oneColumn)).toHaveLength(200_001);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  describe('errors', () => {
    it('rejects bytes that are not UTF-8, naming the record offset', () => {
      const bytes = Buffer.concat([Buffer.from('ok\nab'), Buffer.from([0xc3]), Buffer.from(',x\n')]);
      for (const pieces of [[100], [1]]) {
        const error = scanError(bytes, pieces, 500);
        expect(error).toMatchObject({ offset: 503, problem: 'encoding' });
        expect(error.message).toContain('503');
      }
    });

    it('yields the good records of a chunk before failing on its bad one', () => {
      const bytes = Buffer.concat([Buffer.from('é,1\n"ü\n",2\n'), Buffer.from([0xff]), Buffer.from(',3\nä,4\n')]);
      const sut = new CsvRecordScanner(CDM_CSV);
      const got: CsvRecord[] = [];
      expect(() => {
        for (const record of sut.push(bytes)) got.push(record);
      }).toThrow(expect.objectContaining({ problem: 'encoding', offset: 13 }));
      expect(show(got)).toEqual([
        [0, 5, 'é', '1'],
        [5, 13, '"ü\n"', '2'],
      ]);
    });

    it('rejects a quote left open at the end of the data as truncated', () => {
      expect(scanError('a\n"b,c\nd', [2])).toMatchObject({ offset: 2, problem: 'truncated' });
    });

    it('rejects a quote inside an unquoted field', () => {
      expect(scanError('a\nb"c\n')).toMatchObject({ offset: 2, problem: 'quote' });
    });

    it('rejects anything but a delimiter or line break after a closing quote', () => {
      expect(scanError('"a"b\n', [1])).toMatchObject({ offset: 0, problem: 'quote' });
      expect(scanError('x,"a" \n')).toMatchObject({ offset: 0, problem: 'quote' });
    });
  });

  it('scans an async chunk stream with scanCsvRecords', async () => {
    async function* chunks(): AsyncIterable<Buffer> {
      yield Buffer.from('a,"b');
      yield Buffer.from('"\r');
      yield Buffer.from('\nc');
    }
    const records: CsvRecord[] = [];
    for await (const record of scanCsvRecords(chunks(), CDM_CSV)) records.push(record);
    expect(show(records)).toEqual([
      [0, 7, 'a', '"b"'],
      [7, 8, 'c'],
    ]);
  });
});
