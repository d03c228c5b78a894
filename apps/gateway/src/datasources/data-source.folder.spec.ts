import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CdmError } from '@app/cdm';
import { LocalFolderLake } from '@app/lake';
import type { DataSourceDefinition } from '@app/storage';
import { readDataSource } from './data-source.folder';

const source: DataSourceDefinition = { name: 'crm', kind: 'cdm', location: 'datasources/crm' };

function modelJson(locations: readonly string[]): string {
  return JSON.stringify({
    name: 'crm',
    version: '1.0',
    entities: [
      {
        $type: 'LocalEntity',
        name: 'Orders',
        attributes: [{ name: 'OrderId', dataType: 'string' }],
        partitions: locations.map((location, i) => ({ name: `p${i}`, location })),
      },
    ],
  });
}

describe('readDataSource', () => {
  let dir: string;
  let lake: LocalFolderLake;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'igw-folder-'));
    lake = new LocalFolderLake(dir);
    await lake.write('shop/datasources/crm/Orders/part-1.csv', 'O-1\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = () => readDataSource(lake, 'shop', source);

  it('resolves relative locations and absolute URLs from where the folder was exported', async () => {
    await lake.write('shop/datasources/crm/model.json', modelJson(['Orders/part-1.csv', './Orders/part-1.csv', 'https://acct.dfs.core.windows.net/ci/export/crm/Orders/part-1.csv?sv=x']));
    const [orders] = await read();
    expect(orders.partitions.map((p) => p.path)).toEqual(Array(3).fill('shop/datasources/crm/Orders/part-1.csv'));
    expect(orders.columns).toEqual([{ name: 'OrderId', type: 'String' }]);
  });

  it.each([
    ['../../other/secret.csv', 'is not a path inside the folder'],
    ['Orders/missing.csv', "partition 'Orders/missing.csv' does not exist in the folder 'datasources/crm'"],
    ['https://acct.blob.core.windows.net/c/x/%2e%2e/Orders/gone.csv', 'is not in the folder'],
  ])('refuses the partition location %s as bad folder data', async (location, message) => {
    await lake.write('shop/datasources/crm/model.json', modelJson([location]));
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CdmError);
    expect((error as Error).message).toContain(message);
  });

  it('says what a folder without a description holds', async () => {
    await expect(read()).rejects.toThrow("the folder 'datasources/crm' has no model.json and no single *.manifest.cdm.json");
    await expect(readDataSource(lake, 'shop', { ...source, location: 'nowhere' })).rejects.toThrow("the folder 'nowhere' is empty or does not exist");
  });
});
