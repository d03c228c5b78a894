import type { Lake } from '@app/lake';
import { csvText, modelJsonText, project, writeLakeFolder } from './support/cdm-fixtures';
import { call, type Json, jsonInit, type RunningGateway } from './support/gateway-harness';
import { cdmColumns, CUSTOMER_CDM, DS, FAILED_IMPORT_TIMEOUT_MS, headers, ORDER_CDM, writeSmallFolder } from './support/import-folders';
import { CUSTOMERS_A, CUSTOMERS_B, ORDERS_B, type Row, SMALL_CUSTOMERS, SMALL_EXPECTED_CUSTOMERS, SMALL_ORDERS } from './support/import-rows';
import { importBackends, useImportSuite } from './support/import-suite';

/** Data-source imports (§2, §5) on both lake backends: failed imports name the problem and leave the previous data serving. */

describe.each(importBackends)('data source import on the %s lake (e2e)', (backendName) => {
  const suite = useImportSuite(backendName);
  const { importSource, served } = suite;
  let gw: RunningGateway;
  let lake: Lake;
  beforeAll(() => {
    ({ gw, lake } = suite);
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
