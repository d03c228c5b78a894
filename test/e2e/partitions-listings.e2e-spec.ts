import type { Lake } from '@app/lake';
import { call, jsonInit } from './support/gateway-harness';
import { DEMO_TABLES, lakeBytes, lakePathOf, READING, TRICKY } from './support/partition-fixtures';
import { backends, usePartitionSuite } from './support/partition-suite';

/**
 * The partition routes of §3.1 over the lake of §5, on both lake backends (local folder and
 * Azure Blob through Azurite): listings (V1, V2), filters, access and unknown names.
 */

describe.each(backends)('partitions on the %s lake (e2e)', (backend) => {
  const suite = usePartitionSuite(backend);
  const { get, listV1, dataPath, expectError, demoLocation } = suite;
  let gw: typeof suite.gw;
  let lake: Lake;
  let auth: { authorization: string };
  beforeAll(() => {
    ({ gw, lake, auth } = suite);
  });

  describe('listings', () => {
    it.each(DEMO_TABLES)('lists the partitions of %s (V1 and V2) with the sizes in the lake and the header in schema order', async (table) => {
      const v1 = await listV1('demo', table);
      expect(v1.length).toBeGreaterThanOrEqual(1);
      if (table === 'UnifiedActivity') expect(v1.length).toBeGreaterThan(1);
      for (const [i, partition] of v1.entries()) {
        const name = `${table}-part-${String(i).padStart(5, '0')}`;
        expect(partition).toEqual({
          Name: name,
          DisplayName: name,
          DynamicProperties: {
            location: expect.stringMatching(demoLocation(table)),
            refreshTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
            hasHeader: false,
            size: expect.any(Number),
            format: 'csv',
          },
        });
        const path = lakePathOf(lake, 'demo', partition.DynamicProperties.location);
        expect(path).toBeDefined();
        expect(partition.DynamicProperties.size).toBe((await lakeBytes(lake, path!)).length);
        expect(partition.DynamicProperties.size).toBeGreaterThan(0);
      }

      const metadata = await get(`/$metadata.json/datasets/demo/tables/${table}`);
      expect(metadata.status).toBe(200);
      const v2 = await get(`/v2/datasets/demo/tables/${table}/partitions`);
      expect(v2.status).toBe(200);
      expect(v2.body).toEqual({ Header: Object.keys(metadata.body.schema.items.properties).join(','), Partitions: v1 });
    });

    it('filters V2 by partitionDisplayName in any case; no match gives an empty list', async () => {
      const all = await listV1('demo', 'UnifiedActivity');
      const header = 'ActivityId,CustomerId,ActivityType,ActivityTypeDisplay,ActivityTime,ActivityName,Title,SourceEntityName,SourceActivityId,Amount';
      for (const wanted of ['UnifiedActivity-part-00001', 'unifiedactivity-PART-00001', 'UNIFIEDACTIVITY-PART-00001']) {
        const res = await get(`/v2/datasets/demo/tables/UnifiedActivity/partitions?partitionDisplayName=${wanted}`);
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { Header: header, Partitions: [all[1]] } });
      }
      for (const other of ['UnifiedActivity-part-0000', 'Customer-part-00000', 'UnifiedActivity-part-00001%20']) {
        const res = await get(`/v2/datasets/demo/tables/UnifiedActivity/partitions?partitionDisplayName=${other}`);
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { Header: header, Partitions: [] } });
      }
      const empty = await get('/v2/datasets/demo/tables/UnifiedActivity/partitions?partitionDisplayName=');
      expect(empty.body).toEqual({ Header: header, Partitions: all });
    });

    it('lets a reader connection list and read partitions of its datasets only', async () => {
      const created = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'partition reader', role: 'reader', datasets: ['demo'] }, auth));
      expect(created.status).toBe(201);
      const reader = { authorization: `Bearer ${created.body.key}` };
      const v1 = await get('/datasets/demo/tables/Customer/partitions', reader);
      expect(v1.status).toBe(200);
      expect(v1.body).toEqual(await listV1('demo', 'Customer'));
      const v2 = await get('/v2/datasets/demo/tables/Customer/partitions?partitionDisplayName=customer-part-00000', reader);
      expect(v2.status).toBe(200);
      expect(v2.body.Partitions).toEqual(v1.body);
      const data = await get(dataPath('demo', 'Customer', { partitionUri: 'Customer-part-00000', maxResults: 2, select: 'CustomerId' }), reader);
      expect(data.status).toBe(200);
      expect(data.body.Items).toEqual([{ CustomerId: 'C-000001' }, { CustomerId: 'C-000002' }]);
      for (const path of [`/datasets/${TRICKY}/tables/${READING}/partitions`, `/v2/datasets/${TRICKY}/tables/${READING}/partitions`]) {
        expectError(await get(path, reader), 403, 'FORBIDDEN_DATASET', TRICKY);
      }
      expectError(await get('/datasets/demo/tables/Customer/partitions', {}), 401, 'AUTH_REQUIRED', undefined);
    });

    it('answers 404 for an unknown table or dataset on all three routes', async () => {
      for (const path of ['/datasets/demo/tables/Nope/partitions', '/v2/datasets/demo/tables/Nope/partitions', '/datasets/demo/tables/Nope/partitions/data?partitionUri=x']) {
        const res = await get(path);
        expectError(res, 404, 'TABLE_NOT_FOUND', 'Nope');
        expect(res.body.error.message).toContain('Customer, UnifiedActivity, Customer_Measure, PosPurchases');
      }
      expectError(await get('/datasets/nope/tables/Customer/partitions'), 404, 'DATASET_NOT_FOUND', 'nope');
      expectError(await get('/v2/datasets/nope/tables/Customer/partitions'), 404, 'DATASET_NOT_FOUND', 'nope');
    });

    it('finds tables by display name, as the other connector routes do', async () => {
      expect(await get('/datasets/demo/tables/Unified%20activity/partitions').then((r) => r.body)).toEqual(await listV1('demo', 'UnifiedActivity'));
    });
  });
});
