import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindQuery, parseQueryOptions, parseQueryString, QueryLimits, EntityMetadata } from '@app/odata';
import {
  ConflictError,
  InstanceManifest,
  ItemValue,
  NotFoundError,
  PreconditionFailedError,
  SqliteStorageDriver,
  StorageDriver,
} from '@app/storage';
import { OpenedStore, storeFactories } from '../support/store-factories';

const manifest: InstanceManifest = {
  name: 'shop',
  displayName: 'Shop',
  searchIndex: ['City'],
  entities: [
    {
      name: 'Customer',
      kind: 'profile',
      key: 'CustomerId',
      keyGenerated: true,
      attributes: [
        { name: 'CustomerId', type: 'String' },
        { name: 'City', type: 'String' },
        { name: 'Points', type: 'Int64' },
        { name: 'Vip', type: 'Boolean' },
        { name: 'Seen', type: 'DateTimeOffset' },
      ],
    },
  ],
};

/** A NOT NULL violation as each database reports it (the drivers pass it through unchanged). */
const NOT_NULL_VIOLATION = { sqlite: 'SQLITE_CONSTRAINT_NOTNULL', postgres: '23502' } as const;

/** The store behaviour every driver must show, once per driver of `storeFactories`. */
describe.each(storeFactories)('StorageDriver ($name)', (factory) => {
  let dir: string;
  let store: OpenedStore;
  let sut: StorageDriver;
  let customer: EntityMetadata;
  const limits = new QueryLimits();
  const query = (q: string) => bindQuery(parseQueryOptions(parseQueryString(q), limits, 'connector'), customer, 'connector');
  const rows: ItemValue[][] = [
    ['c1', 'Berlin', 9007199254740993n, true, '2024-01-01T00:00:00.000Z'],
    ['c2', 'Paris', 1, false, null],
    ['c3', null, null, null, '2024-02-01T00:00:00.000Z'],
    ['c4', 'Berlin', -5, true, null],
    ['c5', 'Oslo', 7, false, null],
  ];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'igw-store-'));
    store = await factory.open(dir);
    sut = store.driver;
    customer = (await sut.applyManifest(manifest)).entities[0];
    await sut.replaceRows('shop', customer, rows);
  });
  /** Another driver on the same store: a restart after `close`, or a second replica. */
  async function reopen(): Promise<StorageDriver> {
    if (!store.openAnother) throw new Error(`the ${factory.name} store factory cannot open a store twice`);
    return store.openAnother();
  }
  afterEach(async () => {
    if (sut !== store.driver) await sut.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves the manifest into entity metadata with the §3.3 filter rules', async () => {
    expect(customer).toMatchObject({ name: 'Customer', key: 'CustomerId', filterableFields: ['CustomerId', 'City'], table: 'shop__Customer' });
    expect((await sut.listInstances()).map((i) => i.name)).toEqual(['shop']);
  });

  it('loads rows, counts them and keeps Int64 beyond 2^53 exact', async () => {
    const loaded = await sut.entityStats('shop', customer);
    expect(loaded).toEqual({ rowCount: 5, refreshTime: expect.any(String), modifiedTime: loaded.refreshTime });
    const c1 = await sut.getItem(customer, 'c1');
    expect(c1?.values).toEqual({ CustomerId: 'c1', City: 'Berlin', Points: 9007199254740993n, Vip: true, Seen: '2024-01-01T00:00:00.000Z' });
    expect(await sut.countItems(query("$filter=City eq 'Berlin'"))).toBe(2);
  });

  it('pages by keyset until every row was seen once', async () => {
    const q = query('$orderby=City desc');
    const seen: string[] = [];
    let page = await sut.queryItems(q, { limit: 2 });
    seen.push(...page.records.map((r) => String(r.values.CustomerId)));
    while (page.hasMore) {
      page = await sut.queryItems(q, { limit: 2, after: page.lastSortValues });
      seen.push(...page.records.map((r) => String(r.values.CustomerId)));
    }
    // City desc, nulls last, ties broken by the key ascending.
    expect(seen).toEqual(['c2', 'c5', 'c1', 'c4', 'c3']);
  });

  it('creates, updates with ETags, and deletes, keeping the row count in step', async () => {
    const modifiedAfter = async (change: () => Promise<unknown>) => {
      const before = await sut.entityStats('shop', customer);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await change();
      const after = await sut.entityStats('shop', customer);
      return Date.parse(after.modifiedTime as string) > Date.parse(before.modifiedTime as string) && after.refreshTime === before.refreshTime;
    };
    // Every API write moves modifiedTime (partitions written before are stale), not refreshTime.
    expect(await modifiedAfter(() => sut.updateItem(customer, 'c2', { City: 'Bonn' }))).toBe(true);
    const created = await sut.createItem('shop', customer, { City: 'Rome', Vip: true });
    expect(created.values.CustomerId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(6);
    await expect(sut.createItem('shop', customer, { CustomerId: 'c1' })).rejects.toBeInstanceOf(ConflictError);

    const key = String(created.values.CustomerId);
    const updated = await sut.updateItem(customer, key, { City: 'Milan' }, [`W/"${created.etag}"`]);
    expect(updated.values).toMatchObject({ City: 'Milan', Vip: true });
    expect(updated.etag).not.toBe(created.etag);
    await expect(sut.updateItem(customer, key, { City: 'Turin' }, [`W/"${created.etag}"`])).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(sut.updateItem(customer, 'nope', { City: 'x' })).rejects.toBeInstanceOf(NotFoundError);

    expect(await modifiedAfter(() => sut.deleteItem('shop', customer, key, ['*']))).toBe(true);
    expect(await sut.getItem(customer, key)).toBeUndefined();
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(5);
  });

  it('leaves the previous rows serving when a load fails half-way', async () => {
    function* broken(): Generator<ItemValue[]> {
      yield ['n1', 'A', 1, true, null];
      yield [null, 'B', 2, false, null];
    }
    // Matched by shape, not toThrow(): better-sqlite3's native addon keeps the Error class of the
    // first jest sandbox that loaded it, so instanceof checks fail across test files in one worker.
    await expect(sut.replaceRows('shop', customer, broken())).rejects.toMatchObject({ code: NOT_NULL_VIOLATION[factory.name] });
    expect(await sut.countItems(query(''))).toBe(5);
    expect(await sut.getItem(customer, 'n1')).toBeUndefined();
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(5);
  });

  it('swaps a staged load in only on commit, with indexes, counts and queries working after', async () => {
    const load = await sut.beginLoad('shop', [customer]);
    await load.append(customer, [['n1', 'Rome', 1, true, null]]);
    await load.append(customer, [['n2', 'Rome', 2, false, '2024-03-01T00:00:00.000Z']]);
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(rows.length);
    expect(await sut.getItem(customer, 'n1')).toBeUndefined();
    expect((await load.commit()).get('Customer')).toBe(2);
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(2);
    expect(await sut.getItem(customer, 'c1')).toBeUndefined();
    const page = await sut.queryItems(query("$filter=City eq 'Rome'&$orderby=CustomerId"), { limit: 10 });
    expect(page.records.map((r) => r.values.CustomerId)).toEqual(['n1', 'n2']);
    await sut.createItem('shop', customer, { CustomerId: 'n3', City: 'Rome' });
    expect(await sut.countItems(query("$filter=City eq 'Rome'"))).toBe(3);
  });

  it('keeps the previous rows when a staged load is aborted or hits a duplicate key', async () => {
    const aborted = await sut.beginLoad('shop', [customer]);
    await aborted.append(customer, [['x1', 'Rome', 1, true, null]]);
    await aborted.abort();
    const duplicate = await sut.beginLoad('shop', [customer]);
    await duplicate.append(customer, [['x1', 'Rome', 1, true, null]]);
    await expect(duplicate.append(customer, [['x1', 'Oslo', 2, true, null]])).rejects.toThrow("'Customer' has CustomerId 'x1' more than once.");
    await duplicate.abort();
    // A duplicate inside a batch of many rows (inserted several rows per statement) is named too.
    const many = await sut.beginLoad('shop', [customer]);
    const batch: ItemValue[][] = Array.from({ length: 200 }, (_, i) => [`m${i}`, 'Rome', i, true, null]);
    batch[150] = ['m7', 'Oslo', 1, false, null];
    await expect(many.append(customer, batch)).rejects.toThrow("'Customer' has CustomerId 'm7' more than once.");
    await many.append(customer, batch.slice(0, 150));
    expect((await many.commit()).get('Customer')).toBe(150);
    expect((await sut.getItem(customer, 'm149'))?.values.City).toBe('Rome');
    const restore = await sut.beginLoad('shop', [customer]);
    await restore.append(customer, rows);
    await restore.commit();
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(rows.length);
    expect((await sut.getItem(customer, 'c1'))?.values.City).toBe('Berlin');
  });

  it('serves the previous rows after a load that never finished (a crash), and lets the next load replace them', async () => {
    const crashed = await sut.beginLoad('shop', [customer]);
    await crashed.append(customer, [['z1', 'Rome', 1, true, null]]);
    await sut.close();
    sut = await reopen();
    expect(await sut.getItem(customer, 'z1')).toBeUndefined();
    expect((await sut.entityStats('shop', customer)).rowCount).toBe(rows.length);
    const next = await sut.beginLoad('shop', [customer]);
    await next.append(customer, [['z2', 'Oslo', 2, false, null]]);
    expect((await next.commit()).get('Customer')).toBe(1);
    expect((await sut.getItem(customer, 'z2'))?.values.City).toBe('Oslo');
  });

  it('keeps awkward text and extreme numbers intact through loads, writes and scans', async () => {
    const texts = ['{a,b}', '"quoted"', 'back\\slash', 'NULL', '', ' padded ', "it's", 'Zürich €uro 𝄞', 'line\nbreak\ttab'];
    const points = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, 2n ** 53n - 1n, -(2n ** 53n) - 1n, 0n, -1n, 42n, 7n];
    const expectedPoints = points.map((p) => (p >= -(2n ** 53n - 1n) && p <= 2n ** 53n - 1n ? Number(p) : p));
    const awkward: ItemValue[][] = texts.map((text, i) => [`k${i}`, text, points[i], i % 2 === 0, null]);
    await sut.replaceRows('shop', customer, awkward);
    const scanned: (readonly ItemValue[])[] = [];
    for await (const batch of sut.scanRows(customer, 4)) scanned.push(...batch);
    expect(scanned.map((r) => [r[1], r[2]])).toEqual(texts.map((t, i) => [t, expectedPoints[i]]));

    const load = await sut.beginLoad('shop', [customer]);
    await load.append(customer, awkward);
    await load.commit();
    for (const [i, text] of texts.entries()) {
      expect((await sut.getItem(customer, `k${i}`))?.values).toMatchObject({ City: text, Points: expectedPoints[i] });
    }
    const created = await sut.createItem('shop', customer, { CustomerId: 'w1', City: '{"x":"\\"}', Points: 2n ** 62n });
    expect(created.values).toMatchObject({ City: '{"x":"\\"}', Points: 2n ** 62n });
    expect(await sut.countItems(query(`$filter=${encodeURIComponent("City eq '{a,b}'")}`))).toBe(1);
  });

  it('shares rows and row counts with a second driver on the same store', async () => {
    const other = await reopen();
    try {
      await other.createItem('shop', customer, { CustomerId: 'o1', City: 'Oslo' });
      expect((await sut.entityStats('shop', customer)).rowCount).toBe(rows.length + 1);
      expect(await sut.countItems(query(''))).toBe(rows.length + 1);
      expect((await sut.getItem(customer, 'o1'))?.values.City).toBe('Oslo');
    } finally {
      await other.close();
    }
  });

  it('loads entities whose table names exceed 63 bytes, repeatedly', async () => {
    const long = 'E'.repeat(70);
    const catalog = await sut.applyManifest({
      ...manifest,
      entities: [...manifest.entities, { name: long, kind: 'other', key: 'Id', sortFields: ['At'], attributes: [{ name: 'Id', type: 'Int64' }, { name: 'At', type: 'String' }] }],
    });
    const entity = catalog.entities.find((e) => e.name === long) as EntityMetadata;
    for (const round of [1, 2]) {
      const load = await sut.beginLoad('shop', [entity]);
      await load.append(entity, [[round, 'a'], [round + 10, 'b']]);
      await load.commit();
      expect(await sut.replaceRows('shop', entity, [[round * 100, 'c']])).toBe(1);
    }
    expect((await sut.getItem(entity, 200))?.values).toEqual({ Id: 200, At: 'c' });
    expect((await sut.entityStats('shop', entity)).rowCount).toBe(1);
  });

  it('scans every row in key order, in batches', async () => {
    const batches: (readonly ItemValue[])[][] = [];
    for await (const batch of sut.scanRows(customer, 2)) batches.push([...batch]);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat()).toEqual(rows.map((r) => r.map((v, i) => (i === 2 && typeof v === 'bigint' && v <= 2n ** 53n ? Number(v) : v))));
  });

  it('keeps catalog, rows and connections across a reopen', async () => {
    await sut.createConnection({ id: 'conn_a', displayName: 'A', keyHash: 'ab'.repeat(32), role: 'reader', datasets: ['shop'], throttleLimit: 5 });
    await sut.close();
    sut = await reopen();
    const reopened = await sut.getInstance('shop');
    expect(reopened?.entities[0]).toEqual(customer);
    expect((await sut.getItem(customer, 'c2'))?.values.City).toBe('Paris');
    expect(await sut.findConnectionByKeyHash('ab'.repeat(32))).toMatchObject({ id: 'conn_a', role: 'reader', datasets: ['shop'], throttleLimit: 5 });
    expect(await sut.revokeConnection('conn_a')).toBe(true);
    expect(await sut.findConnection('conn_a')).toBeUndefined();
    expect(await sut.revokeConnection('conn_a')).toBe(false);
  });

  it('answers a ping while open and fails it once closed (readiness, /health)', async () => {
    await expect(sut.ping()).resolves.toBeUndefined();
    await sut.close();
    await expect(sut.ping()).rejects.toThrow();
  });
});

describe('SqliteStorageDriver bulk loads', () => {
  it('loads through a rollback journal and returns to WAL for serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'igw-bulk-'));
    const sut = new SqliteStorageDriver({ dataDir: dir });
    try {
      const customer = (await sut.applyManifest(manifest)).entities[0];
      const loaded = await sut.bulkLoad(async () => {
        const count = await sut.replaceRows('shop', customer, [['b1', 'Rome', 1, true, null]]);
        expect(existsSync(join(dir, 'gateway.db-wal'))).toBe(false);
        return count;
      });
      expect(loaded).toBe(1);
      await sut.createItem('shop', customer, { CustomerId: 'b2' });
      expect(existsSync(join(dir, 'gateway.db-wal'))).toBe(true);
      expect((await sut.entityStats('shop', customer)).rowCount).toBe(2);
    } finally {
      await sut.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
