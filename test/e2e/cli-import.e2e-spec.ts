import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, call, Json, storeEnv } from './support/gateway-harness';
import { runCli } from './support/cli-process';

const manifest = {
  name: 'shop',
  displayName: 'Shop',
  searchIndex: [],
  entities: [
    {
      name: 'Orders',
      kind: 'source',
      key: 'OrderId',
      attributes: [
        { name: 'OrderId', type: 'String' },
        { name: 'CustomerId', type: 'String' },
        { name: 'Total', type: 'Double' },
      ],
    },
  ],
};

const modelJson = {
  name: 'webshop',
  version: '1.0',
  entities: [
    {
      $type: 'LocalEntity',
      name: 'Orders',
      attributes: [
        { name: 'Total', dataType: 'double' },
        { name: 'OrderId', dataType: 'string' },
        { name: 'CustomerId', dataType: 'string' },
      ],
      partitions: [{ name: 'p1', location: 'Orders/p1.csv', fileFormatSettings: { $type: 'CsvFormatSettings', columnHeaders: false, delimiter: ',' } }],
    },
  ],
};

describe('CLI import', () => {
  let dataDir: string;
  let folder: string;
  const env = async () => ({ ...(await storeEnv(dataDir)), DEMO: 'false' });
  /** A store of its own, so runs started together never wait on each other's SQLite write lock. */
  const ownEnv = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'igw-cli-own-'));
    extraDirs.push(dir);
    mkdirSync(join(dir, 'instances'));
    writeFileSync(join(dir, 'instances', 'shop.json'), JSON.stringify(manifest));
    return { ...(await storeEnv(dir)), DEMO: 'false' };
  };
  const extraDirs: string[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'igw-cli-'));
    mkdirSync(join(dataDir, 'instances'));
    writeFileSync(join(dataDir, 'instances', 'shop.json'), JSON.stringify(manifest));
    folder = mkdtempSync(join(tmpdir(), 'igw-cdm-'));
    mkdirSync(join(folder, 'Orders'));
    writeFileSync(join(folder, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(folder, 'Orders', 'p1.csv'), '12.5,O-1,C-1\n"7",O-2,"C-2, the second"\n');
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
    for (const dir of extraDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CDM folder into an instance; the gateway then serves the rows and their partitions', async () => {
    const run = await runCli(['import', folder, '--dataset', 'shop', '--name', 'webshop'], await env());
    expect(run.stderr).toContain("importing data source 'webshop' into 'shop'");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Orders: 2 rows from 1 partition(s)');

    const gateway = await startGateway({ DATA_DIR: dataDir, DEMO: 'false', ADMIN_API_KEY: 'admin-key-0123456789abcdef' });
    try {
      const auth = { authorization: 'Bearer admin-key-0123456789abcdef' };
      const items = await call<Json>(gateway.url + '/datasets/shop/tables/Orders/items?$orderby=OrderId', { headers: auth });
      expect(items.body.value.map(({ OrderId, CustomerId, Total }: Json) => ({ OrderId, CustomerId, Total }))).toEqual([
        { OrderId: 'O-1', CustomerId: 'C-1', Total: 12.5 },
        { OrderId: 'O-2', CustomerId: 'C-2, the second', Total: 7 },
      ]);
      const sources = await call<Json>(gateway.url + '/admin/datasets/shop/datasources', { headers: auth });
      expect(sources.body.value).toEqual([{ name: 'webshop', kind: 'cdm', location: 'datasources/webshop', entities: null }]);
      const listing = await call<Json>(gateway.url + '/v2/datasets/shop/tables/Orders/partitions', { headers: auth });
      expect(listing.body.Header).toBe('OrderId,CustomerId,Total');
      const data = await call<Json>(`${gateway.url}/datasets/shop/tables/Orders/partitions/data?partitionUri=${listing.body.Partitions[0].Name}`, { headers: auth });
      expect(data.body.Items).toEqual([
        { OrderId: 'O-1', CustomerId: 'C-1', Total: 12.5 },
        { OrderId: 'O-2', CustomerId: 'C-2, the second', Total: 7 },
      ]);
    } finally {
      await gateway.close();
    }
  });

  it('exits 1 with the problem when the folder is broken, and 2 when called wrongly', async () => {
    writeFileSync(join(folder, 'model.json'), '{"name": "webshop", "entities": [');
    const csvFile = join(folder, 'Orders', 'p1.csv');
    // Independent runs, started together: each CLI start costs seconds of TypeScript loading.
    const [broken, noDataset, unknown, csv] = await Promise.all([
      runCli(['import', folder, '--dataset', 'shop'], await ownEnv()),
      runCli(['import', folder], await ownEnv()),
      runCli(['import', folder, '--dataset', 'nope'], await ownEnv()),
      runCli(['import', csvFile, '--dataset', 'shop'], await ownEnv()),
    ]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/import failed: .*model\.json/);
    expect(noDataset.code).toBe(2);
    expect(noDataset.stderr).toContain('Usage: insights-gateway import');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("dataset 'nope' does not exist (known: shop)");
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('needs --entity');
  });
});
