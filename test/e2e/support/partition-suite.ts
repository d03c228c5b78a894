import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureBlobLake, type Lake, LocalFolderLake } from '@app/lake';
import { type Azurite, startAzurite } from '../../support/azurite';
import { call, type JsonResponse, type RunningGateway, startGateway } from './gateway-harness';
import {
  DEMO_CUSTOMERS,
  escapeRegExp,
  type Listed,
  PARTITION_MAX_ROWS,
  type PartitionPage,
  type ReadOptions,
  TRICKY,
  TRICKY_MANIFEST,
  type TrickyPartition,
  writeTrickyLake,
} from './partition-fixtures';

/**
 * The per-backend setup shared by the partition routes' e2e suites (partitions-*.e2e-spec.ts):
 * the partition routes of §3.1 over the lake of §5, on both lake backends (local folder and
 * Azure Blob through Azurite), with the demo instance and the hand-written 'tricky' one.
 */

export const backends = ['local folder', 'Azure Blob (Azurite)'] as const;
export type Backend = (typeof backends)[number];

export interface PartitionSuite {
  readonly azure: boolean;
  readonly azurite: Azurite | undefined;
  readonly gw: RunningGateway;
  /** The same lake as the gateway's, opened by the test. */
  readonly lake: Lake;
  readonly tricky: TrickyPartition[];
  readonly auth: { authorization: string };
  get(path: string, headers?: Record<string, string>): Promise<JsonResponse>;
  listV1(dataset: string, table: string): Promise<Listed[]>;
  dataPath(dataset: string, table: string, query: Record<string, string | number | undefined>): string;
  readPage(dataset: string, table: string, partition: Listed, offsetStart: number, options?: ReadOptions): Promise<JsonResponse>;
  /** Reads a partition to its end, each call starting at the previous OffsetEnd. */
  readChained(dataset: string, table: string, partition: Listed, options?: ReadOptions): Promise<PartitionPage[]>;
  expectError(res: JsonResponse, status: number, code: string, target?: string): void;
  demoLocation(table: string): RegExp;
}

/**
 * Registers the beforeAll/afterAll of one backend (call it inside the describe.each callback):
 * writes the tricky lake, starts Azurite when needed and the gateway. The fields of the result
 * are set once the beforeAll has run; its functions can be taken out at once.
 */
export function usePartitionSuite(backend: Backend): PartitionSuite {
  const azure = backend !== 'local folder';
  let azurite: Azurite | undefined;
  let dataDir: string;
  let gw: RunningGateway;
  let lake: Lake;
  let tricky: TrickyPartition[];
  let auth: { authorization: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'igw-partitions-'));
    mkdirSync(join(dataDir, 'instances'));
    writeFileSync(join(dataDir, 'instances', `${TRICKY}.json`), JSON.stringify(TRICKY_MANIFEST));
    const env: Record<string, string> = { DATA_DIR: dataDir, DEMO_CUSTOMERS: String(DEMO_CUSTOMERS), PARTITION_MAX_ROWS: String(PARTITION_MAX_ROWS) };
    if (azure) {
      azurite = await startAzurite();
      const container = `partitions-${randomBytes(6).toString('hex')}`;
      lake = await AzureBlobLake.open({ connectionString: azurite.connectionString, container });
      Object.assign(env, { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: container });
    } else {
      lake = new LocalFolderLake(join(dataDir, 'lake'));
    }
    tricky = await writeTrickyLake(lake);
    gw = await startGateway(env);
    auth = gw.admin;
  });

  afterAll(async () => {
    await gw?.close();
    await lake?.close();
    await azurite?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = auth) => call(`${gw.url}${path}`, { headers });

  const listV1 = async (dataset: string, table: string): Promise<Listed[]> => {
    const res = await get(`/datasets/${dataset}/tables/${table}/partitions`);
    expect(res.status).toBe(200);
    return res.body;
  };

  const dataPath = (dataset: string, table: string, query: Record<string, string | number | undefined>) => {
    const pairs = Object.entries(query).filter(([, v]) => v !== undefined);
    return `/datasets/${dataset}/tables/${table}/partitions/data?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
  };

  const readPage = async (dataset: string, table: string, partition: Listed, offsetStart: number, options: ReadOptions = {}): Promise<JsonResponse> =>
    get(
      dataPath(dataset, table, {
        partitionUri: options.byLocation ? partition.DynamicProperties.location : partition.Name,
        offsetStart,
        maxSize: options.maxSize,
        maxResults: options.maxResults,
        select: options.select,
      }),
    );

  const readChained = async (dataset: string, table: string, partition: Listed, options: ReadOptions = {}): Promise<PartitionPage[]> => {
    const size = partition.DynamicProperties.size as number;
    const pages: PartitionPage[] = [];
    let offset = 0;
    while (offset < size) {
      const res = await readPage(dataset, table, partition, offset, options);
      if (res.status !== 200) throw new Error(`${partition.Name} at ${offset}: ${res.status} ${res.text}`);
      const page: PartitionPage = res.body;
      pages.push(page);
      if (page.OffsetStart !== offset || page.OffsetEnd <= offset || page.Size !== page.Items.length || pages.length > 100_000) {
        throw new Error(`${partition.Name} at ${offset}: unexpected page ${JSON.stringify({ ...page, Items: page.Items.length })}`);
      }
      offset = page.OffsetEnd;
    }
    return pages;
  };

  const expectError = (res: JsonResponse, status: number, code: string, target?: string) => {
    expect({ status: res.status, code: res.body?.error?.code, target: res.body?.error?.target }).toEqual({ status, code, target });
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(res.body.statusCode).toBe(status);
  };

  const demoLocation = (table: string) =>
    azure
      ? new RegExp(`^${escapeRegExp(azurite!.blobEndpoint)}/partitions-[0-9a-f]{12}/demo/${table}/g\\d{8}T\\d{9}Z/${table}-part-\\d{5}\\.csv$`)
      : new RegExp(`^${table}/g\\d{8}T\\d{9}Z/${table}-part-\\d{5}\\.csv$`);

  return {
    azure,
    get azurite() {
      return azurite;
    },
    get gw() {
      return gw;
    },
    get lake() {
      return lake;
    },
    get tricky() {
      return tricky;
    },
    get auth() {
      return auth;
    },
    get,
    listV1,
    dataPath,
    readPage,
    readChained,
    expectError,
    demoLocation,
  };
}
