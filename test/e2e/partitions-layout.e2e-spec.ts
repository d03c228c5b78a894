import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelJson } from '@app/cdm';
import { LocalFolderLake } from '@app/lake';
import { call, Json, RunningGateway, startGateway } from './support/gateway-harness';

const KEY = 'layout-admin-key-0123456789';
const headers = { authorization: `Bearer ${KEY}` };
const format = { hasHeader: false, delimiter: ',', quote: '"' };

function manifest(withNote: boolean) {
  return {
    name: 'layout',
    displayName: 'Layout',
    searchIndex: [],
    entities: [
      {
        name: 'Orders',
        kind: 'source',
        key: 'OrderId',
        attributes: [{ name: 'OrderId', type: 'String' }, { name: 'Total', type: 'Double' }, ...(withNote ? [{ name: 'Note', type: 'String' }] : [])],
      },
    ],
  };
}

/** Partitions whose model.json orders the columns unlike the entity, as another writer may. */
describe('partition layouts from model.json (e2e)', () => {
  let dataDir: string;
  let gateway: RunningGateway | undefined;
  const start = async (withNote: boolean): Promise<RunningGateway> => {
    writeFileSync(join(dataDir, 'instances', 'layout.json'), JSON.stringify(manifest(withNote)));
    gateway = await startGateway({ DATA_DIR: dataDir, DEMO: 'false', ADMIN_API_KEY: KEY });
    return gateway;
  };
  const get = (gw: RunningGateway, path: string) => call<Json>(`${gw.url}${path}`, { headers });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'igw-layout-'));
    mkdirSync(join(dataDir, 'instances'));
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads a headerless partition in the column order model.json gives, typed by the entity', async () => {
    const lake = new LocalFolderLake(join(dataDir, 'lake'));
    await lake.write('layout/Orders/p.csv', '"hi, there",O-1,12.5,extra\n,O-2,7,\n');
    const attributes = [
      { name: 'Note', type: 'String' as const },
      { name: 'OrderId', type: 'String' as const },
      { name: 'Total', type: 'Double' as const },
      { name: 'Legacy', type: 'String' as const },
    ];
    await lake.write('layout/model.json', writeModelJson({ name: 'layout', entities: [{ name: 'Orders', attributes, partitions: [{ name: 'p', location: 'Orders/p.csv', format }] }] }));
    const gw = await start(true);
    const all = await get(gw, '/datasets/layout/tables/Orders/partitions/data?partitionUri=p');
    expect(all.status).toBe(200);
    expect(all.body.Items).toEqual([
      { OrderId: 'O-1', Total: 12.5, Note: 'hi, there' },
      { OrderId: 'O-2', Total: 7, Note: null },
    ]);
    const some = await get(gw, '/datasets/layout/tables/Orders/partitions/data?partitionUri=p&select=Total,OrderId');
    expect(some.body.Items).toEqual([
      { Total: 12.5, OrderId: 'O-1' },
      { Total: 7, OrderId: 'O-2' },
    ]);
  });

  it('names a selected column a partition does not have', async () => {
    const lake = new LocalFolderLake(join(dataDir, 'lake'));
    await lake.write('layout/Orders/old.csv', 'O-1,3\n');
    const columns = [
      { name: 'OrderId', type: 'String' as const },
      { name: 'Total', type: 'Double' as const },
    ];
    await lake.write('layout/model.json', writeModelJson({ name: 'layout', entities: [{ name: 'Orders', attributes: columns, partitions: [{ name: 'old', location: 'Orders/old.csv', format }] }] }));
    const gw = await start(true);
    const missing = await get(gw, '/datasets/layout/tables/Orders/partitions/data?partitionUri=old&select=OrderId,Note');
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toContain("partition 'old' has no column 'Note' (its columns: OrderId, Total)");
    expect((await get(gw, '/datasets/layout/tables/Orders/partitions/data?partitionUri=old&select=OrderId')).body.Items).toEqual([{ OrderId: 'O-1' }]);
  });

  it('rewrites its own partitions at start when the entity gained an attribute', async () => {
    const lake = new LocalFolderLake(join(dataDir, 'lake'));
    await lake.write('layout/datasources/orders.csv', 'OrderId,Total\nO-1,3\n');
    const withSource = (withNote: boolean) => ({ ...manifest(withNote), dataSources: [{ name: 'orders', kind: 'csv', location: 'datasources/orders.csv', entities: [{ name: 'Orders' }] }] });
    writeFileSync(join(dataDir, 'instances', 'layout.json'), JSON.stringify(withSource(false)));
    let gw = await startGateway({ DATA_DIR: dataDir, DEMO: 'false', ADMIN_API_KEY: KEY });
    gateway = gw;
    expect((await call<Json>(`${gw.url}/admin/datasets/layout/datasources/orders/import`, { method: 'POST', headers })).status).toBe(200);
    expect((await get(gw, '/v2/datasets/layout/tables/Orders/partitions')).body.Header).toBe('OrderId,Total');
    await gw.close();

    writeFileSync(join(dataDir, 'instances', 'layout.json'), JSON.stringify(withSource(true)));
    gw = await startGateway({ DATA_DIR: dataDir, DEMO: 'false', ADMIN_API_KEY: KEY });
    gateway = gw;
    const [partition] = (await get(gw, '/v2/datasets/layout/tables/Orders/partitions')).body.Partitions;
    const data = await get(gw, `/datasets/layout/tables/Orders/partitions/data?partitionUri=${partition.Name}&select=OrderId,Note`);
    expect(data.status).toBe(200);
    expect(data.body.Items).toEqual([{ OrderId: 'O-1', Note: null }]);
  });
});
