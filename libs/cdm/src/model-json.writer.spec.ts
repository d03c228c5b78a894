import { EDM_TYPES, type EdmType } from '@app/odata';
import fc from 'fast-check';
import { CdmError } from './cdm-error';
import type { CdmFolder, CdmPartition } from './cdm-folder';
import { parseModelJson } from './model-json.reader';
import { writeModelJson } from './model-json.writer';

const partition = (overrides: Partial<CdmPartition> = {}): CdmPartition => ({
  name: 'part-0',
  location: 'Customer/part-0.csv',
  format: { hasHeader: false, delimiter: ',', quote: '"' },
  ...overrides,
});

describe(writeModelJson.name, () => {
  const sut = writeModelJson;

  it('round-trips every EDM type, annotating only those model.json cannot spell', () => {
    const folder: CdmFolder = {
      name: 'demo',
      entities: [
        {
          name: 'Everything',
          description: 'one attribute per EDM type',
          attributes: EDM_TYPES.map((type) => ({ name: `${type}Value`, type })),
          partitions: [partition({ refreshTime: '2024-05-01T00:00:00Z' })],
        },
      ],
    };

    const text = sut(folder);

    expect(parseModelJson(text, 'model.json')).toStrictEqual(folder);
    const written = JSON.parse(text).entities[0].attributes as Array<{ name: string; dataType: string; annotations?: unknown }>;
    expect(written).toEqual([
      { name: 'StringValue', dataType: 'string' },
      { name: 'Int32Value', dataType: 'int64', annotations: [{ name: 'edm:type', value: 'Int32' }] },
      { name: 'Int64Value', dataType: 'int64' },
      { name: 'DoubleValue', dataType: 'double' },
      { name: 'DecimalValue', dataType: 'decimal' },
      { name: 'BooleanValue', dataType: 'boolean' },
      { name: 'DateTimeOffsetValue', dataType: 'dateTimeOffset' },
      { name: 'DateValue', dataType: 'dateTime', annotations: [{ name: 'edm:type', value: 'Date' }] },
      { name: 'GuidValue', dataType: 'guid' },
    ]);
  });

  it('writes the model.json shape CDM tools expect, pretty-printed', () => {
    const folder: CdmFolder = {
      name: 'demo',
      entities: [{ name: 'Customer', attributes: [{ name: 'CustomerId', type: 'String' }], partitions: [partition()] }],
    };

    const text = sut(folder, { application: 'insights-gateway', modifiedTime: '2024-05-01T02:00:00.000Z' });

    expect(text).toMatch(/^\{\n {2}"name": "demo",\n/);
    expect(JSON.parse(text)).toEqual({
      name: 'demo',
      version: '1.0',
      application: 'insights-gateway',
      modifiedTime: '2024-05-01T02:00:00.000Z',
      entities: [
        {
          $type: 'LocalEntity',
          name: 'Customer',
          attributes: [{ name: 'CustomerId', dataType: 'string' }],
          partitions: [
            {
              name: 'part-0',
              location: 'Customer/part-0.csv',
              fileFormatSettings: {
                $type: 'CsvFormatSettings',
                columnHeaders: false,
                delimiter: ',',
                quoteStyle: 'QuoteStyle.Csv',
                csvStyle: 'CsvStyle.QuoteAlways',
                encoding: 'UTF-8',
              },
            },
          ],
        },
      ],
    });
  });

  it('keeps a quote character other than " in fileFormatSettings.quote', () => {
    const folder: CdmFolder = {
      name: 'demo',
      entities: [{ name: 'E', attributes: [{ name: 'A', type: 'String' }], partitions: [partition({ format: { hasHeader: true, delimiter: ';', quote: "'" } })] }],
    };
    const text = sut(folder);
    expect(JSON.parse(text).entities[0].partitions[0].fileFormatSettings.quote).toBe("'");
    expect(parseModelJson(text, 'model.json')).toStrictEqual(folder);
  });

  it.each<[string, CdmFolder, string]>([
    [
      'duplicate entity names',
      {
        name: 'demo',
        entities: ['Customer', 'CUSTOMER'].map((name) => ({ name, attributes: [{ name: 'A', type: 'String' as EdmType }], partitions: [] })),
      },
      "model.json: entities[1].name 'CUSTOMER' duplicates entities[0].name (entity names are case-insensitive)",
    ],
    [
      'a bad delimiter',
      { name: 'demo', entities: [{ name: 'E', attributes: [{ name: 'A', type: 'String' }], partitions: [partition({ format: { hasHeader: false, delimiter: ',,', quote: '"' } })] }] },
      "model.json: entities[0].partitions[0].fileFormatSettings.delimiter ',,' must be one ASCII character other than CR and LF",
    ],
    [
      'a type that is not an EDM type',
      { name: 'demo', entities: [{ name: 'E', attributes: [{ name: 'A', type: 'Int16' as EdmType }], partitions: [] }] },
      "model.json: entities[0].attributes[0].dataType 'Int16' is not a CDM data type (string, int64, double, decimal, boolean, dateTime, dateTimeOffset, date, time, guid, json, unclassified)",
    ],
  ])('refuses to write a folder it could not read back: %s', (_case, folder, message) => {
    expect(() => sut(folder)).toThrow(CdmError);
    expect(() => sut(folder)).toThrow(message);
  });

  it('round-trips any valid folder', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    /** Unique ignoring case, as the reader requires. */
    const uniqueNames = (min: number, max: number) =>
      fc.uniqueArray(name, { minLength: min, maxLength: max, selector: (n) => n.toLowerCase() });
    const csvChar = fc.constantFrom(',', ';', '\t', '|', '"', "'", '\u0001', '^');
    const format = fc
      .record({ hasHeader: fc.boolean(), delimiter: csvChar, quote: csvChar })
      .filter((f) => f.delimiter !== f.quote);
    const partitionArb = fc.record(
      { name, location: fc.oneof(name, fc.webUrl()), refreshTime: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), format },
      { requiredKeys: ['name', 'location', 'format'] },
    );
    const entity = (entityName: string) =>
      fc
        .record(
          {
            names: uniqueNames(1, 6),
            types: fc.array(fc.constantFrom(...EDM_TYPES), { minLength: 6, maxLength: 6 }),
            description: fc.string(),
            partitions: fc.array(partitionArb, { maxLength: 3 }),
          },
          { requiredKeys: ['names', 'types', 'partitions'] },
        )
        .map(({ names, types, description, partitions }) => ({
          name: entityName,
          ...(description !== undefined && { description }),
          attributes: names.map((n, i) => ({ name: n, type: types[i] })),
          partitions,
        }));
    const folder = fc
      .record({ name, entityNames: uniqueNames(0, 4) })
      .chain(({ name: folderName, entityNames }) =>
        fc.tuple(...entityNames.map(entity)).map((entities): CdmFolder => ({ name: folderName, entities })),
      );

    fc.assert(
      fc.property(folder, (generated) => {
        // fast-check builds null-prototype records; toStrictEqual would count that as a difference.
        const f = JSON.parse(JSON.stringify(generated)) as CdmFolder;
        expect(parseModelJson(sut(f), 'model.json')).toStrictEqual(f);
      }),
      { numRuns: 300 },
    );
  });
});
