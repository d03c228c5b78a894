import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CdmError } from './cdm-error';
import { parseModelJson } from './model-json.reader';

const fixture = (name: string): string => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

/** A minimal valid model.json with one entity, patched per test. */
function modelJson(entity: Record<string, unknown> = {}, root: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'm',
    version: '1.0',
    entities: [{ $type: 'LocalEntity', name: 'Customer', attributes: [{ name: 'CustomerId', dataType: 'string' }], ...entity }],
    ...root,
  });
}

function errorOf(text: string, source = 'model.json'): CdmError {
  try {
    parseModelJson(text, source);
  } catch (e) {
    expect(e).toBeInstanceOf(CdmError);
    expect((e as CdmError).name).toBe('CdmError');
    return e as CdmError;
  }
  throw new Error('expected a CdmError');
}

const csv = (settings: Record<string, unknown>) => ({
  partitions: [{ location: 'Customer/p.csv', fileFormatSettings: { $type: 'CsvFormatSettings', ...settings } }],
});

describe(parseModelJson.name, () => {
  const sut = parseModelJson;

  it('reads a Customer Insights export: headerless partitions at absolute ADLS URLs', () => {
    const folder = sut(fixture('ci-export.model.json'), 'ci/model.json');

    expect(folder.name).toBe('CustomerInsights');
    expect(folder.entities.map((e) => e.name)).toEqual(['Customer', 'UnifiedActivity', 'Customer_Measure']);
    const [customer, activity, measure] = folder.entities;
    expect(customer.description).toBe('Unified customer profile');
    expect(customer.attributes.map((a) => `${a.name}:${a.type}`)).toEqual([
      'CustomerId:String',
      'FirstName:String',
      'LastName:String',
      'PrimaryEmail:String',
      'BirthDate:DateTimeOffset',
      'LoyaltyPoints:Int64',
      'LifetimeValue:Decimal',
      'ChurnScore:Double',
      'IsSubscribed:Boolean',
      'CrmContactId:Guid',
      'LastModified:DateTimeOffset',
    ]);
    expect(customer.partitions).toEqual([
      {
        name: 'Customer_2024-05-01',
        location: 'https://contosoinsights.dfs.core.windows.net/customerinsights/Customer/Snapshot_2024-05-01/Customer_part0.csv',
        refreshTime: '2024-05-01T02:13:58.1234567+00:00',
        format: { hasHeader: false, delimiter: ',', quote: '"' },
      },
      {
        // No name in the file: the decoded file name, without the SAS query string.
        name: 'Customer part1.csv',
        location:
          'https://contosoinsights.dfs.core.windows.net/customerinsights/Customer/Snapshot_2024-05-01/Customer%20part1.csv?sv=2021-08-06&sig=REDACTED',
        refreshTime: '2024-05-01T02:13:58.1234567+00:00',
        format: { hasHeader: false, delimiter: ',', quote: '"' },
      },
    ]);
    expect(activity.attributes).toHaveLength(9);
    expect(activity).not.toHaveProperty('description');
    expect(measure.partitions).toEqual([]);
  });

  it('reads a Power BI dataflow, ignoring its annotations and pbi: extensions', () => {
    const folder = sut(fixture('pbi-dataflow.model.json'), 'model.json');

    expect(folder).toEqual({
      name: 'Sales dataflow',
      entities: [
        {
          name: 'Orders',
          description: '',
          attributes: [
            { name: 'OrderID', type: 'Int64' },
            { name: 'Customer ID', type: 'String' },
            { name: 'OrderDate', type: 'Date' },
            { name: 'ShippedAt', type: 'DateTimeOffset' },
            { name: 'Freight', type: 'Decimal' },
            { name: 'Discount', type: 'Double' },
            { name: 'IsGift', type: 'Boolean' },
            { name: 'ShipTime', type: 'String' },
            { name: 'Notes', type: 'String' },
          ],
          partitions: [
            {
              name: 'Part001',
              location: expect.stringMatching(/^https:\/\/wabiweucdsa\.blob\.core\.windows\.net\/.*Orders\.csv@snapshot=/),
              refreshTime: '2024-03-12T09:41:20.5168513+00:00',
              format: { hasHeader: false, delimiter: ',', quote: '"' },
            },
          ],
        },
      ],
    });
  });

  it('applies the CDM defaults and reads settings it is given', () => {
    const folder = sut(modelJson({ partitions: [{ location: 'Customer/a.csv' }] }), 'model.json');
    expect(folder.entities[0].partitions[0]).toEqual({ name: 'a.csv', location: 'Customer/a.csv', format: { hasHeader: false, delimiter: ',', quote: '"' } });

    const tab = sut(modelJson(csv({ columnHeaders: true, delimiter: '\t', encoding: 'utf8' })), 'model.json');
    expect(tab.entities[0].partitions[0].format).toEqual({ hasHeader: true, delimiter: '\t', quote: '"' });
  });

  it('matches data types case-insensitively, strips a byte order mark and treats null as absent', () => {
    const text = `\uFEFF${modelJson({ description: null, attributes: [{ name: 'A', dataType: 'DateTime' }, { name: 'B', dataType: 'INT64' }] })}`;
    expect(sut(text, 'model.json').entities[0]).toEqual({
      name: 'Customer',
      attributes: [
        { name: 'A', type: 'DateTimeOffset' },
        { name: 'B', type: 'Int64' },
      ],
      partitions: [],
    });
  });

  it('keeps the exact EDM type of an edm:type annotation', () => {
    const attributes = [
      { name: 'Count', dataType: 'int64', annotations: [{ name: 'other', value: 'x' }, { name: 'edm:type', value: 'Int32' }] },
      { name: 'Day', dataType: 'dateTime', annotations: [{ name: 'edm:type', value: 'Date' }] },
    ];
    expect(sut(modelJson({ attributes }), 'model.json').entities[0].attributes).toEqual([
      { name: 'Count', type: 'Int32' },
      { name: 'Day', type: 'Date' },
    ]);
  });

  it.each<[string, string, string]>([
    ['invalid JSON, with line and column', '{\n  "name": "m",\n  "entities": [,]\n}', 'model.json: the document is not valid JSON at line 3, column 16 (position 32): Unexpected token \',\''],
    ['truncated JSON', '{"name": "m"', 'model.json: the document is not valid JSON at line 1, column 13 (position 12): Expected \',\' or \'}\' after property value'],
    ['not an object', '[]', 'model.json: the document must be a JSON object (got an array)'],
    ['a missing name', modelJson({}, { name: undefined }), 'model.json: name is missing'],
    ['a version other than 1.0', modelJson({}, { version: '2.0' }), "model.json: version '2.0' is not supported (only '1.0')"],
    ['missing entities', modelJson({}, { entities: undefined }), 'model.json: entities is missing'],
    ['a missing entity name', modelJson({ name: '' }), 'model.json: entities[0].name must be a non-empty string (got string "")'],
    ['a reference entity', modelJson({ $type: 'ReferenceEntity' }), "model.json: entities[0].$type 'ReferenceEntity' is not supported (only LocalEntity)"],
    ['an entity without attributes', modelJson({ attributes: [] }), 'model.json: entities[0].attributes is empty: an entity needs at least one attribute'],
    ['a missing attribute name', modelJson({ attributes: [{ dataType: 'string' }] }), 'model.json: entities[0].attributes[0].name is missing'],
    [
      'an unknown data type',
      modelJson({ attributes: [{ name: 'A', dataType: 'varchar' }] }),
      "model.json: entities[0].attributes[0].dataType 'varchar' is not a CDM data type (string, int64, double, decimal, boolean, dateTime, dateTimeOffset, date, time, guid, json, unclassified)",
    ],
    [
      'duplicate attribute names',
      modelJson({ attributes: [{ name: 'Email', dataType: 'string' }, { name: 'Id', dataType: 'guid' }, { name: 'EMAIL', dataType: 'string' }] }),
      "model.json: entities[0].attributes[2].name 'EMAIL' duplicates entities[0].attributes[0].name (attribute names are case-insensitive)",
    ],
    [
      'an edm:type that is not an EDM type',
      modelJson({ attributes: [{ name: 'A', dataType: 'int64', annotations: [{ name: 'edm:type', value: 'Int128' }] }] }),
      "model.json: entities[0].attributes[0].annotations[0].value 'Int128' is not an EDM type",
    ],
    [
      'a stale edm:type',
      modelJson({ attributes: [{ name: 'A', dataType: 'string', annotations: [{ name: 'edm:type', value: 'Int32' }] }] }),
      "model.json: entities[0].attributes[0].annotations[0].value 'Int32' does not fit dataType 'string'",
    ],
    ['a partition without location', modelJson({ partitions: [{ name: 'p' }] }), 'model.json: entities[0].partitions[0].location is missing'],
    [
      'a location naming no file',
      modelJson({ partitions: [{ location: 'https://x.dfs.core.windows.net/c/Customer/' }] }),
      "model.json: entities[0].partitions[0].location 'https://x.dfs.core.windows.net/c/Customer/' names no file, and the partition has no name",
    ],
    [
      'non-CSV format settings',
      modelJson({ partitions: [{ location: 'p.parquet', fileFormatSettings: { $type: 'ParquetFormatSettings' } }] }),
      "model.json: entities[0].partitions[0].fileFormatSettings.$type 'ParquetFormatSettings' is not supported (only CsvFormatSettings)",
    ],
    [
      'a two-character delimiter',
      modelJson(csv({ delimiter: '||' })),
      "model.json: entities[0].partitions[0].fileFormatSettings.delimiter '||' must be one ASCII character other than CR and LF",
    ],
    [
      'a non-ASCII delimiter',
      modelJson(csv({ delimiter: '§' })),
      "model.json: entities[0].partitions[0].fileFormatSettings.delimiter '§' must be one ASCII character other than CR and LF",
    ],
    [
      'a line-feed delimiter',
      modelJson(csv({ delimiter: '\n' })),
      "model.json: entities[0].partitions[0].fileFormatSettings.delimiter '\\n' must be one ASCII character other than CR and LF",
    ],
    [
      'a delimiter equal to the quote',
      modelJson(csv({ delimiter: '"' })),
      'model.json: entities[0].partitions[0].fileFormatSettings.delimiter \'\\"\': the delimiter must differ from the quote character',
    ],
    [
      'columnHeaders that is not a boolean',
      modelJson(csv({ columnHeaders: 'yes' })),
      'model.json: entities[0].partitions[0].fileFormatSettings.columnHeaders must be true or false (got "yes")',
    ],
    [
      'unquoted CSV',
      modelJson(csv({ quoteStyle: 'QuoteStyle.None' })),
      "model.json: entities[0].partitions[0].fileFormatSettings.quoteStyle 'QuoteStyle.None' is not supported (only QuoteStyle.Csv: quoted values)",
    ],
    [
      'an unknown csv style',
      modelJson(csv({ csvStyle: 'CsvStyle.Sometimes' })),
      "model.json: entities[0].partitions[0].fileFormatSettings.csvStyle 'CsvStyle.Sometimes' is not one of CsvStyle.QuoteAlways, CsvStyle.QuoteAfterDelimiter",
    ],
    [
      'an encoding other than UTF-8',
      modelJson(csv({ encoding: 'UTF-16LE' })),
      "model.json: entities[0].partitions[0].fileFormatSettings.encoding 'UTF-16LE' is not supported (only UTF-8)",
    ],
  ])('rejects %s', (_case, text, message) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('rejects duplicate entity names, ignoring case', () => {
    const text = JSON.stringify({
      name: 'm',
      entities: [
        { $type: 'LocalEntity', name: 'Customer', attributes: [{ name: 'Id', dataType: 'string' }] },
        { $type: 'LocalEntity', name: 'customer', attributes: [{ name: 'Id', dataType: 'string' }] },
      ],
    });
    const error = errorOf(text, 'lake/demo/model.json');
    expect(error.message).toBe("lake/demo/model.json: entities[1].name 'customer' duplicates entities[0].name (entity names are case-insensitive)");
    expect(error).toMatchObject({ source: 'lake/demo/model.json', path: 'entities[1].name' });
  });

  it('finds the position of errors V8 reports without one', () => {
    const text = '{\n  "name": "m",\n  "entities": [1, 2, x]\n}';
    expect(errorOf(text).message).toBe("model.json: the document is not valid JSON at line 3, column 22 (position 38): Unexpected token 'x'");
  });
});
