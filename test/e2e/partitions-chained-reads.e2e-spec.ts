import { call, type Json, type JsonResponse } from './support/gateway-harness';
import { expectedOffsetEnds, MiB, type ReadOptions } from './support/partition-fixtures';
import { backends, usePartitionSuite } from './support/partition-suite';

/**
 * The partition routes of §3.1 over the lake of §5, on both lake backends (local folder and
 * Azure Blob through Azurite): chained reads of the demo's partitions compared with the store.
 */

describe.each(backends)('partitions on the %s lake (e2e)', (backend) => {
  const suite = usePartitionSuite(backend);
  const { listV1, readPage, readChained } = suite;
  let gw: typeof suite.gw;
  let auth: { authorization: string };
  beforeAll(() => {
    ({ gw, auth } = suite);
  });

  describe('chained reads of the demo partitions', () => {
    const cases = [
      { table: 'UnifiedActivity', key: 'ActivityId', select: ['ActivityId', 'ActivityTime', 'Amount'] },
      { table: 'Customer', key: 'CustomerId', select: ['CustomerId', 'BirthDate', 'LoyaltyPoints'] },
    ];

    /** Every record of the entity through the items route, by key (following nextLinks). */
    const itemsByKey = async (table: string, key: string): Promise<Map<string, Json>> => {
      const records = new Map<string, Json>();
      let url: string | undefined = `${gw.url}/datasets/demo/tables/${table}/items`;
      while (url) {
        const res: JsonResponse = await call(url, { headers: auth });
        expect(res.status).toBe(200);
        for (const { '@odata.etag': _etag, ...record } of res.body.value) records.set(record[key], record);
        url = res.body['@odata.nextLink'];
      }
      return records;
    };

    const pick = (record: Json, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, record[n]]));

    it.each(cases)('reads every $table record exactly once, with maxSize 1, 500, 4096 and the default', async ({ table, key, select }) => {
      const store = await itemsByKey(table, key);
      const partitions = await listV1('demo', table);
      const selectText = select.join(',');
      const seen: string[] = [];

      await Promise.all(
        partitions.map(async (partition) => {
          const size = partition.DynamicProperties.size as number;
          // maxSize 1: exactly one record per call, so the OffsetEnds are every record boundary.
          const single = await readChained('demo', table, partition, { maxSize: 1, select: selectText });
          expect(single.filter((p) => p.Size !== 1)).toEqual([]);
          const ends = single.map((p) => p.OffsetEnd);
          expect(ends[ends.length - 1]).toBe(size);
          const items = single.flatMap((p) => p.Items);
          seen.push(...items.map((item) => item[key]));
          expect(items).toEqual(items.map((item) => pick(store.get(item[key]), select)));

          const variants: ReadOptions[] = [
            { maxSize: 500, select: selectText },
            { maxSize: 4096, select: selectText },
            { select: selectText },
            {},
            { maxResults: 7, maxSize: 4096, select: selectText, byLocation: true },
          ];
          await Promise.all(
            variants.map(async (options) => {
              const pages = await readChained('demo', table, partition, options);
              const offsetEnds = expectedOffsetEnds(ends, 0, options.maxSize ?? 4 * MiB, options.maxResults ?? 1000);
              expect({ options, ends: pages.map((p) => p.OffsetEnd) }).toEqual({ options, ends: offsetEnds });
              const read = pages.flatMap((p) => p.Items);
              const names = options.select === undefined ? Object.keys(store.values().next().value) : select;
              expect(read).toEqual(items.map((item) => pick(store.get(item[key]), names)));
            }),
          );

          // At the end: nothing more, and OffsetEnd stays at the size.
          const end = await readPage('demo', table, partition, size, { select: selectText });
          expect({ status: end.status, body: end.body }).toEqual({ status: 200, body: { OffsetStart: size, OffsetEnd: size, Size: 0, Items: [] } });
        }),
      );

      expect(seen.length).toBe(store.size);
      expect([...seen].sort()).toEqual([...store.keys()].sort());
    });

    it.each([
      ['Customer_Measure', 'CustomerId'],
      ['PosPurchases', 'PurchaseId'],
    ])('reads all of %s in one call per partition, typed as the items route types it', async (table, key) => {
      const store = await itemsByKey(table, key);
      const partitions = await listV1('demo', table);
      const pages = await Promise.all(partitions.map((p) => readPage('demo', table, p, 0)));
      expect(pages.map((res) => ({ status: res.status, end: res.body.OffsetEnd }))).toEqual(partitions.map((p) => ({ status: 200, end: p.DynamicProperties.size })));
      const items = pages.flatMap((res) => res.body.Items);
      expect(items).toEqual(items.map((item) => store.get(item[key])));
      expect(items.map((item) => item[key]).sort()).toEqual([...store.keys()].sort());
    });

    it('caps a page at maxResults and returns the same records by name and by location', async () => {
      const [partition] = await listV1('demo', 'Customer');
      const byName = await readPage('demo', 'Customer', partition, 0, { maxResults: 5 });
      const byLocation = await readPage('demo', 'Customer', partition, 0, { maxResults: 5, byLocation: true });
      expect(byName.status).toBe(200);
      expect(byName.body.Size).toBe(5);
      expect(byName.body.Items.map((i: Json) => i.CustomerId)).toEqual(['C-000001', 'C-000002', 'C-000003', 'C-000004', 'C-000005']);
      expect(byLocation.body).toEqual(byName.body);
      const next = await readPage('demo', 'Customer', partition, byName.body.OffsetEnd, { maxResults: 1, byLocation: true });
      expect(next.body).toMatchObject({ OffsetStart: byName.body.OffsetEnd, Size: 1, Items: [expect.objectContaining({ CustomerId: 'C-000006' })] });
    });
  });
});
