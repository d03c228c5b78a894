import { parse } from 'csv-parse/sync';
import type { CastingContext } from 'csv-parse';
import fc from 'fast-check';
import { PartitionDataError } from '../partition-errors';
import type { CsvFormat } from '../partition-types';
import { CsvRecordScanner } from './csv-record-scanner';

/** A field as both parsers report it. */
interface Field {
  readonly text: string;
  readonly quoted: boolean;
}

/** csv-parse, strict about quotes, with our framing rules: any line break, empty lines skipped. */
function referenceParse(text: string, format: CsvFormat): Field[][] {
  // csv-parse's types say string[][] whatever `cast` returns: keep the quoting flags aside.
  const quoting: boolean[] = [];
  const records = parse(text, {
    delimiter: format.delimiter,
    quote: format.quote,
    escape: format.quote,
    relax_quotes: false,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    cast: (value: string, context: CastingContext): string => {
      quoting.push(context.quoting);
      return value;
    },
  });
  let k = 0;
  const fields = records.map((record) => record.map((value) => ({ text: value, quoted: quoting[k++] })));
  expect(k).toBe(quoting.length);
  return fields;
}

function scannerParse(bytes: Buffer, format: CsvFormat, piece: number): Field[][] {
  const sut = new CsvRecordScanner(format);
  const records: Field[][] = [];
  const add = (fields: readonly Field[]): number => records.push(fields.map((f) => ({ text: f.text, quoted: f.quoted })));
  for (let at = 0; at < bytes.length; at += piece) for (const record of sut.push(bytes.subarray(at, at + piece))) add(record.fields);
  for (const record of sut.end()) add(record.fields);
  return records;
}

/** Either both parse to the same fields, or both reject the text. */
function outcome(run: () => Field[][]): Field[][] | 'error' {
  try {
    return run();
  } catch (error) {
    if (error instanceof PartitionDataError || (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_'))) return 'error';
    if (error instanceof Error && 'code' in error && String(error.code) === 'INVALID_OPENING_QUOTE') return 'error';
    throw error;
  }
}

const FORMATS: readonly CsvFormat[] = [
  { hasHeader: false, delimiter: ',', quote: '"' },
  { hasHeader: false, delimiter: ';', quote: "'" },
];

/** A field's text drawn from the characters that matter to CSV, plus multibyte ones. */
const fieldText = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', "'", '\n', '\r', 'é', '€', '😀'), maxLength: 8 });

/** Well-formed CSV text: each field quoted when it must be (and sometimes when it need not be). */
const wellFormed = fc.record({
  format: fc.constantFrom(...FORMATS),
  records: fc.array(fc.array(fc.record({ text: fieldText, quote: fc.boolean() }), { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
  breaks: fc.array(fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r'), { minLength: 8, maxLength: 8 }),
  lastBreak: fc.boolean(),
  piece: fc.integer({ min: 1, max: 7 }),
});

describe(`${CsvRecordScanner.name} against csv-parse`, () => {
  it('agrees on the fields of well-formed CSV, however it is chunked', () => {
    fc.assert(
      fc.property(wellFormed, ({ format, records, breaks, lastBreak, piece }) => {
        const { delimiter: d, quote: q } = format;
        const lines = records.map((fields) =>
          fields
            .map(({ text, quote }) => {
              const must = quote || text.includes(d) || text.includes(q) || text.includes('\n') || text.includes('\r');
              return must ? q + text.replaceAll(q, q + q) + q : text;
            })
            .join(d),
        );
        const text = lines.map((line, i) => line + (i < lines.length - 1 || lastBreak ? breaks[i] : '')).join('');
        const expected = referenceParse(text, format);
        expect(scannerParse(Buffer.from(text), format, piece)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects exactly the texts csv-parse rejects, and otherwise agrees', () => {
    const anyText = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', 'é'), maxLength: 24 });
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 5 }), (text, piece) => {
        const format = FORMATS[0];
        expect(outcome(() => scannerParse(Buffer.from(text), format, piece))).toEqual(outcome(() => referenceParse(text, format)));
      }),
      { numRuns: 2000 },
    );
  });
});
