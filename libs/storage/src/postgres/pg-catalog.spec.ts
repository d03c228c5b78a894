import { Client, Notification } from 'pg';
import type { InstanceManifest } from '../catalog/instance-manifest';
import { createTestSchema, TestSchema } from '../../../../test/support/pg-test-schema';
import { PgDatabase } from './pg-database';
import { PgCatalog } from './pg-catalog';
import { catalogChannel } from './pg-coordination';
import { migrate } from './pg-migrations';

const manifest = (name: string, displayName: string): InstanceManifest => ({
  name,
  displayName,
  searchIndex: [],
  entities: [{ name: 'Customer', kind: 'profile', key: 'CustomerId', attributes: [{ name: 'CustomerId', type: 'String' }] }],
});

/** Two catalogs on one schema stand for two replicas. */
describe(PgCatalog.name, () => {
  let schema: TestSchema;
  let database: PgDatabase;
  let sut: PgCatalog;
  let replica: PgCatalog;

  beforeEach(async () => {
    schema = await createTestSchema();
    database = new PgDatabase({ connectionString: schema.connectionString, schema: schema.schema });
    await migrate(database);
    sut = new PgCatalog(database);
    replica = new PgCatalog(database);
  });
  afterEach(async () => {
    await database.close();
    await schema.drop();
  });

  it("notifies the schema's catalog channel with the instance name when the apply commits", async () => {
    const listener = new Client({ connectionString: schema.connectionString });
    await listener.connect();
    try {
      const heard: Notification[] = [];
      listener.on('notification', (n) => heard.push(n));
      await listener.query(`LISTEN ${catalogChannel(schema.schema)}`);
      await sut.apply(manifest('shop', 'Shop'));
      for (let i = 0; i < 40 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(heard.map((n) => [n.channel, n.payload])).toEqual([[catalogChannel(schema.schema), 'shop']]);
    } finally {
      await listener.end();
    }
  });

  it("re-reads another replica's change on reload, and forgets an instance whose row is gone", async () => {
    await sut.apply(manifest('shop', 'Shop'));
    await sut.apply(manifest('mall', 'Mall'));
    expect(await replica.reloadAll()).toEqual(['mall', 'shop']);
    await sut.apply(manifest('shop', 'Shop renamed'));
    expect(replica.get('shop')?.displayName).toBe('Shop');
    await replica.reload('shop');
    expect(replica.get('shop')?.displayName).toBe('Shop renamed');

    await database.query("DELETE FROM instances WHERE name = 'mall'");
    await replica.reload('mall');
    expect(replica.list().map((c) => c.name)).toEqual(['shop']);
    expect(await sut.reloadAll()).toEqual(['shop', 'mall']);
    expect(sut.get('mall')).toBeUndefined();
  });

  it('reads row counts from the table, never from memory, since every replica writes them', async () => {
    const [customer] = (await sut.apply(manifest('shop', 'Shop'))).entities;
    await replica.reloadAll();
    await database.transaction((client) => replica.adjustRowCount(client, 'shop', customer, 3));
    expect(await sut.rowCount(customer)).toBe(3);
    expect((await sut.stats('shop', customer)).rowCount).toBe(3);
  });
});
