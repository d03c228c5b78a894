import type { Lake } from '@app/lake';
import { allItems, allPartitionItems, type LakeBackend, openLakeBackend, writeInstanceManifest } from './cdm-fixtures';
import { call, type Json, type JsonResponse, type RunningGateway, startGateway } from './gateway-harness';
import { DS, headers, IMPORT_TIMEOUT_MS, KEY, MANIFEST } from './import-folders';

/**
 * The per-backend setup shared by the data-source import suites (data-source-import-*.e2e-spec.ts):
 * the lake (local folder or Azurite), the instance with its data sources, and the gateway.
 */

export const importBackends = ['local', 'azurite'] as const;
export type ImportBackend = (typeof importBackends)[number];

export interface ImportSuite {
  readonly gw: RunningGateway;
  readonly lake: Lake;
  importSource(name: string, timeoutMs?: number): Promise<JsonResponse>;
  rowCounts(): Promise<Record<string, number>>;
  /** What the gateway serves for both entities: items, row counts and partitions. */
  served(): Promise<Json>;
  expectServed(customers: Json[], orders: Json[]): Promise<void>;
}

/**
 * Registers the beforeAll/afterAll of one backend (call it inside the describe.each callback).
 * The fields of the result are set once the beforeAll has run; its functions can be taken out at once.
 */
export function useImportSuite(backendName: ImportBackend): ImportSuite {
  let backend: LakeBackend;
  let gw: RunningGateway;
  let lake: Lake;

  beforeAll(async () => {
    backend = await openLakeBackend(backendName, 'igw-import-');
    lake = backend.lake;
    writeInstanceManifest(backend.dataDir, MANIFEST);
    gw = await startGateway({ ...backend.env, DEMO: 'false', ADMIN_API_KEY: KEY });
  }, 30_000);
  afterAll(async () => {
    await gw?.close();
    await backend?.dispose();
  });

  const importSource = async (name: string, timeoutMs = IMPORT_TIMEOUT_MS) => {
    try {
      return await call(`${gw.url}/admin/datasets/${DS}/datasources/${name}/import`, { method: 'POST', headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new Error(`POST …/datasources/${name}/import did not answer: ${(error as Error).message}`);
    }
  };
  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables = await call(`${gw.url}/datasets/${DS}/tables`, { headers });
    expect(tables.status).toBe(200);
    return Object.fromEntries(tables.body.value.map((t: Json) => [t.Name, t.DynamicProperties.rowCount]));
  };
  const served = async () => ({
    customers: await allItems(gw.url, DS, 'Customer', headers, 'CustomerId'),
    orders: await allItems(gw.url, DS, 'Orders', headers, 'OrderId'),
    counts: await rowCounts(),
    customerPartitions: (await allPartitionItems(gw.url, DS, 'Customer', headers, 'CustomerId')).items,
    orderPartitions: (await allPartitionItems(gw.url, DS, 'Orders', headers, 'OrderId')).items,
  });
  const expectServed = async (customers: Json[], orders: Json[]) => {
    expect(await served()).toEqual({
      customers,
      orders,
      counts: { Customer: customers.length, Orders: orders.length },
      customerPartitions: customers,
      orderPartitions: orders,
    });
  };

  return {
    get gw() {
      return gw;
    },
    get lake() {
      return lake;
    },
    importSource,
    rowCounts,
    served,
    expectServed,
  };
}
