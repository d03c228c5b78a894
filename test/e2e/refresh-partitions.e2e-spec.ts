import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { runToEnd } from './support/runs';

/**
 * §3.1: a refresh leaves the partitions of system and derived entities equal to the store.
 * Entities unchanged since their partitions were written are skipped; an API write makes an
 * entity's partitions stale, and the next refresh (or start) rewrites them.
 */
describe('partitions after refresh runs (e2e)', () => {
  let gw: RunningGateway;
  const get = (path: string) => call(`${gw.url}${path}`, { headers: gw.admin });
  const rewritten = (run: { tasks: { kind: string; result?: { entities?: string[] } }[] }) => run.tasks.find((t) => t.kind === 'partitions')?.result?.entities;

  /** Reads every partition of `table` in the §5 loop and returns the record of `key`. */
  async function partitionRow(table: string, key: string): Promise<Record<string, unknown> | undefined> {
    const partitions = (await get(`/datasets/demo/tables/${table}/partitions`)).body as { Name: string; DynamicProperties: { size: number } }[];
    for (const partition of partitions) {
      for (let offset = 0; offset < partition.DynamicProperties.size; ) {
        const page = await get(`/datasets/demo/tables/${table}/partitions/data?partitionUri=${partition.Name}&offsetStart=${offset}&maxSize=1048576`);
        expect(page.status).toBe(200);
        const found = (page.body.Items as Record<string, unknown>[]).find((item) => item.CustomerId === key);
        if (found) return found;
        offset = page.body.OffsetEnd;
      }
    }
    return undefined;
  }

  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'igw-refresh-'));
    gw = await startGateway({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await gw.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the segments at the first full refresh, then skips what did not change', async () => {
    const first = await runToEnd(gw, 'fullRefresh');
    expect(first.status).toBe('Successful');
    expect(rewritten(first)).toEqual(expect.arrayContaining(['HighValue', 'GoldAndPlatinum', 'Segments']));
    expect(rewritten(first)).not.toContain('UnifiedActivity');

    const second = await runToEnd(gw, 'fullRefresh');
    expect(rewritten(second)).not.toEqual(expect.arrayContaining(['Customer']));
    expect(rewritten(second)).not.toContain('UnifiedActivity');
  });

  it('rewrites an entity changed through the API, and its partitions then hold the change', async () => {
    const patched = await call(`${gw.url}/datasets/demo/tables/Customer/items/C-000002`, jsonInit('PATCH', { City: 'Refreshville' }, gw.admin));
    expect(patched.status).toBe(200);
    expect((await partitionRow('Customer', 'C-000002'))?.City).not.toBe('Refreshville');

    const run = await runToEnd(gw, 'fullRefresh');
    expect(rewritten(run)).toContain('Customer');
    expect(rewritten(run)).not.toContain('UnifiedActivity');
    expect((await partitionRow('Customer', 'C-000002'))?.City).toBe('Refreshville');
  });

  it('restarts without rewriting anything: the Segments list and every partition stay as they were', async () => {
    const refreshTimes = async () => {
      const tables = (await get('/datasets/demo/tables')).body.value as { Name: string }[];
      const times: Record<string, unknown> = {};
      for (const { Name } of tables) {
        const partitions = (await get(`/datasets/demo/tables/${Name}/partitions`)).body as { DynamicProperties: { refreshTime: string } }[];
        times[Name] = partitions.map((p) => p.DynamicProperties.refreshTime);
      }
      return times;
    };
    const before = await refreshTimes();
    expect(Object.keys(before)).toContain('Segments');
    await gw.close();
    gw = await startGateway({ DATA_DIR: dataDir });
    expect(await refreshTimes()).toEqual(before);
  });
});
