import type { Lake } from '@app/lake';
import { allItems, csvText, project } from './support/cdm-fixtures';
import { call, type Json, type RunningGateway } from './support/gateway-harness';
import { DS, headers, writeFullFolder, writeSmallFolder } from './support/import-folders';
import { EXPECTED_CUSTOMERS, EXPECTED_ORDERS, type Row, SMALL_CUSTOMERS, SMALL_EXPECTED_CUSTOMERS, SMALL_EXPECTED_ORDERS, SMALL_ORDERS } from './support/import-rows';
import { importBackends, useImportSuite } from './support/import-suite';

/** Data-source imports (§2, §5) on both lake backends: a model.json folder, a CDM manifest folder and a CSV file. */

describe.each(importBackends)('data source import on the %s lake (e2e)', (backendName) => {
  const suite = useImportSuite(backendName);
  const { importSource, expectServed } = suite;
  let gw: RunningGateway;
  let lake: Lake;
  beforeAll(() => {
    ({ gw, lake } = suite);
  });

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
});
