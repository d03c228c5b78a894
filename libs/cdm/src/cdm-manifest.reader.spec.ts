import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CdmError } from './cdm-error';
import { parseCdmManifest } from './cdm-manifest.reader';

const synapse = (name: string): string => readFileSync(join(__dirname, '__fixtures__', 'synapse', name), 'utf8');

/** A document reader over an in-memory folder that records what was asked for. */
function folderOf(files: Record<string, string>) {
  const reads: string[] = [];
  const read = async (path: string): Promise<string | undefined> => {
    reads.push(path);
    return files[path];
  };
  return { read, reads };
}

const customerDocument = JSON.stringify({
  definitions: [{ entityName: 'Customer', hasAttributes: [{ name: 'CustomerId', dataFormat: 'String' }] }],
});

function manifest(entity: Record<string, unknown> = {}, root: Record<string, unknown> = {}): string {
  return JSON.stringify({
    jsonSchemaSemanticVersion: '1.0.0',
    manifestName: 'm',
    entities: [{ type: 'LocalEntity', entityName: 'Customer', entityPath: 'Customer.cdm.json/Customer', ...entity }],
    ...root,
  });
}

async function errorOf(text: string, files: Record<string, string> = { 'Customer.cdm.json': customerDocument }): Promise<CdmError> {
  const error = await parseCdmManifest(text, 'lake/x/m.manifest.cdm.json', folderOf(files).read).then(
    () => new Error('expected a CdmError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CdmError);
  return error as CdmError;
}

/** Trait arguments as a writer may put them, malformed ones (a bare string) included. */
const csvTrait = (args: Array<{ name: string; value: unknown } | string>) => ({
  dataPartitions: [{ location: 'Customer/p.csv', exhibitsTraits: [{ traitReference: 'is.partition.format.CSV', arguments: args }] }],
});

describe(parseCdmManifest.name, () => {
  const sut = parseCdmManifest;

  it('reads a Synapse-style manifest and its entity documents, each document once', async () => {
    const files = { 'Customer.cdm.json': synapse('Customer.cdm.json'), 'Sales.cdm.json': synapse('Sales.cdm.json') };
    const { read, reads } = folderOf(files);

    const folder = await sut(synapse('default.manifest.cdm.json'), 'retail/default.manifest.cdm.json', read);

    expect(reads.sort()).toEqual(['Customer.cdm.json', 'Sales.cdm.json']);
    expect(folder).toStrictEqual({
      name: 'retail',
      entities: [
        {
          name: 'Customer',
          description: 'A person or organisation that buys from us',
          attributes: [
            { name: 'CustomerId', type: 'Guid' },
            { name: 'FullName', type: 'String' },
            { name: 'Email', type: 'String' },
            { name: 'BirthDate', type: 'Date' },
            { name: 'Segment', type: 'Int32' },
            { name: 'CreditLimit', type: 'Decimal' },
            { name: 'IsActive', type: 'Boolean' },
            { name: 'CreatedOn', type: 'DateTimeOffset' },
            { name: '_SysRowVersion', type: 'Int64' },
          ],
          partitions: [
            {
              name: 'Customer-2024',
              location: 'Customer/year=2024/part-00000-8c1d4e2a-9b7f-4c3e-a1d2-5e6f7a8b9c0d-c000.csv',
              refreshTime: '2024-06-03T04:58:01.000Z',
              format: { hasHeader: true, delimiter: ',', quote: '"' },
            },
            {
              name: 'part-00000-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-c000.csv',
              location: 'Customer/year=2023/part-00000-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-c000.csv',
              format: { hasHeader: true, delimiter: ',', quote: '"' },
            },
          ],
        },
        {
          name: 'SalesOrder',
          attributes: [
            { name: 'SalesOrderId', type: 'Guid' },
            { name: 'CustomerId', type: 'Guid' },
            { name: 'TotalAmount', type: 'Decimal' },
            { name: 'LineCount', type: 'Int32' },
            { name: 'OrderedAt', type: 'DateTimeOffset' },
            { name: 'Weight', type: 'Double' },
          ],
          partitions: [{ name: 'SalesOrder', location: 'SalesOrder/SalesOrder.csv', format: { hasHeader: false, delimiter: ';', quote: '"' } }],
        },
        {
          name: 'SalesOrderLine',
          attributes: [
            { name: 'SalesOrderLineId', type: 'Int64' },
            { name: 'SalesOrderId', type: 'Guid' },
            // dataFormat wins over the semantic dataType.
            { name: 'Quantity', type: 'Double' },
            { name: 'ProductName', type: 'String' },
          ],
          partitions: [],
        },
      ],
    });
  });

  it('uses CDM defaults without a format trait, and reads a quote argument', async () => {
    const files = { 'Customer.cdm.json': customerDocument };
    const plain = await sut(manifest({ dataPartitions: [{ location: 'Customer/a.csv', exhibitsTraits: ['is.partition.format.CSV'] }] }), 'm.manifest.cdm.json', folderOf(files).read);
    expect(plain.entities[0].partitions[0].format).toEqual({ hasHeader: false, delimiter: ',', quote: '"' });

    const quoted = await sut(manifest(csvTrait([{ name: 'quote', value: "'" }, { name: 'escape', value: "'" }, { name: 'columnHeaders', value: true }])), 'm.manifest.cdm.json', folderOf(files).read);
    expect(quoted.entities[0].partitions[0].format).toEqual({ hasHeader: true, delimiter: ',', quote: "'" });
  });

  it.each<[string, string, string]>([
    ['invalid JSON', '{"manifestName": }', 'lake/x/m.manifest.cdm.json: the document is not valid JSON at line 1, column 18 (position 17): Unexpected token \'}\''],
    ['a missing manifestName', manifest({}, { manifestName: undefined }), 'lake/x/m.manifest.cdm.json: manifestName is missing'],
    [
      'sub-manifests',
      manifest({}, { subManifests: [{ manifestName: 'sales', definition: 'sales/sales.manifest.cdm.json' }] }),
      'lake/x/m.manifest.cdm.json: subManifests are not supported: read each sub-manifest as its own folder',
    ],
    ['a referenced entity', manifest({ type: 'ReferencedEntity' }), "lake/x/m.manifest.cdm.json: entities[0].type 'ReferencedEntity' is not supported (only LocalEntity)"],
    ['a missing entityPath', manifest({ entityPath: undefined }), 'lake/x/m.manifest.cdm.json: entities[0].entityPath is missing'],
    [
      'an entityPath with a namespace',
      manifest({ entityPath: 'adls:/lake/Customer.cdm.json/Customer' }),
      "lake/x/m.manifest.cdm.json: entities[0].entityPath 'adls:/lake/Customer.cdm.json/Customer' must be relative to the manifest's folder",
    ],
    [
      'an entityPath without a definition',
      manifest({ entityPath: 'Customer.cdm.json' }),
      "lake/x/m.manifest.cdm.json: entities[0].entityPath 'Customer.cdm.json' must be <document>/<entity>, e.g. 'Customer.cdm.json/Customer'",
    ],
    [
      'a missing entity document',
      manifest({ entityPath: 'Gone.cdm.json/Customer' }),
      "lake/x/m.manifest.cdm.json: entities[0].entityPath names the document 'Gone.cdm.json', which does not exist",
    ],
    [
      'partition patterns',
      manifest({ dataPartitionPatterns: [{ name: 'Customer', rootLocation: 'Customer/', globPattern: '*.csv' }] }),
      'lake/x/m.manifest.cdm.json: entities[0].dataPartitionPatterns are not supported: list the partitions in dataPartitions',
    ],
    ['a partition without location', manifest({ dataPartitions: [{ name: 'p' }] }), 'lake/x/m.manifest.cdm.json: entities[0].dataPartitions[0].location is missing'],
    [
      'a Parquet partition',
      manifest({ dataPartitions: [{ location: 'Customer/p.parquet', exhibitsTraits: [{ traitReference: 'is.partition.format.parquet' }] }] }),
      "lake/x/m.manifest.cdm.json: entities[0].dataPartitions[0].exhibitsTraits[0] 'is.partition.format.parquet' is not supported (only is.partition.format.CSV)",
    ],
    [
      'a two-character delimiter',
      manifest(csvTrait([{ name: 'delimiter', value: '::' }])),
      "lake/x/m.manifest.cdm.json: entities[0].dataPartitions[0].exhibitsTraits[0].arguments[0].value '::' must be one ASCII character other than CR and LF",
    ],
    [
      'columnHeaders that is not a boolean',
      manifest(csvTrait([{ name: 'columnHeaders', value: 'maybe' }])),
      'lake/x/m.manifest.cdm.json: entities[0].dataPartitions[0].exhibitsTraits[0].arguments[0].value must be true or false (got "maybe")',
    ],
    [
      'backslash escapes',
      manifest(csvTrait([{ name: 'escape', value: '\\' }])),
      "lake/x/m.manifest.cdm.json: entities[0].dataPartitions[0].exhibitsTraits[0].arguments[0].value '\\\\' is not supported (quotes must be escaped by doubling them)",
    ],
    [
      'a positional trait argument',
      manifest(csvTrait(['true'])),
      'lake/x/m.manifest.cdm.json: entities[0].dataPartitions[0].exhibitsTraits[0].arguments[0] must be a JSON object (got string "true")',
    ],
  ])('rejects %s', async (_case, text, message) => {
    expect((await errorOf(text)).message).toBe(message);
  });

  it('rejects duplicate entity names, ignoring case', async () => {
    const text = JSON.stringify({
      manifestName: 'm',
      entities: ['Customer', 'customer'].map((entityName) => ({ type: 'LocalEntity', entityName, entityPath: 'Customer.cdm.json/Customer' })),
    });
    expect((await errorOf(text)).message).toBe(
      "lake/x/m.manifest.cdm.json: entities[1].entityName 'customer' duplicates entities[0].entityName (entity names are case-insensitive)",
    );
  });

  it.each<[string, unknown, string | RegExp]>([
    ['invalid JSON', '{"definitions": [', "lake/x/Customer.cdm.json: the document is not valid JSON at line 1, column 18 (position 17): Unexpected end of JSON input"],
    ['no such definition', { definitions: [{ entityName: 'Account', hasAttributes: [] }, { traitName: 'is.x' }] }, "lake/x/Customer.cdm.json: definitions has no entity 'Customer' (entities: Account)"],
    [
      'inheritance',
      { definitions: [{ entityName: 'Customer', extendsEntity: 'Contact', hasAttributes: [] }] },
      "lake/x/Customer.cdm.json: definitions[0].extendsEntity 'Contact' is not supported: only resolved entity documents (all attributes in hasAttributes) can be read",
    ],
    [
      'an unknown dataFormat',
      { definitions: [{ entityName: 'Customer', hasAttributes: [{ name: 'A', dataFormat: 'Varchar' }] }] },
      "lake/x/Customer.cdm.json: definitions[0].hasAttributes[0].dataFormat 'Varchar' is not a CDM data format (String, Char, Byte, Int16, Int32, Int64, Float, Double, Decimal, Boolean, Date, Time, DateTime, DateTimeOffset, Guid, Json)",
    ],
    [
      'an unknown dataType',
      { definitions: [{ entityName: 'Customer', hasAttributes: [{ name: 'A', dataType: { dataTypeReference: 'geography' } }] }] },
      /^lake\/x\/Customer\.cdm\.json: definitions\[0\]\.hasAttributes\[0\]\.dataType\.dataTypeReference 'geography' is not a supported CDM data type \(string, char, .*, entityId\)$/,
    ],
    [
      'an attribute without a type',
      { definitions: [{ entityName: 'Customer', hasAttributes: [{ name: 'A', purpose: 'hasA' }] }] },
      'lake/x/Customer.cdm.json: definitions[0].hasAttributes[0].dataType is missing (and so is dataFormat)',
    ],
    [
      'a referenced attribute group',
      { definitions: [{ entityName: 'Customer', hasAttributes: [{ attributeGroupReference: 'contactDetails' }] }] },
      "lake/x/Customer.cdm.json: definitions[0].hasAttributes[0].attributeGroupReference 'contactDetails' is not supported: only inline attribute groups (with members) can be read",
    ],
    [
      'an entity attribute',
      { definitions: [{ entityName: 'Customer', hasAttributes: [{ name: 'Account', entity: 'Account.cdm.json/Account' }] }] },
      'lake/x/Customer.cdm.json: definitions[0].hasAttributes[0].entity is not supported: entity attributes need the CDM resolver; export resolved entity documents',
    ],
    [
      'duplicate attributes across a group',
      {
        definitions: [
          {
            entityName: 'Customer',
            hasAttributes: [{ name: 'Email', dataFormat: 'String' }, { attributeGroupReference: { members: [{ name: 'email', dataFormat: 'String' }] } }],
          },
        ],
      },
      "lake/x/Customer.cdm.json: definitions[0].hasAttributes[1].attributeGroupReference.members[0].name 'email' duplicates definitions[0].hasAttributes[0].name (attribute names are case-insensitive)",
    ],
    ['no attributes', { definitions: [{ entityName: 'Customer', hasAttributes: [] }] }, 'lake/x/Customer.cdm.json: definitions[0].hasAttributes is empty: an entity needs at least one attribute'],
  ])('rejects an entity document with %s, naming that document', async (_case, document, message) => {
    const text = typeof document === 'string' ? document : JSON.stringify(document);
    const actual = (await errorOf(manifest(), { 'Customer.cdm.json': text })).message;
    if (message instanceof RegExp) expect(actual).toMatch(message);
    else expect(actual).toBe(message);
  });
});
