import { writePartition } from '@app/partitions';
import type { Lake } from '@app/lake';
import { call, Json, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import {
  allItems,
  allPartitionItems,
  attribute,
  cdmManifestFiles,
  Cell,
  csvText,
  EntitySpec,
  LakeBackend,
  modelJsonText,
  openLakeBackend,
  project,
  writeInstanceManifest,
  writeLakeFolder,
} from './support/cdm-fixtures';

const KEY = 'import-admin-key-0123456789';
const headers = { authorization: `Bearer ${KEY}` };
const DS = 'shop';
/** Imports here take a few seconds at most (the failing ones well under one); one that hangs fails its test, not the whole file. */
const IMPORT_TIMEOUT_MS = 15_000;
const FAILED_IMPORT_TIMEOUT_MS = 5_000;

/** The instance: a profile with every EDM type, and a source entity; attribute order is the instance's. */
const MANIFEST = {
  name: DS,
  displayName: 'Shop',
  searchIndex: [],
  entities: [
    {
      name: 'Customer',
      kind: 'profile',
      key: 'CustomerId',
      attributes: [
        { name: 'CustomerId', type: 'String' },
        { name: 'FullName', type: 'String' },
        { name: 'Age', type: 'Int32' },
        { name: 'Points', type: 'Int64' },
        { name: 'Balance', type: 'Decimal' },
        { name: 'Score', type: 'Double' },
        { name: 'IsActive', type: 'Boolean' },
        { name: 'BirthDate', type: 'Date' },
        { name: 'CreatedOn', type: 'DateTimeOffset' },
        { name: 'ExternalId', type: 'Guid' },
      ],
    },
    {
      name: 'Orders',
      kind: 'source',
      key: 'OrderId',
      attributes: [
        { name: 'OrderId', type: 'String' },
        { name: 'CustomerId', type: 'String' },
        { name: 'Quantity', type: 'Int32' },
        { name: 'Total', type: 'Decimal' },
        { name: 'OrderedAt', type: 'DateTimeOffset' },
        { name: 'Note', type: 'String' },
      ],
    },
  ],
  dataSources: [
    // The folder calls the order entity SalesOrder: mapped explicitly, Customer first.
    { name: 'pos', kind: 'cdm', location: 'datasources/pos', entities: [{ name: 'Customer' }, { name: 'SalesOrder', entity: 'Orders' }] },
    // Entity names equal the instance's: mapped by default.
    { name: 'lakehouse', kind: 'cdm', location: 'datasources/lakehouse' },
    { name: 'orders-csv', kind: 'csv', location: 'datasources/orders-export.csv', entities: [{ name: 'Orders' }] },
  ],
};

/**
 * The CDM side, in an order unlike the instance's, with an extra column the instance does not
 * have: [name, model.json dataType, manifest dataFormat].
 */
const CUSTOMER_CDM: readonly (readonly [string, string, string])[] = [
  ['ExternalId', 'guid', 'Guid'],
  ['CreatedOn', 'dateTime', 'DateTimeOffset'],
  ['CustomerId', 'string', 'String'],
  ['Points', 'int64', 'Int64'],
  ['FullName', 'string', 'String'],
  ['LegacyCode', 'string', 'String'],
  ['BirthDate', 'date', 'Date'],
  ['IsActive', 'boolean', 'Boolean'],
  ['Score', 'double', 'Double'],
  ['Balance', 'decimal', 'Decimal'],
  ['Age', 'int64', 'Int32'],
];
const ORDER_CDM: readonly (readonly [string, string, string])[] = [
  ['Note', 'string', 'String'],
  ['OrderId', 'string', 'String'],
  ['Total', 'decimal', 'Decimal'],
  ['CustomerId', 'string', 'String'],
  ['OrderedAt', 'dateTimeOffset', 'DateTimeOffset'],
  ['Quantity', 'int64', 'Int32'],
];
const cdmColumns = (cdm: readonly (readonly [string, string, string])[]) => cdm.map(([name]) => name);

type Row = Readonly<Record<string, Cell>>;

/** Customer rows as their text is in the files (null = unquoted empty field). */
const CUSTOMERS_A: Row[] = [
  {
    CustomerId: 'C-001',
    FullName: 'Smith, John "JJ"\nsecond line',
    Age: '42',
    Points: '9007199254740993',
    Balance: '12345.6789',
    Score: '-1.5e-7',
    IsActive: 'true',
    BirthDate: '1984-02-29',
    CreatedOn: '2024-03-01T10:00:00+02:00',
    ExternalId: 'A1B2C3D4-0000-4000-8000-00000000000A',
    LegacyCode: 'L-1',
  },
  {
    CustomerId: 'C-002',
    FullName: 'Zoë Ünïcode 東京 🚀',
    Age: '-7',
    Points: '-9223372036854775808',
    Balance: '0.1',
    Score: '3.141592653589793',
    IsActive: 'FALSE',
    BirthDate: '2000-01-01T00:00:00Z',
    CreatedOn: '2024-12-31 23:59:59',
    ExternalId: 'b1b2c3d4-0000-4000-8000-00000000000b',
    LegacyCode: 'L-2',
  },
  { CustomerId: 'C-003', FullName: '', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null, LegacyCode: null },
  {
    CustomerId: 'C-004',
    FullName: '  padded  ',
    Age: '2147483647',
    Points: '+15',
    Balance: '-0.0001',
    Score: '1e308',
    IsActive: '1',
    BirthDate: '2024-01-31',
    CreatedOn: '2024-06-15T12:34:56.789123Z',
    ExternalId: 'c1b2c3d4-0000-4000-8000-00000000000c',
    LegacyCode: 'L-4',
  },
];
/** Written with a header row, columns in yet another order (one header name in other case). */
const CUSTOMER_B_HEADER = ['Score', 'customerid', 'BirthDate', 'FullName', 'IsActive', 'Age', 'Points', 'CreatedOn', 'Balance', 'ExternalId'];
const CUSTOMERS_B: Row[] = [
  {
    customerid: 'C-005',
    FullName: 'Line1\r\nLine2',
    Age: '0',
    Points: '0',
    Balance: '100',
    Score: '0',
    IsActive: '0',
    BirthDate: '1970-01-01',
    CreatedOn: '1970-01-01T00:00:00Z',
    ExternalId: 'd1b2c3d4-0000-4000-8000-00000000000d',
  },
  { customerid: 'C-006', FullName: 'Semi;colon, and "quotes" ""', Age: '-2147483648', Points: '123', Balance: '99.95', Score: '2.5', IsActive: 'True', BirthDate: null, CreatedOn: '2023-02-03T04:05:06.7Z', ExternalId: null },
  { customerid: 'C-007', FullName: "O'Brien", Age: '7', Points: '-1', Balance: '0', Score: '-0.5', IsActive: 'false', BirthDate: '1999-12-31', CreatedOn: '2023-02-03T04:05:06-05:30', ExternalId: null },
];

/** The same rows as the connector serves them: typed per the instance entity, in its attribute order. */
const EXPECTED_CUSTOMERS: Json[] = [
  {
    CustomerId: 'C-001',
    FullName: 'Smith, John "JJ"\nsecond line',
    Age: 42,
    Points: 9007199254740993n,
    Balance: 12345.6789,
    Score: -1.5e-7,
    IsActive: true,
    BirthDate: '1984-02-29',
    CreatedOn: '2024-03-01T08:00:00.000Z',
    ExternalId: 'a1b2c3d4-0000-4000-8000-00000000000a',
  },
  {
    CustomerId: 'C-002',
    FullName: 'Zoë Ünïcode 東京 🚀',
    Age: -7,
    Points: -9223372036854775808n,
    Balance: 0.1,
    Score: 3.141592653589793,
    IsActive: false,
    BirthDate: '2000-01-01',
    CreatedOn: '2024-12-31T23:59:59.000Z',
    ExternalId: 'b1b2c3d4-0000-4000-8000-00000000000b',
  },
  { CustomerId: 'C-003', FullName: '', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null },
  {
    CustomerId: 'C-004',
    FullName: '  padded  ',
    Age: 2147483647,
    Points: 15,
    Balance: -0.0001,
    Score: 1e308,
    IsActive: true,
    BirthDate: '2024-01-31',
    CreatedOn: '2024-06-15T12:34:56.789Z',
    ExternalId: 'c1b2c3d4-0000-4000-8000-00000000000c',
  },
  {
    CustomerId: 'C-005',
    FullName: 'Line1\r\nLine2',
    Age: 0,
    Points: 0,
    Balance: 100,
    Score: 0,
    IsActive: false,
    BirthDate: '1970-01-01',
    CreatedOn: '1970-01-01T00:00:00.000Z',
    ExternalId: 'd1b2c3d4-0000-4000-8000-00000000000d',
  },
  { CustomerId: 'C-006', FullName: 'Semi;colon, and "quotes" ""', Age: -2147483648, Points: 123, Balance: 99.95, Score: 2.5, IsActive: true, BirthDate: null, CreatedOn: '2023-02-03T04:05:06.700Z', ExternalId: null },
  { CustomerId: 'C-007', FullName: "O'Brien", Age: 7, Points: -1, Balance: 0, Score: -0.5, IsActive: false, BirthDate: '1999-12-31', CreatedOn: '2023-02-03T09:35:06.000Z', ExternalId: null },
  // Written by writePartition from typed values (headerless, CDM order).
  {
    CustomerId: 'C-008',
    FullName: 'multi\nline, "q"',
    Age: 18,
    Points: 1234567890123456789n,
    Balance: 5.25,
    Score: 1.25,
    IsActive: true,
    BirthDate: '2023-07-04',
    CreatedOn: '2023-07-04T05:06:07.000Z',
    ExternalId: 'e1b2c3d4-0000-4000-8000-00000000000e',
  },
  { CustomerId: 'C-009', FullName: null, Age: null, Points: 9, Balance: null, Score: null, IsActive: false, BirthDate: null, CreatedOn: null, ExternalId: null },
];
/** C-008 and C-009 as typed values in CDM order (for writePartition). */
const CUSTOMERS_C_TYPED = [
  ['e1b2c3d4-0000-4000-8000-00000000000e', '2023-07-04T05:06:07.000Z', 'C-008', 1234567890123456789n, 'multi\nline, "q"', 'x', '2023-07-04', true, 1.25, 5.25, 18],
  [null, null, 'C-009', 9, null, null, null, false, null, null, null],
] as const;
const CUSTOMER_C_ATTRIBUTES = [
  attribute('ExternalId', 'Guid'),
  attribute('CreatedOn', 'DateTimeOffset'),
  attribute('CustomerId', 'String'),
  attribute('Points', 'Int64'),
  attribute('FullName', 'String'),
  attribute('LegacyCode', 'String'),
  attribute('BirthDate', 'Date'),
  attribute('IsActive', 'Boolean'),
  attribute('Score', 'Double'),
  attribute('Balance', 'Decimal'),
  attribute('Age', 'Int32'),
];

const ORDER_A_HEADER = ['OrderId', 'Quantity', 'CustomerId', 'Channel', 'OrderedAt', 'Total', 'Note'];
const ORDERS_A: Row[] = [
  { OrderId: 'O-1', Quantity: '3', CustomerId: 'C-001', Channel: 'web', OrderedAt: '2024-05-01T09:00:00Z', Total: '29.97', Note: 'gift, wrap it\n"fragile"' },
  { OrderId: 'O-2', Quantity: '1', CustomerId: 'C-002', Channel: 'store', OrderedAt: '2024-05-02T10:30:00.5+01:00', Total: '0.01', Note: null },
];
/** Headerless, `;`-delimited, in CDM order. */
const ORDERS_B: Row[] = [
  { Note: 'semi;colon', OrderId: 'O-3', Total: '1000000.5', CustomerId: 'C-005', OrderedAt: '2024-05-03T00:00:00Z', Quantity: '100' },
  { Note: '', OrderId: 'O-4', Total: '-5', CustomerId: 'C-999', OrderedAt: null, Quantity: '-1' },
];
const EXPECTED_ORDERS: Json[] = [
  { OrderId: 'O-1', CustomerId: 'C-001', Quantity: 3, Total: 29.97, OrderedAt: '2024-05-01T09:00:00.000Z', Note: 'gift, wrap it\n"fragile"' },
  { OrderId: 'O-2', CustomerId: 'C-002', Quantity: 1, Total: 0.01, OrderedAt: '2024-05-02T09:30:00.500Z', Note: null },
  { OrderId: 'O-3', CustomerId: 'C-005', Quantity: 100, Total: 1000000.5, OrderedAt: '2024-05-03T00:00:00.000Z', Note: 'semi;colon' },
  { OrderId: 'O-4', CustomerId: 'C-999', Quantity: -1, Total: -5, OrderedAt: null, Note: '' },
];

interface FolderOptions {
  readonly format: 'model.json' | 'manifest';
  /** What the folder calls the order entity. */
  readonly orderEntity: string;
}

/**
 * The full source folder: Customer in three partitions (headerless relative; header with an
 * absolute ADLS URL; headerless written by writePartition, absolute blob URL), orders in two
 * (header, relative; headerless `;` at the lake's own location for the file).
 */
async function writeFullFolder(lake: Lake, folder: string, options: FolderOptions): Promise<void> {
  const { orderEntity } = options;
  const files: Record<string, string> = {
    'Customer/part-a.csv': csvText(CUSTOMERS_A.map((r) => project(r, cdmColumns(CUSTOMER_CDM)))),
    'Customer/part-b.csv': csvText([CUSTOMER_B_HEADER, ...CUSTOMERS_B.map((r) => project(r, CUSTOMER_B_HEADER))], { lineBreak: '\r\n', noFinalBreak: true }),
    [`${orderEntity}/o-a.csv`]: csvText([ORDER_A_HEADER, ...ORDERS_A.map((r) => project(r, ORDER_A_HEADER))]),
    [`${orderEntity}/o-b.csv`]: csvText(ORDERS_B.map((r) => project(r, cdmColumns(ORDER_CDM))), { delimiter: ';' }),
  };
  const entities: EntitySpec[] = [
    {
      name: 'Customer',
      attributes: CUSTOMER_CDM.map(([name, dataType, dataFormat]) => [name, options.format === 'model.json' ? dataType : dataFormat] as const),
      partitions: [
        { name: 'Customer-a', location: 'Customer/part-a.csv', hasHeader: false },
        { location: `https://exported.dfs.core.windows.net/insights/${folder}/Customer/part-b.csv`, hasHeader: true },
        { name: 'Customer-c', location: 'https://elsewhere.blob.core.windows.net/c/x/y/Customer/part-c.csv', hasHeader: false },
      ],
    },
    {
      name: orderEntity,
      attributes: ORDER_CDM.map(([name, dataType, dataFormat]) => [name, options.format === 'model.json' ? dataType : dataFormat] as const),
      partitions: [
        { location: `${orderEntity}/o-a.csv`, hasHeader: true },
        { location: lake.locationOf(`${folder}/${orderEntity}/o-b.csv`), hasHeader: false, delimiter: ';' },
      ],
    },
  ];
  if (options.format === 'model.json') files['model.json'] = modelJsonText('pos', entities);
  else Object.assign(files, cdmManifestFiles('lakehouse', entities));
  await writeLakeFolder(lake, folder, files);
  await writePartition(lake, { path: `${folder}/Customer/part-c.csv`, format: { hasHeader: false, delimiter: ',', quote: '"' } }, CUSTOMER_C_ATTRIBUTES, CUSTOMERS_C_TYPED);
}

/** A small, different version of the folder (re-import replaces rows). */
async function writeSmallFolder(lake: Lake, folder: string, orderEntity: string, customers: readonly Row[], orders: readonly Row[]): Promise<void> {
  const entities: EntitySpec[] = [
    { name: 'Customer', attributes: CUSTOMER_CDM.map(([n, t]) => [n, t] as const), partitions: [{ location: 'Customer/only.csv', hasHeader: false }] },
    { name: orderEntity, attributes: ORDER_CDM.map(([n, t]) => [n, t] as const), partitions: [{ location: `${orderEntity}/only.csv`, hasHeader: false }] },
  ];
  await writeLakeFolder(lake, folder, {
    'model.json': modelJsonText('pos', entities),
    'Customer/only.csv': csvText(customers.map((r) => project(r, cdmColumns(CUSTOMER_CDM)))),
    [`${orderEntity}/only.csv`]: csvText(orders.map((r) => project(r, cdmColumns(ORDER_CDM)))),
  });
}

const SMALL_CUSTOMERS: Row[] = [
  { CustomerId: 'C-001', FullName: 'Renamed', Age: '43', Points: '1', Balance: '2', Score: '3', IsActive: 'true', BirthDate: '1984-02-29', CreatedOn: '2025-01-01T00:00:00Z', ExternalId: null },
  { CustomerId: 'C-100', FullName: 'New', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null },
];
const SMALL_EXPECTED_CUSTOMERS: Json[] = [
  { CustomerId: 'C-001', FullName: 'Renamed', Age: 43, Points: 1, Balance: 2, Score: 3, IsActive: true, BirthDate: '1984-02-29', CreatedOn: '2025-01-01T00:00:00.000Z', ExternalId: null },
  { CustomerId: 'C-100', FullName: 'New', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null },
];
const SMALL_ORDERS: Row[] = [{ OrderId: 'O-9', CustomerId: 'C-100', Quantity: '2', Total: '4.5', OrderedAt: '2025-02-02T02:02:02Z', Note: 'only one' }];
const SMALL_EXPECTED_ORDERS: Json[] = [{ OrderId: 'O-9', CustomerId: 'C-100', Quantity: 2, Total: 4.5, OrderedAt: '2025-02-02T02:02:02.000Z', Note: 'only one' }];

describe.each(['local', 'azurite'] as const)('data source import on the %s lake (e2e)', (backendName) => {
  let backend: LakeBackend;
  let gw: RunningGateway;
  let lake: Lake;

  beforeAll(async () => {
    backend = await openLakeBackend(backendName, 'igw-import-');
    lake = backend.lake;
    writeInstanceManifest(backend.dataDir, MANIFEST);
    gw = await startGateway({ ...backend.env, DEMO: 'false', ADMIN_API_KEY: KEY });
  }, 30_000);
  afterAll(async () => {
    await gw?.close();
    await backend?.dispose();
  });

  const importSource = async (name: string, timeoutMs = IMPORT_TIMEOUT_MS) => {
    try {
      return await call(`${gw.url}/admin/datasets/${DS}/datasources/${name}/import`, { method: 'POST', headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new Error(`POST …/datasources/${name}/import did not answer: ${(error as Error).message}`);
    }
  };
  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables = await call(`${gw.url}/datasets/${DS}/tables`, { headers });
    expect(tables.status).toBe(200);
    return Object.fromEntries(tables.body.value.map((t: Json) => [t.Name, t.DynamicProperties.rowCount]));
  };
  /** What the gateway serves for both entities: items, row counts and partitions. */
  const served = async () => ({
    customers: await allItems(gw.url, DS, 'Customer', headers, 'CustomerId'),
    orders: await allItems(gw.url, DS, 'Orders', headers, 'OrderId'),
    counts: await rowCounts(),
    customerPartitions: (await allPartitionItems(gw.url, DS, 'Customer', headers, 'CustomerId')).items,
    orderPartitions: (await allPartitionItems(gw.url, DS, 'Orders', headers, 'OrderId')).items,
  });
  const expectServed = async (customers: Json[], orders: Json[]) => {
    expect(await served()).toEqual({
      customers,
      orders,
      counts: { Customer: customers.length, Orders: orders.length },
      customerPartitions: customers,
      orderPartitions: orders,
    });
  };

  it('imports a model.json folder: two entities, mixed partitions, every EDM type; a re-import replaces the rows', async () => {
    await writeFullFolder(lake, `${DS}/datasources/pos`, { format: 'model.json', orderEntity: 'SalesOrder' });
    const first = await importSource('pos');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      dataSource: 'pos',
      entities: [
        // ignoredColumns: asserted in a test of its own.
        { entity: 'Customer', rows: 9, partitions: 3, ignoredColumns: expect.any(Array) },
        { entity: 'Orders', rows: 4, partitions: 2, ignoredColumns: expect.any(Array) },
      ],
      ingestMs: expect.any(Number),
      exportMs: expect.any(Number),
      durationMs: expect.any(Number),
    });
    await expectServed(EXPECTED_CUSTOMERS, EXPECTED_ORDERS);

    // Int64 beyond 2^53 goes out as exact digits.
    const one = await call(`${gw.url}/datasets/${DS}/tables/Customer/items?$filter=CustomerId eq 'C-001'`, { headers });
    expect(one.text).toContain('"Points":9007199254740993');
    // The partitions are rewritten from the store: headerless, the instance's attribute order.
    const listing = await call(`${gw.url}/v2/datasets/${DS}/tables/Customer/partitions`, { headers });
    expect(listing.body.Header).toBe('CustomerId,FullName,Age,Points,Balance,Score,IsActive,BirthDate,CreatedOn,ExternalId');
    expect(listing.body.Partitions.length).toBeGreaterThanOrEqual(1);
    for (const p of listing.body.Partitions) expect(p.DynamicProperties.hasHeader).toBe(false);

    // The folder changes: fewer rows, other values. The import replaces, never appends.
    await writeSmallFolder(lake, `${DS}/datasources/pos`, 'SalesOrder', SMALL_CUSTOMERS, SMALL_ORDERS);
    const second = await importSource('pos');
    expect(second.status).toBe(200);
    expect(second.body.entities).toEqual([
      { entity: 'Customer', rows: 2, partitions: 1, ignoredColumns: ['LegacyCode'] },
      { entity: 'Orders', rows: 1, partitions: 1, ignoredColumns: [] },
    ]);
    await expectServed(SMALL_EXPECTED_CUSTOMERS, SMALL_EXPECTED_ORDERS);
  });

  it('imports a CDM manifest folder (*.manifest.cdm.json + entity documents) the same way', async () => {
    await writeSmallFolder(lake, `${DS}/datasources/pos`, 'SalesOrder', SMALL_CUSTOMERS, SMALL_ORDERS);
    expect((await importSource('pos')).status).toBe(200);
    await writeFullFolder(lake, `${DS}/datasources/lakehouse`, { format: 'manifest', orderEntity: 'Orders' });
    const imported = await importSource('lakehouse');
    expect(imported.status).toBe(200);
    expect(imported.body.entities.map((e: Json) => [e.entity, e.rows, e.partitions])).toEqual([
      ['Customer', 9, 3],
      ['Orders', 4, 2],
    ]);
    await expectServed(EXPECTED_CUSTOMERS, EXPECTED_ORDERS);
  });

  it('imports a CSV data source (one file with a header row) into its entity', async () => {
    const header = ['Note', 'OrderedAt', 'OrderId', 'Total', 'Quantity', 'CustomerId'];
    const rows: Row[] = [
      { OrderId: 'X-1', CustomerId: 'C-001', Quantity: '5', Total: '12.5', OrderedAt: '2024-07-01T08:00:00+02:00', Note: 'first, "quoted"\nline' },
      { OrderId: 'X-2', CustomerId: 'C-002', Quantity: null, Total: null, OrderedAt: null, Note: null },
      { OrderId: 'X-3', CustomerId: 'C-003', Quantity: '-3', Total: '0.5', OrderedAt: '2024-07-02T00:00:00Z', Note: '' },
    ];
    await lake.write(`${DS}/datasources/orders-export.csv`, csvText([header, ...rows.map((r) => project(r, header))]));
    const customersBefore = await allItems(gw.url, DS, 'Customer', headers, 'CustomerId');
    const imported = await importSource('orders-csv');
    expect(imported.status).toBe(200);
    expect(imported.body.entities).toEqual([{ entity: 'Orders', rows: 3, partitions: 1, ignoredColumns: [] }]);
    await expectServed(customersBefore, [
      { OrderId: 'X-1', CustomerId: 'C-001', Quantity: 5, Total: 12.5, OrderedAt: '2024-07-01T06:00:00.000Z', Note: 'first, "quoted"\nline' },
      { OrderId: 'X-2', CustomerId: 'C-002', Quantity: null, Total: null, OrderedAt: null, Note: null },
      { OrderId: 'X-3', CustomerId: 'C-003', Quantity: -3, Total: 0.5, OrderedAt: '2024-07-02T00:00:00.000Z', Note: '' },
    ]);
  });

  it('adds, lists, imports and deletes a data source through the admin API', async () => {
    const base = `${gw.url}/admin/datasets/${DS}/datasources`;
    await writeSmallFolder(lake, `${DS}/datasources/crm`, 'Orders', SMALL_CUSTOMERS, SMALL_ORDERS);
    const put = await call(`${base}/crm`, jsonInit('PUT', { kind: 'cdm', location: 'datasources/crm', entities: [{ name: 'Customer' }] }, headers));
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ name: 'crm', kind: 'cdm', location: 'datasources/crm', entities: [{ name: 'Customer' }] });

    const listed = await call(base, { headers });
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([
      { name: 'pos', kind: 'cdm', location: 'datasources/pos', entities: [{ name: 'Customer' }, { name: 'SalesOrder', entity: 'Orders' }] },
      { name: 'lakehouse', kind: 'cdm', location: 'datasources/lakehouse', entities: null },
      { name: 'orders-csv', kind: 'csv', location: 'datasources/orders-export.csv', entities: [{ name: 'Orders' }] },
      { name: 'crm', kind: 'cdm', location: 'datasources/crm', entities: [{ name: 'Customer' }] },
    ]);

    const ordersBefore = await allItems(gw.url, DS, 'Orders', headers, 'OrderId');
    const imported = await importSource('crm');
    expect(imported.status).toBe(200);
    // Only the mapped entity: Orders keeps its rows although the folder has Orders too.
    expect(imported.body.entities.map((e: Json) => e.entity)).toEqual(['Customer']);
    await expectServed(SMALL_EXPECTED_CUSTOMERS, ordersBefore);

    // PUT replaces (same name, any case), it does not add a second one.
    const replaced = await call(`${base}/CRM`, jsonInit('PUT', { kind: 'cdm', location: 'datasources/crm' }, headers));
    expect(replaced.status).toBe(200);
    expect((await call(base, { headers })).body.value.filter((d: Json) => d.name.toLowerCase() === 'crm')).toEqual([
      { name: 'CRM', kind: 'cdm', location: 'datasources/crm', entities: null },
    ]);

    expect((await call(`${base}/crm`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await call(base, { headers })).body.value.map((d: Json) => d.name)).toEqual(['pos', 'lakehouse', 'orders-csv']);
    const again = await call(`${base}/crm`, { method: 'DELETE', headers });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'DATA_SOURCE_NOT_FOUND', message: expect.stringContaining('crm') });
    const gone = await importSource('crm');
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'DATA_SOURCE_NOT_FOUND', message: expect.stringMatching(/no data source 'crm'/) });
    // Editing the data sources never touched the entities' rows.
    await expectServed(SMALL_EXPECTED_CUSTOMERS, ordersBefore);

    // Bad DTOs: 400, nothing saved.
    for (const body of [
      { kind: 'parquet', location: 'datasources/x' },
      { kind: 'cdm', location: '../outside' },
      { kind: 'cdm', location: '/absolute' },
      { kind: 'cdm' },
      { kind: 'cdm', location: 'datasources/x', entities: [{ entity: 'Customer' }] },
      { kind: 'cdm', location: 'datasources/x', unexpected: true },
    ]) {
      const bad = await call(`${base}/bad`, jsonInit('PUT', body, headers));
      expect([bad.status, body]).toEqual([400, body]);
      expect(bad.body.error.message).toEqual(expect.any(String));
    }
    const unknownEntity = await call(`${base}/bad`, jsonInit('PUT', { kind: 'cdm', location: 'datasources/x', entities: [{ name: 'Nope' }] }, headers));
    expect(unknownEntity.status).toBe(400);
    expect(unknownEntity.body.error.message).toContain("'Nope'");
    expect((await call(base, { headers })).body.value.map((d: Json) => d.name)).toEqual(['pos', 'lakehouse', 'orders-csv']);
    expect((await call(`${gw.url}/admin/datasets/nowhere/datasources`, { headers })).status).toBe(404);
  });

  it('reports the file columns the instance does not have as ignoredColumns', async () => {
    await writeFullFolder(lake, `${DS}/datasources/pos`, { format: 'model.json', orderEntity: 'SalesOrder' });
    const imported = await importSource('pos');
    expect(imported.status).toBe(200);
    // LegacyCode: in the CDM attributes (headerless partitions); Channel: in a header row.
    expect(imported.body.entities.map((e: Json) => [e.entity, e.ignoredColumns])).toEqual([
      ['Customer', ['LegacyCode']],
      ['Orders', ['Channel']],
    ]);
  });

  describe('a failed import names the problem and leaves the previous data serving', () => {
    const folder = `${DS}/datasources/pos`;
    let before: Json;

    beforeAll(async () => {
      await writeSmallFolder(lake, folder, 'SalesOrder', SMALL_CUSTOMERS, SMALL_ORDERS);
      const baseline = await importSource('pos');
      expect(baseline.status).toBe(200);
      before = await served();
      expect(before.customers).toEqual(SMALL_EXPECTED_CUSTOMERS);
    });

    /** A valid model.json for `pos` whose Customer has `customerParts` and orders `orderParts` (all headerless). */
    const posModel = (customerParts: string[], orderParts: string[]) =>
      modelJsonText('pos', [
        { name: 'Customer', attributes: CUSTOMER_CDM.map(([n, t]) => [n, t] as const), partitions: customerParts.map((location) => ({ location, hasHeader: false })) },
        { name: 'SalesOrder', attributes: ORDER_CDM.map(([n, t]) => [n, t] as const), partitions: orderParts.map((location) => ({ location, hasHeader: false })) },
      ]);
    const customerCsv = (rows: readonly Row[]) => csvText(rows.map((r) => project(r, cdmColumns(CUSTOMER_CDM))));
    const orderCsv = (rows: readonly Row[]) => csvText(rows.map((r) => project(r, cdmColumns(ORDER_CDM))));
    const goodFiles = {
      'Customer/a.csv': customerCsv(CUSTOMERS_A),
      'Customer/b.csv': customerCsv(CUSTOMERS_B.map(({ customerid, ...rest }) => ({ ...rest, CustomerId: customerid }))),
      'SalesOrder/a.csv': orderCsv(ORDERS_B),
    };
    const goodModel = posModel(['Customer/a.csv', 'Customer/b.csv'], ['SalesOrder/a.csv']);

    /** The baseline again, should a broken folder have been imported after all (so one failure does not cascade). */
    async function restoreBaseline(): Promise<void> {
      await writeSmallFolder(lake, folder, 'SalesOrder', SMALL_CUSTOMERS, SMALL_ORDERS);
      await importSource('pos');
    }

    async function expectRejected(dataSource: string, status: number, codes: readonly string[], message: readonly (string | RegExp)[]): Promise<void> {
      const res = await importSource(dataSource, FAILED_IMPORT_TIMEOUT_MS);
      try {
        expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code: codes.includes(res.body?.error?.code) ? res.body.error.code : codes.join(' | ') });
        for (const part of message) {
          if (typeof part === 'string') expect(res.body.error.message).toContain(part);
          else expect(res.body.error.message).toMatch(part);
        }
        expect(await served()).toEqual(before);
      } finally {
        if (res.status === 200) await restoreBaseline();
      }
    }

    it('model.json that is not JSON', async () => {
      await writeLakeFolder(lake, folder, { ...goodFiles, 'model.json': goodModel.slice(0, 200) });
      await expectRejected('pos', 422, ['CDM_FOLDER_INVALID'], ['datasources/pos/model.json']);
    });

    it('model.json with an unknown dataType', async () => {
      await writeLakeFolder(lake, folder, { ...goodFiles, 'model.json': goodModel.replace('"dataType": "int64"', '"dataType": "bigNumber"') });
      await expectRejected('pos', 422, ['CDM_FOLDER_INVALID'], ['datasources/pos/model.json', "'bigNumber'", 'not a CDM data type']);
    });

    it('model.json with a partition without a location', async () => {
      const model = JSON.parse(goodModel);
      delete model.entities[0].partitions[1].location;
      await writeLakeFolder(lake, folder, { ...goodFiles, 'model.json': JSON.stringify(model) });
      await expectRejected('pos', 422, ['CDM_FOLDER_INVALID'], ['datasources/pos/model.json', 'location']);
    });

    it('a folder that does not exist', async () => {
      const put = await call(`${gw.url}/admin/datasets/${DS}/datasources/ghost`, jsonInit('PUT', { kind: 'cdm', location: 'datasources/nowhere' }, headers));
      expect(put.status).toBe(200);
      await expectRejected('ghost', 422, ['CDM_FOLDER_INVALID'], ["'datasources/nowhere'", 'does not exist']);
      expect((await call(`${gw.url}/admin/datasets/${DS}/datasources/ghost`, { method: 'DELETE', headers })).status).toBe(204);
    });

    it('text in an Int64 column, named with its line and column', async () => {
      const rows = [
        { ...CUSTOMERS_A[0], CustomerId: 'C-019' },
        { ...CUSTOMERS_A[1], CustomerId: 'C-020' },
        { ...CUSTOMERS_A[2], CustomerId: 'C-021', Points: 'abc' },
      ];
      await writeLakeFolder(lake, folder, { ...goodFiles, 'Customer/b.csv': customerCsv(rows), 'model.json': goodModel });
      // Record 3 of Customer/b.csv starts on line 4: record 1 spans two lines.
      await expectRejected('pos', 422, ['PARTITION_DATA_INVALID'], ['Customer/b.csv', "'Points'", '"abc"', 'Edm.Int64', 'line 4']);
    });

    it('a record with the wrong number of fields', async () => {
      const lines = customerCsv(CUSTOMERS_A.slice(1)).split('\n');
      lines[1] = lines[1].slice(0, lines[1].lastIndexOf(','));
      await writeLakeFolder(lake, folder, { ...goodFiles, 'Customer/a.csv': lines.join('\n'), 'model.json': goodModel });
      await expectRejected('pos', 422, ['PARTITION_DATA_INVALID'], ['Customer/a.csv', /line 2/, /\b11\b/, /\b10\b/]);
    });

    it('a key that is in two partitions: 409', async () => {
      await writeLakeFolder(lake, folder, { ...goodFiles, 'Customer/b.csv': customerCsv([{ ...CUSTOMERS_A[3], FullName: 'twin' }]), 'model.json': goodModel });
      const res = await importSource('pos');
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'DUPLICATE_KEY', target: 'CustomerId', message: expect.stringContaining("'C-004'") });
      expect(await served()).toEqual(before);
    });

    it('a failure in the second entity after the first was staged: neither is half-imported', async () => {
      const orders = [
        { ...ORDERS_B[0], OrderId: 'O-5' },
        { ...ORDERS_B[1], OrderId: 'O-6' },
        { ...ORDERS_B[0], OrderId: 'O-7', Quantity: 'many' },
      ];
      await writeLakeFolder(lake, folder, {
        ...goodFiles,
        'SalesOrder/b.csv': orderCsv(orders),
        'model.json': posModel(['Customer/a.csv', 'Customer/b.csv'], ['SalesOrder/a.csv', 'SalesOrder/b.csv']),
      });
      await expectRejected('pos', 422, ['PARTITION_DATA_INVALID'], ['SalesOrder/b.csv', "'Quantity'", '"many"', 'line 3']);
    });

    it('a mapped entity the folder does not have', async () => {
      const model = JSON.parse(goodModel);
      model.entities[1].name = 'Sales';
      await writeLakeFolder(lake, folder, { ...goodFiles, 'model.json': JSON.stringify(model) });
      await expectRejected('pos', 422, ['CDM_FOLDER_INVALID'], ["no entity 'SalesOrder'"]);
    });

    it('a bad value in a file with a header row (CSV data source)', async () => {
      const header = ['OrderId', 'CustomerId', 'Quantity', 'Total', 'OrderedAt', 'Note'];
      await lake.write(`${DS}/datasources/orders-export.csv`, csvText([header, ['B-1', 'C-1', '1', '1', '2024-01-01T00:00:00Z', null], ['B-2', 'C-1', '2', '1', 'soon', null]]));
      await expectRejected('orders-csv', 422, ['PARTITION_DATA_INVALID'], ['orders-export.csv', "'OrderedAt'", '"soon"', 'line 3']);
    });

    // These two last: the lake read fails inside the byte stream fed to the CSV parser.
    it('a partition that is not UTF-8', async () => {
      await writeLakeFolder(lake, folder, { ...goodFiles, 'model.json': goodModel });
      const text = goodFiles['Customer/b.csv'];
      const at = Buffer.byteLength(text.slice(0, text.indexOf("O'Brien")));
      const bytes = Buffer.from(text);
      bytes[at] = 0xff;
      await lake.write(`${folder}/Customer/b.csv`, bytes);
      await expectRejected('pos', 422, ['PARTITION_DATA_INVALID'], ['Customer/b.csv', 'UTF-8']);
    });

    it('a partition file that is missing', async () => {
      await writeLakeFolder(lake, folder, { ...goodFiles, 'model.json': posModel(['Customer/a.csv', 'Customer/gone.csv'], ['SalesOrder/a.csv']) });
      await expectRejected('pos', 422, ['CDM_FOLDER_INVALID', 'PARTITION_DATA_INVALID'], ['Customer/gone.csv']);
    });

    it('an unknown data source: 404', async () => {
      const res = await importSource('nope');
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'DATA_SOURCE_NOT_FOUND', target: 'nope', message: expect.stringContaining('pos, lakehouse, orders-csv') });
      expect(await served()).toEqual(before);
    });
  });
});
