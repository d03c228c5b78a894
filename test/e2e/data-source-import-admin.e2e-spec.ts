import type { Lake } from '@app/lake';
import { allItems } from './support/cdm-fixtures';
import { call, type Json, jsonInit, type RunningGateway } from './support/gateway-harness';
import { DS, headers, writeFullFolder, writeSmallFolder } from './support/import-folders';
import { SMALL_CUSTOMERS, SMALL_EXPECTED_CUSTOMERS, SMALL_ORDERS } from './support/import-rows';
import { importBackends, useImportSuite } from './support/import-suite';

/** Data-source imports (§2, §5) on both lake backends: the admin API of data sources, and the columns an import ignores. */

describe.each(importBackends)('data source import on the %s lake (e2e)', (backendName) => {
  const suite = useImportSuite(backendName);
  const { importSource, expectServed } = suite;
  let gw: RunningGateway;
  let lake: Lake;
  beforeAll(() => {
    ({ gw, lake } = suite);
  });

  // Rows to keep: the entities hold data before the data sources are edited (as after the other imports).
  beforeAll(async () => {
    await writeFullFolder(lake, `${DS}/datasources/pos`, { format: 'model.json', orderEntity: 'SalesOrder' });
    const res = await importSource('pos');
    if (res.status !== 200) throw new Error(`the initial import answered ${res.status}: ${res.text}`);
  }, 30_000);

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
});
