import type { LocalFolderLake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import fc from 'fast-check';
import { CDM_CSV, type CsvFormat, type CsvValue, type PartitionFile } from '../partition-types';
import { rechunked, tempLake } from '../testing/test-lake';
import { writePartition } from '../write/write-partition';
import { readPartitionData } from './read-partition-data';

/** For each type: values as written, and the value the reader must give back for each. */
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', "'", '\n', '\r', '\t', 'é', '€', '😀', '中'), maxLength: 12 });
const MIN_DATE = new Date('0001-01-01T00:00:00.000Z');
const MAX_DATE = new Date('9999-12-31T23:59:59.999Z');
const date = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true });

const VALUES: Record<EdmType, fc.Arbitrary<{ written: CsvValue; read: CsvValue }>> = {
  String: text.map((s) => ({ written: s, read: s })),
  Int32: fc.integer().map((n) => ({ written: n, read: n })),
  Int64: fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((n) => ({ written: n, read: Number.isSafeInteger(Number(n)) ? Number(n) : n })),
  Double: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ written: n, read: n + 0 })),
  Decimal: fc.integer({ min: -1e9, max: 1e9 }).map((n) => ({ written: n / 100, read: n / 100 + 0 })),
  Boolean: fc.boolean().map((b) => ({ written: b, read: b })),
  Date: date.map((d) => d.toISOString().slice(0, 10)).map((d) => ({ written: d, read: d })),
  DateTimeOffset: date.map((d) => d.toISOString()).map((d) => ({ written: d, read: d })),
  Guid: fc.uuid().map((g) => ({ written: g.toUpperCase(), read: g.toLowerCase() })),
};
const TYPES = Object.keys(VALUES) as EdmType[];

const partition = fc
  .array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 6 })
  .chain((types) =>
    fc.record({
      types: fc.constant(types),
      rows: fc.array(fc.tuple(...types.map((t) => fc.option(VALUES[t], { nil: null, freq: 4 }))), { maxLength: 30 }),
      format: fc.constantFrom<CsvFormat>(CDM_CSV, { ...CDM_CSV, hasHeader: true }, { hasHeader: true, delimiter: ';', quote: "'" }),
      lineBreak: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
      maxSizes: fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 8 }),
      maxResults: fc.integer({ min: 1, max: 12 }),
      pieces: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
      fresh: fc.boolean(),
    }),
  );

describe(`${readPartitionData.name} (property)`, () => {
  let lake: LocalFolderLake;
  let dispose: () => Promise<void>;
  let run = 0;

  beforeAll(async () => {
    ({ lake, dispose } = await tempLake());
  });
  afterAll(() => dispose());

  it('returns exactly the rows writePartition wrote, chaining offsetEnd with random maxSize', async () => {
    await fc.assert(
      fc.asyncProperty(partition, async ({ types, rows, format, lineBreak, maxSizes, maxResults, pieces, fresh }) => {
        const attributes: AttributeMetadata[] = types.map((type, i) => ({ name: `C${i}_${type}`, displayName: type, type, nullable: true }));
        const file: PartitionFile = { path: `p/run-${run++}.csv`, format };
        const written = rows.map((row) => row.map((cell) => (cell === null ? null : cell.written)));
        // A lone null column is written as "" (an empty line is no record): a String reads it back as ''.
        const lone = types.length === 1 && types[0] === 'String';
        const expected = rows.map((row) => row.map((cell) => (cell === null ? (lone ? '' : null) : cell.read)));
        await writePartition(lake, file, attributes, written, { lineBreak, boundaryStep: 64 });

        const shared = rechunked(lake, pieces);
        const got: CsvValue[][] = [];
        let offset = 0;
        for (let call = 0; ; call++) {
          const via = fresh ? rechunked(lake, pieces) : shared;
          const request = { offsetStart: offset, maxSize: maxSizes[call % maxSizes.length], maxResults, select: attributes };
          const page = await readPartitionData(via, file, attributes, request);
          expect(page.items.length).toBeLessThanOrEqual(maxResults);
          got.push(...page.items.map((item) => [...item]));
          if (page.offsetEnd === page.size) break;
          expect(page.items.length).toBeGreaterThan(0);
          offset = page.offsetEnd;
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
