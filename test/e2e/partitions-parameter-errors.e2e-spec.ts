import type { Lake } from '@app/lake';
import { DEMO_CUSTOMERS, lakePathOf, type Listed, MiB } from './support/partition-fixtures';
import { backends, usePartitionSuite } from './support/partition-suite';

/**
 * The partition routes of §3.1 over the lake of §5, on both lake backends (local folder and
 * Azure Blob through Azurite): parameter errors of the data route.
 */

describe.each(backends)('partitions on the %s lake (e2e)', (backend) => {
  const suite = usePartitionSuite(backend);
  const { get, listV1, expectError } = suite;
  let lake: Lake;
  beforeAll(() => {
    ({ lake } = suite);
  });

  describe('parameter errors', () => {
    let customer: Listed;
    let customerColumns: string[];
    beforeAll(async () => {
      [customer] = await listV1('demo', 'Customer');
      customerColumns = (await get('/v2/datasets/demo/tables/Customer/partitions')).body.Header.split(',');
    });
    const data = (query: string) => get(`/datasets/demo/tables/Customer/partitions/data?${query}`);

    it('needs a partitionUri that names a partition of the entity', async () => {
      expectError(await data(''), 400, 'BAD_REQUEST', 'partitionUri');
      expectError(await data('partitionUri='), 400, 'BAD_REQUEST', 'partitionUri');
      expectError(await data('select=CustomerId'), 400, 'BAD_REQUEST', 'partitionUri');
      const unknown = await data('partitionUri=UnifiedActivity-part-00000');
      expectError(unknown, 404, 'PARTITION_NOT_FOUND', 'partitionUri');
      expect(unknown.body.error.message).toContain('UnifiedActivity-part-00000');
      expect(unknown.body.error.message).toContain('Customer-part-00000');
      const [activity] = await listV1('demo', 'UnifiedActivity');
      expectError(await data(`partitionUri=${encodeURIComponent(activity.DynamicProperties.location)}`), 404, 'PARTITION_NOT_FOUND', 'partitionUri');
      expectError(await data('partitionUri=Customer-part-00000&partitionUri=Customer-part-00000'), 400, 'BAD_REQUEST', 'partitionUri');
      // Only listed partitions can be read: no path into the lake or beyond it.
      const lakePath = lakePathOf(lake, 'demo', customer.DynamicProperties.location)!;
      for (const other of ['../../etc/passwd', `${lakePath}.boundaries`, 'demo/model.json']) {
        expectError(await data(`partitionUri=${encodeURIComponent(other)}`), 404, 'PARTITION_NOT_FOUND', 'partitionUri');
      }
    });

    it('selects columns in any case, and every column when select is empty', async () => {
      const all = await data('partitionUri=Customer-part-00000&maxResults=1');
      expect(Object.keys(all.body.Items[0])).toEqual(customerColumns);
      expect((await data('partitionUri=Customer-part-00000&maxResults=1&select=')).body).toEqual(all.body);
      const some = await data('partitionUri=Customer-part-00000&maxResults=1&select=loyaltypoints,CUSTOMERID');
      expect(some.body).toEqual({ ...all.body, Items: [{ LoyaltyPoints: all.body.Items[0].LoyaltyPoints, CustomerId: 'C-000001' }] });
    });

    it('refuses a select of an unknown column', async () => {
      const res = await data('partitionUri=Customer-part-00000&select=CustomerId,Nope');
      expectError(res, 400, 'BAD_REQUEST', 'select');
      expect(res.body.error.message).toContain("'Nope'");
    });

    it('refuses offsetStart that is negative, not an integer or past the end', async () => {
      const size = customer.DynamicProperties.size as number;
      for (const offset of ['-1', '1.5', 'abc', '1e3', '0x10', '99999999999999999999']) {
        expectError(await data(`partitionUri=Customer-part-00000&offsetStart=${offset}`), 400, 'BAD_REQUEST', 'offsetStart');
      }
      expectError(await data(`partitionUri=Customer-part-00000&offsetStart=${size + 1}`), 400, 'PARTITION_OFFSET_INVALID', 'offsetStart');
      expect((await data(`partitionUri=Customer-part-00000&offsetStart=${size}`)).body).toEqual({ OffsetStart: size, OffsetEnd: size, Size: 0, Items: [] });
    });

    it('refuses maxSize outside 1 B – 64 MiB and maxResults outside 1 – 100000', async () => {
      for (const maxSize of ['0', '-1', String(64 * MiB + 1), 'big']) {
        expectError(await data(`partitionUri=Customer-part-00000&maxSize=${maxSize}`), 400, 'BAD_REQUEST', 'maxSize');
      }
      for (const maxResults of ['0', '-5', '100001', '2.5']) {
        expectError(await data(`partitionUri=Customer-part-00000&maxResults=${maxResults}`), 400, 'BAD_REQUEST', 'maxResults');
      }
      const widest = await data(`partitionUri=Customer-part-00000&maxSize=${64 * MiB}&maxResults=100000&select=CustomerId`);
      expect(widest.status).toBe(200);
      expect(widest.body).toMatchObject({ OffsetStart: 0, OffsetEnd: customer.DynamicProperties.size, Size: DEMO_CUSTOMERS });
    });
  });
});
