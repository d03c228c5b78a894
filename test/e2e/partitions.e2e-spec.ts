import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CdmPartition, writeModelJson } from '@app/cdm';
import { AzureBlobLake, type Lake, LocalFolderLake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import { type CsvFormat, type CsvValue, encodeCsvRecord, writePartition } from '@app/partitions';
import { type Azurite, startAzurite } from '../support/azurite';
import { call, jsonInit, type Json, type JsonResponse, type RunningGateway, startGateway } from './support/gateway-harness';

/**
 * The partition routes of §3.1 over the lake of §5, on both lake backends (local folder and
 * Azure Blob through Azurite): listings (V1, V2), chained reads of the demo's partitions
 * compared with the store, hand-written partitions with tricky CSV, and parameter errors.
 */

const DEMO_TABLES = ['Customer', 'UnifiedActivity', 'Customer_Measure', 'PosPurchases'] as const;
const MiB = 1024 * 1024;
/** Small enough to keep a one-record-per-call walk through every partition fast on both backends. */
const DEMO_CUSTOMERS = 40;
/** Rows per demo partition file: UnifiedActivity (~5 activities a customer) gets several partitions. */
const PARTITION_MAX_ROWS = 80;
const HEADLESS: CsvFormat = { hasHeader: false, delimiter: ',', quote: '"' };
const HEADED: CsvFormat = { hasHeader: true, delimiter: ',', quote: '"' };

// ---------------------------------------------------------------------------------------
// The 'tricky' instance: one entity with a column of every EDM type but Decimal.
// ---------------------------------------------------------------------------------------

const TRICKY = 'tricky';
const READING = 'Reading';
const READING_COLUMNS: readonly (readonly [string, EdmType])[] = [
  ['Id', 'String'],
  ['Label', 'String'],
  ['Count', 'Int32'],
  ['Big', 'Int64'],
  ['Ratio', 'Double'],
  ['Flag', 'Boolean'],
  ['At', 'DateTimeOffset'],
  ['Day', 'Date'],
  ['Ref', 'Guid'],
];
const READING_NAMES = READING_COLUMNS.map(([name]) => name);
const READING_ATTRIBUTES: AttributeMetadata[] = READING_COLUMNS.map(([name, type]) => ({ name, displayName: name, type, nullable: name !== 'Id' }));
const TRICKY_MANIFEST = {
  name: TRICKY,
  displayName: 'Tricky partitions',
  searchIndex: [],
  entities: [
    {
      name: READING,
      displayName: 'Readings',
      kind: 'other',
      key: 'Id',
      attributes: READING_COLUMNS.map(([name, type]) => (name === 'Id' ? { name, type, nullable: false } : { name, type })),
    },
  ],
};

const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** ~180 KB each once encoded, so two of them pass the 256 KiB step of the boundary index and the first read window. */
const BIG_LABEL = 'é"\r\n,🎉 東京 ""x"" ;'.repeat(6000);
const BIG_LABEL_2 = 'line\nnext, "q" Ünïcödé\r\n'.repeat(7000);

/** Typed rows written with writePartition (CRLF line breaks): delimiters, quotes, line breaks, non-ASCII, '' vs null. */
const CRLF_ROWS: readonly (readonly CsvValue[])[] = [
  ['r01', 'plain', 1, 1, 1.5, true, '2024-01-02T03:04:05.000Z', '2024-02-29', GUID],
  ['r02', 'comma, inside, twice', -2147483648, 9223372036854775807n, -0.25, false, '1999-12-31T23:59:59.999Z', '0001-01-01', '00000000-0000-0000-0000-000000000000'],
  ['r03', 'say "hi" and ""bye""', 2147483647, -9223372036854775808n, 1e-300, true, '2030-06-15T12:00:00.000Z', '9999-12-31', GUID],
  ['r04', 'LF\ninside', 4, 9007199254740993n, 123456.789, false, '2024-02-29T23:59:59.000Z', '2000-02-29', GUID],
  ['r05', 'CRLF\r\ninside\r\n', 5, -5, 1e21, true, '1970-01-01T00:00:00.000Z', '1970-01-01', GUID],
  ['r06', 'Zürich — 東京 🎉 naïve "ü"', 6, 6, -1.7976931348623157e308, false, '2024-07-01T00:00:00.001Z', '2024-07-01', GUID],
  ['r07', '', null, null, null, null, null, null, null],
  ['r08', null, 0, 0, 0, false, null, null, null],
  ['r09', BIG_LABEL, 9, 9, 9.5, true, '2024-09-09T09:09:09.009Z', '2024-09-09', GUID],
  ['r10', ' padded ', 10, 10, 10, true, '2024-10-10T10:10:10.100Z', '2024-10-10', GUID],
  ['r11', BIG_LABEL_2, 11, 11, 11, false, '2024-11-11T11:11:11.110Z', '2024-11-11', GUID],
  ['r12', '"', 12, 12, 12, true, '2024-12-12T12:12:12.120Z', '2024-12-12', GUID],
  ['r13', ',', 13, 13, 13, false, '2024-12-13T00:00:00.000Z', '2024-12-13', GUID],
];
const CRLF_BIGINTS = ['9223372036854775807', '-9223372036854775808', '9007199254740993'];

/** Raw headerless lines (LF) in the textual forms other writers use; the last one has no line break. */
const RAW_LINES = [
  'r20,"quoted ""numbers""","42",+7,"1.5E3",TRUE,2024-03-01T10:00:00+02:00,2024-03-01T00:00:00Z,0F8FAD5B-D9CB-469F-A165-70867728950E\n',
  'r21,"multi\r\nline, with CRLF\ninside",-0003,0,.5,0,2024-03-01 10:00:00,2024-12-31,\n',
  'r22,,,,,,,,\n',
  'r23,"",,,,"",,,\n',
  'r24,"no line break at the end",1,2,3,false,2024-03-01T10:00:00.123456Z,2024-01-01,AAAAAAAA-bbbb-CCCC-dddd-EEEEEEEEEEEE',
];
const RAW_ITEMS = [
  reading('r20', 'quoted "numbers"', 42, 7, 1500, true, '2024-03-01T08:00:00.000Z', '2024-03-01', GUID),
  reading('r21', 'multi\r\nline, with CRLF\ninside', -3, 0, 0.5, false, '2024-03-01T10:00:00.000Z', '2024-12-31', null),
  reading('r22', null, null, null, null, null, null, null, null),
  reading('r23', '', null, null, null, null, null, null, null),
  reading('r24', 'no line break at the end', 1, 2, 3, false, '2024-03-01T10:00:00.123Z', '2024-01-01', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'),
];

/** A headed partition as spreadsheets export it: byte order mark, CRLF, columns in another order and case. */
const BOM_HEADED = [
  '\uFEFFREF,id,Day,at,flag,RATIO,big,count,label\r\n',
  `${GUID},h1,2024-05-06,2024-05-06T07:08:09Z,true,2.5,10,11,"headed, first"\r\n`,
  ',h2,,,,,,,\r\n',
  ',h3,,,,,,,"last ""one"""\r\n',
];
const BOM_HEADED_ITEMS = [
  reading('h1', 'headed, first', 11, 10, 2.5, true, '2024-05-06T07:08:09.000Z', '2024-05-06', GUID),
  reading('h2', null, null, null, null, null, null, null, null),
  reading('h3', 'last "one"', null, null, null, null, null, null, null),
];

const GOOD_B1 = 'b1,ok,1,,,,,,\n';
const GOOD_B2 = 'b2,"fine, still",2,,,,,,\n';
/** Latin-1 'é' (0xE9) is not UTF-8. */
const NOT_UTF8 = Buffer.concat([Buffer.from(GOOD_B1 + GOOD_B2), Buffer.from('b3,caf'), Buffer.from([0xe9]), Buffer.from(',3,,,,,,\nb4,after,4,,,,,,\n')]);
const TRUNCATED = `${GOOD_B1}${GOOD_B2}t3,"never closed,3,,,,,,\n`;
const BAD_VALUE = `${GOOD_B1}v2,bad,not-a-number,,,,,,\n`;
const BAD_WIDTH = 'w1,too,few\n';
/** A byte order mark, empty lines (LF and CRLF) between records and after the last one. */
const BLANK_LINES = ['\uFEFFk1,first,,,,,,,\n', '\r\n\nk2,"second,\n\nwith empty lines inside",,,,,,,\n', '\n\r\n'];

const REFRESH_TIME = '2024-06-01T00:00:00.000Z';

interface TrickyPartition {
  readonly name: string;
  readonly path: string;
  readonly format: CsvFormat;
  /** Bytes in the lake; undefined for the partition whose file is missing. */
  readonly size?: number;
}

function reading(...values: CsvValue[]): Record<string, Json> {
  return Object.fromEntries(READING_NAMES.map((name, i) => [name, values[i]]));
}

/** As JSON.parse gives it back: an Int64 beyond 2^53 is rounded by the client, not by us. */
function asJson(row: readonly CsvValue[]): Record<string, Json> {
  return Object.fromEntries(READING_NAMES.map((name, i) => [name, typeof row[i] === 'bigint' ? Number(row[i]) : row[i]]));
}

/** Byte offsets where each record ends (record i spans ends[i-1]..ends[i]), from `start`. */
function recordEnds(lines: readonly (string | Buffer)[], start = 0): number[] {
  const ends: number[] = [];
  let at = start;
  for (const line of lines) ends.push((at += typeof line === 'string' ? Buffer.byteLength(line) : line.length));
  return ends;
}

/** Writes the tricky instance's partitions and model.json into the lake the gateway will use. */
async function writeTrickyLake(lake: Lake): Promise<TrickyPartition[]> {
  const folder = `${TRICKY}/${READING}`;
  const written: TrickyPartition[] = [];
  const put = async (name: string, format: CsvFormat, content: string | Buffer) => {
    const path = `${folder}/${name}.csv`;
    const object = await lake.write(path, content);
    written.push({ name, path, format, size: object.size });
  };
  const crlfPath = `${folder}/${READING}-crlf.csv`;
  const crlf = await writePartition(lake, { path: crlfPath, format: HEADLESS }, READING_ATTRIBUTES, CRLF_ROWS, { lineBreak: '\r\n' });
  written.push({ name: `${READING}-crlf`, path: crlfPath, format: HEADLESS, size: crlf.object.size });
  const headedPath = `${folder}/${READING}-headed.csv`;
  const headed = await writePartition(lake, { path: headedPath, format: HEADED }, READING_ATTRIBUTES, CRLF_ROWS.slice(0, 8));
  written.push({ name: `${READING}-headed`, path: headedPath, format: HEADED, size: headed.object.size });
  await put(`${READING}-raw`, HEADLESS, RAW_LINES.join(''));
  await put(`${READING}-bom-headed`, HEADED, BOM_HEADED.join(''));
  await put(`${READING}-not-utf8`, HEADLESS, NOT_UTF8);
  await put(`${READING}-truncated`, HEADLESS, TRUNCATED);
  await put(`${READING}-bad-value`, HEADLESS, BAD_VALUE);
  await put(`${READING}-bad-width`, HEADLESS, BAD_WIDTH);
  await put(`${READING}-empty`, HEADLESS, '');
  await put(`${READING}-header-only`, HEADED, `${READING_NAMES.join(',')}\r\n`);
  await put(`${READING}-blank-lines`, HEADLESS, BLANK_LINES.join(''));
  // A file name that needs escaping in a blob URL: the location must still lead back to it.
  const odd = `${folder}/odd folder/Réading #1 (copy)%20.csv`;
  const oddWritten = await writePartition(lake, { path: odd, format: HEADLESS }, READING_ATTRIBUTES, CRLF_ROWS.slice(0, 3));
  written.push({ name: `${READING}-odd`, path: odd, format: HEADLESS, size: oddWritten.object.size });
  written.push({ name: `${READING}-missing`, path: `${folder}/${READING}-missing.csv`, format: HEADLESS });
  await writeTrickyModel(lake, written);
  return written;
}

async function writeTrickyModel(lake: Lake, partitions: readonly TrickyPartition[]): Promise<void> {
  const cdm: CdmPartition[] = partitions.map((p) => ({ name: p.name, location: modelLocation(lake, TRICKY, p.path), refreshTime: REFRESH_TIME, format: { ...p.format } }));
  const model = { name: TRICKY, entities: [{ name: READING, attributes: READING_ATTRIBUTES.map((a) => ({ name: a.name, type: a.type })), partitions: cdm }] };
  await lake.write(`${TRICKY}/model.json`, writeModelJson(model, { application: 'partitions e2e' }));
}

/** Locations in an instance's model.json: relative to its folder locally (as CDM readers resolve them), blob URLs on Azure. */
function modelLocation(lake: Lake, instance: string, path: string): string {
  return lake.kind === 'local' ? path.slice(instance.length + 1) : lake.locationOf(path);
}

function lakePathOf(lake: Lake, instance: string, location: string): string | undefined {
  return lake.kind === 'local' ? `${instance}/${location}` : lake.pathOf(location);
}

async function lakeBytes(lake: Lake, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of lake.read(path)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------
// Reading partitions through the routes.
// ---------------------------------------------------------------------------------------

interface PartitionPage {
  readonly OffsetStart: number;
  readonly OffsetEnd: number;
  readonly Size: number;
  readonly Items: Json[];
}

interface Listed {
  readonly Name: string;
  readonly DisplayName: string;
  readonly DynamicProperties: { location: string; refreshTime: string | null; hasHeader: boolean; size: number | null; format: string };
}

interface ReadOptions {
  readonly maxSize?: number;
  readonly maxResults?: number;
  readonly select?: string;
  /** Name the partition by its location instead of its name. */
  readonly byLocation?: boolean;
}

/**
 * The OffsetEnds §5 prescribes when paging from `start` through records ending at `ends`:
 * whole records until the next would end more than maxSize bytes past the page start, at
 * least one, at most maxResults.
 */
function expectedOffsetEnds(ends: readonly number[], start: number, maxSize: number, maxResults: number): number[] {
  const pages: number[] = [];
  let from = start;
  let next = 0;
  while (next < ends.length) {
    let count = 0;
    let end = from;
    while (next < ends.length && count < maxResults && (count === 0 || ends[next] - from <= maxSize)) {
      end = ends[next++];
      count++;
    }
    pages.push(end);
    from = end;
  }
  return pages;
}

const backends = ['local folder', 'Azure Blob (Azurite)'] as const;

describe.each(backends)('partitions on the %s lake (e2e)', (backend) => {
  const azure = backend !== 'local folder';
  let azurite: Azurite | undefined;
  let dataDir: string;
  let gw: RunningGateway;
  /** The same lake as the gateway's, opened by the test. */
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

  /** Reads a partition to its end, each call starting at the previous OffsetEnd. */
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

  describe('listings', () => {
    it.each(DEMO_TABLES)('lists the partitions of %s (V1 and V2) with the sizes in the lake and the header in schema order', async (table) => {
      const v1 = await listV1('demo', table);
      expect(v1.length).toBeGreaterThanOrEqual(1);
      if (table === 'UnifiedActivity') expect(v1.length).toBeGreaterThan(1);
      for (const [i, partition] of v1.entries()) {
        const name = `${table}-part-${String(i).padStart(5, '0')}`;
        expect(partition).toEqual({
          Name: name,
          DisplayName: name,
          DynamicProperties: {
            location: expect.stringMatching(demoLocation(table)),
            refreshTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
            hasHeader: false,
            size: expect.any(Number),
            format: 'csv',
          },
        });
        const path = lakePathOf(lake, 'demo', partition.DynamicProperties.location);
        expect(path).toBeDefined();
        expect(partition.DynamicProperties.size).toBe((await lakeBytes(lake, path!)).length);
        expect(partition.DynamicProperties.size).toBeGreaterThan(0);
      }

      const metadata = await get(`/$metadata.json/datasets/demo/tables/${table}`);
      expect(metadata.status).toBe(200);
      const v2 = await get(`/v2/datasets/demo/tables/${table}/partitions`);
      expect(v2.status).toBe(200);
      expect(v2.body).toEqual({ Header: Object.keys(metadata.body.schema.items.properties).join(','), Partitions: v1 });
    });

    it('filters V2 by partitionDisplayName in any case; no match gives an empty list', async () => {
      const all = await listV1('demo', 'UnifiedActivity');
      const header = 'ActivityId,CustomerId,ActivityType,ActivityTypeDisplay,ActivityTime,ActivityName,Title,SourceEntityName,SourceActivityId,Amount';
      for (const wanted of ['UnifiedActivity-part-00001', 'unifiedactivity-PART-00001', 'UNIFIEDACTIVITY-PART-00001']) {
        const res = await get(`/v2/datasets/demo/tables/UnifiedActivity/partitions?partitionDisplayName=${wanted}`);
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { Header: header, Partitions: [all[1]] } });
      }
      for (const other of ['UnifiedActivity-part-0000', 'Customer-part-00000', 'UnifiedActivity-part-00001%20']) {
        const res = await get(`/v2/datasets/demo/tables/UnifiedActivity/partitions?partitionDisplayName=${other}`);
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { Header: header, Partitions: [] } });
      }
      const empty = await get('/v2/datasets/demo/tables/UnifiedActivity/partitions?partitionDisplayName=');
      expect(empty.body).toEqual({ Header: header, Partitions: all });
    });

    it('lets a reader connection list and read partitions of its datasets only', async () => {
      const created = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'partition reader', role: 'reader', datasets: ['demo'] }, auth));
      expect(created.status).toBe(201);
      const reader = { authorization: `Bearer ${created.body.key}` };
      const v1 = await get('/datasets/demo/tables/Customer/partitions', reader);
      expect(v1.status).toBe(200);
      expect(v1.body).toEqual(await listV1('demo', 'Customer'));
      const v2 = await get('/v2/datasets/demo/tables/Customer/partitions?partitionDisplayName=customer-part-00000', reader);
      expect(v2.status).toBe(200);
      expect(v2.body.Partitions).toEqual(v1.body);
      const data = await get(dataPath('demo', 'Customer', { partitionUri: 'Customer-part-00000', maxResults: 2, select: 'CustomerId' }), reader);
      expect(data.status).toBe(200);
      expect(data.body.Items).toEqual([{ CustomerId: 'C-000001' }, { CustomerId: 'C-000002' }]);
      for (const path of [`/datasets/${TRICKY}/tables/${READING}/partitions`, `/v2/datasets/${TRICKY}/tables/${READING}/partitions`]) {
        expectError(await get(path, reader), 403, 'FORBIDDEN_DATASET', TRICKY);
      }
      expectError(await get('/datasets/demo/tables/Customer/partitions', {}), 401, 'AUTH_REQUIRED', undefined);
    });

    it('answers 404 for an unknown table or dataset on all three routes', async () => {
      for (const path of ['/datasets/demo/tables/Nope/partitions', '/v2/datasets/demo/tables/Nope/partitions', '/datasets/demo/tables/Nope/partitions/data?partitionUri=x']) {
        const res = await get(path);
        expectError(res, 404, 'TABLE_NOT_FOUND', 'Nope');
        expect(res.body.error.message).toContain('Customer, UnifiedActivity, Customer_Measure, PosPurchases');
      }
      expectError(await get('/datasets/nope/tables/Customer/partitions'), 404, 'DATASET_NOT_FOUND', 'nope');
      expectError(await get('/v2/datasets/nope/tables/Customer/partitions'), 404, 'DATASET_NOT_FOUND', 'nope');
    });

    it('finds tables by display name, as the other connector routes do', async () => {
      expect(await get('/datasets/demo/tables/Unified%20activity/partitions').then((r) => r.body)).toEqual(await listV1('demo', 'UnifiedActivity'));
    });
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

  describe('hand-written partitions with tricky CSV', () => {
    const part = (name: string): TrickyPartition => tricky.find((p) => p.name === `${READING}-${name}`)!;
    const listed = (p: TrickyPartition): Listed => ({
      Name: p.name,
      DisplayName: p.name,
      DynamicProperties: { location: modelLocation(lake, TRICKY, p.path), refreshTime: REFRESH_TIME, hasHeader: p.format.hasHeader, size: p.size ?? null, format: 'csv' },
    });
    const read = (p: TrickyPartition, offsetStart: number, options: ReadOptions = {}) => readPage(TRICKY, READING, listed(p), offsetStart, options);
    const chained = (p: TrickyPartition, options: ReadOptions = {}) => readChained(TRICKY, READING, listed(p), options);

    it('lists them as model.json says, with their sizes, in both versions', async () => {
      const v1 = await listV1(TRICKY, READING);
      expect(v1).toEqual(tricky.map(listed));
      const v2 = await get(`/v2/datasets/${TRICKY}/tables/${READING}/partitions?partitionDisplayName=reading-CRLF`);
      expect(v2.body).toEqual({ Header: READING_NAMES.join(','), Partitions: [listed(part('crlf'))] });
    });

    it('returns delimiters, quotes, line breaks, non-ASCII, empty and null values whole at every maxSize', async () => {
      const p = part('crlf');
      const ends = recordEnds(CRLF_ROWS.map((row) => `${encodeCsvRecord(row, HEADLESS)}\r\n`));
      expect(ends[ends.length - 1]).toBe(p.size);
      const expected = CRLF_ROWS.map(asJson);
      const exactFits = [ends[1], ends[2] - ends[0], ends[9] - ends[7], ends[9] - ends[7] - 1];
      const sizes = [1, 50, 333, 65_536, 65_537, 200_000, 300_000, p.size! - 1, p.size!, 4 * MiB, ...exactFits];
      await Promise.all(
        sizes.map(async (maxSize) => {
          const pages = await chained(p, { maxSize });
          expect({ maxSize, ends: pages.map((page) => page.OffsetEnd) }).toEqual({ maxSize, ends: expectedOffsetEnds(ends, 0, maxSize, 1000) });
          expect(pages.flatMap((page) => page.Items)).toEqual(expected);
        }),
      );
      // Int64 values beyond 2^53 are exact JSON numbers on the wire.
      const all = await read(p, 0);
      for (const digits of CRLF_BIGINTS) expect(all.text).toContain(`"Big":${digits}`);
      const selected = await read(p, ends[5], { select: 'label,ID', maxResults: 2 });
      expect(selected.body).toEqual({ OffsetStart: ends[5], OffsetEnd: ends[7], Size: 2, Items: [{ Label: '', Id: 'r07' }, { Label: null, Id: 'r08' }] });
    });

    it('reads the textual forms other writers use, and a last record without a line break', async () => {
      const p = part('raw');
      const ends = recordEnds(RAW_LINES);
      expect(ends[ends.length - 1]).toBe(p.size);
      for (const maxSize of [1, 40, 4 * MiB]) {
        const pages = await chained(p, { maxSize });
        expect(pages.map((page) => page.OffsetEnd)).toEqual(expectedOffsetEnds(ends, 0, maxSize, 1000));
        expect(pages.flatMap((page) => page.Items)).toEqual(RAW_ITEMS);
      }
    });

    it('refuses an offset inside a record, also just after a line break inside quotes', async () => {
      const raw = part('raw');
      const rawEnds = recordEnds(RAW_LINES);
      const r21 = Buffer.from(RAW_LINES[1]);
      const crlf = part('crlf');
      const crlfLines = CRLF_ROWS.map((row) => Buffer.from(`${encodeCsvRecord(row, HEADLESS)}\r\n`));
      const crlfEnds = recordEnds(crlfLines);
      const r04 = crlfLines[3];
      const r11 = crlfLines[10];
      const cases: [TrickyPartition, number][] = [
        [raw, 1],
        [raw, rawEnds[0] - 1],
        [raw, rawEnds[0] + 5],
        [raw, rawEnds[0] + r21.indexOf('\r') + 1],
        [raw, rawEnds[0] + r21.indexOf('\n') + 1],
        [raw, rawEnds[0] + r21.indexOf('\n', r21.indexOf('\n') + 1) + 1],
        [crlf, crlfEnds[2] + r04.indexOf('\n') + 1],
        [crlf, crlfEnds[9] + r11.lastIndexOf('\n', r11.length - 3) + 1],
        [crlf, crlfEnds[9] + 1],
        [crlf, crlfEnds[crlfEnds.length - 1] - 1],
      ];
      // The last two lie past the boundary index's 256 KiB step: the check starts at an indexed boundary.
      expect(crlfEnds[9] + r11.lastIndexOf('\n', r11.length - 3)).toBeGreaterThan(256 * 1024);
      const answers = await Promise.all(cases.map(([p, offset]) => read(p, offset)));
      for (const [i, res] of answers.entries()) {
        expect({ offset: cases[i][1], status: res.status, code: res.body.error?.code, target: res.body.error?.target }).toEqual({
          offset: cases[i][1],
          status: 400,
          code: 'PARTITION_OFFSET_INVALID',
          target: 'offsetStart',
        });
      }
      // The boundaries around them still work.
      expect((await read(raw, rawEnds[0], { maxResults: 1 })).body.Items).toEqual([RAW_ITEMS[1]]);
      expect((await read(crlf, crlfEnds[9], { maxResults: 1, select: 'Id' })).body.Items).toEqual([{ Id: 'r11' }]);
    });

    it('reads headed partitions: the header is no record, its columns are matched by name', async () => {
      const headed = part('headed');
      const headerEnd = Buffer.byteLength(`${READING_NAMES.join(',')}\n`);
      const ends = recordEnds(CRLF_ROWS.slice(0, 8).map((row) => `${encodeCsvRecord(row, HEADLESS)}\n`), headerEnd);
      expect(ends[ends.length - 1]).toBe(headed.size);
      for (const maxSize of [1, 150, 4 * MiB]) {
        const pages = await chained(headed, { maxSize });
        expect(pages.flatMap((page) => page.Items)).toEqual(CRLF_ROWS.slice(0, 8).map(asJson));
        expect(pages[pages.length - 1].OffsetEnd).toBe(headed.size);
        if (maxSize === 1) expect(pages.map((page) => page.OffsetEnd)).toEqual(ends);
      }
      const bom = part('bom-headed');
      for (const maxSize of [1, 4 * MiB]) {
        const pages = await chained(bom, { maxSize, select: 'Id,Label,Count,Big,Ratio,Flag,At,Day,Ref' });
        expect(pages.flatMap((page) => page.Items)).toEqual(BOM_HEADED_ITEMS);
        if (maxSize === 1) expect(pages.map((page) => page.OffsetEnd)).toEqual(recordEnds(BOM_HEADED.slice(1), Buffer.byteLength(BOM_HEADED[0])));
      }
      const second = await read(bom, Buffer.byteLength(BOM_HEADED[0] + BOM_HEADED[1]), { select: 'Label' });
      expect(second.body).toEqual({ OffsetStart: Buffer.byteLength(BOM_HEADED[0] + BOM_HEADED[1]), OffsetEnd: bom.size, Size: 2, Items: [{ Label: null }, { Label: 'last "one"' }] });
    });

    it('returns the records before bytes that are not UTF-8, then answers 422 at them', async () => {
      const p = part('not-utf8');
      const badAt = Buffer.byteLength(GOOD_B1 + GOOD_B2);
      const first = await read(p, 0, { maxSize: 64 * MiB, select: 'Id,Label' });
      expect({ status: first.status, body: first.body }).toEqual({
        status: 200,
        body: { OffsetStart: 0, OffsetEnd: badAt, Size: 2, Items: [{ Id: 'b1', Label: 'ok' }, { Id: 'b2', Label: 'fine, still' }] },
      });
      const bad = await read(p, badAt);
      expectError(bad, 422, 'PARTITION_DATA_INVALID', undefined);
      expect(bad.body.error.message).toContain(String(badAt));
      const one = await read(p, 0, { maxSize: 1 });
      expect(one.body).toMatchObject({ OffsetEnd: Buffer.byteLength(GOOD_B1), Size: 1 });
    });

    it('answers 422 for an unterminated quote at the end, a value of the wrong type and a wrong field count', async () => {
      const truncated = part('truncated');
      const t3 = Buffer.byteLength(GOOD_B1 + GOOD_B2);
      const before = await read(truncated, 0, { select: 'Id' });
      expect(before.body).toEqual({ OffsetStart: 0, OffsetEnd: t3, Size: 2, Items: [{ Id: 'b1' }, { Id: 'b2' }] });
      expectError(await read(truncated, t3), 422, 'PARTITION_DATA_INVALID', undefined);

      const badValue = part('bad-value');
      const v2 = Buffer.byteLength(GOOD_B1);
      expect((await read(badValue, 0, { select: 'Id,Count' })).body).toEqual({ OffsetStart: 0, OffsetEnd: v2, Size: 1, Items: [{ Id: 'b1', Count: 1 }] });
      const wrongType = await read(badValue, v2);
      expectError(wrongType, 422, 'PARTITION_DATA_INVALID', undefined);
      expect(wrongType.body.error.message).toContain('Count');

      expectError(await read(part('bad-width'), 0), 422, 'PARTITION_DATA_INVALID', undefined);
    });

    it('reads empty partitions, empty lines and a byte order mark', async () => {
      const end = (p: TrickyPartition) => ({ OffsetStart: p.size, OffsetEnd: p.size, Size: 0, Items: [] });
      expect(part('empty').size).toBe(0);
      expect((await read(part('empty'), 0)).body).toEqual(end(part('empty')));
      const headerOnly = part('header-only');
      expect((await read(headerOnly, 0)).body).toEqual({ OffsetStart: 0, OffsetEnd: headerOnly.size, Size: 0, Items: [] });
      expect((await read(headerOnly, headerOnly.size!)).body).toEqual(end(headerOnly));

      const blank = part('blank-lines');
      const expected = [reading('k1', 'first', null, null, null, null, null, null, null), reading('k2', 'second,\n\nwith empty lines inside', null, null, null, null, null, null, null)];
      for (const maxSize of [1, 4 * MiB]) {
        const pages = await chained(blank, { maxSize });
        expect(pages.flatMap((page) => page.Items)).toEqual(expected);
        expect(pages.map((page) => page.Size)).toEqual(maxSize === 1 ? [1, 1] : [2]);
        expect(pages[pages.length - 1].OffsetEnd).toBe(blank.size);
      }
      for (const offset of [1, 2]) expectError(await read(blank, offset), 400, 'PARTITION_OFFSET_INVALID', 'offsetStart');
    });

    it('finds a partition by a location that needs escaping', async () => {
      const odd = part('odd');
      if (azure) expect(lake.locationOf(odd.path)).toContain('odd%20folder/R%C3%A9ading%20%231%20(copy)%2520.csv');
      const byLocation = await read(odd, 0, { byLocation: true });
      expect(byLocation.body).toEqual({ OffsetStart: 0, OffsetEnd: odd.size, Size: 3, Items: CRLF_ROWS.slice(0, 3).map(asJson) });
      expect((await read(odd, 0)).body).toEqual(byLocation.body);
    });

    it('answers 404 for a partition listed in model.json whose file is missing', async () => {
      const missing = part('missing');
      expectError(await read(missing, 0), 404, 'PARTITION_NOT_FOUND', 'partitionUri');
      expectError(await read(missing, 0, { byLocation: true }), 404, 'PARTITION_NOT_FOUND', 'partitionUri');
    });

    it('sees a partition added to model.json after the start, within a second', async () => {
      const path = `${TRICKY}/${READING}/late/${READING}-late.csv`;
      const written = await writePartition(lake, { path, format: HEADLESS }, READING_ATTRIBUTES, CRLF_ROWS.slice(0, 2));
      const late: TrickyPartition = { name: `${READING}-late`, path, format: HEADLESS, size: written.object.size };
      await writeTrickyModel(lake, [...tricky, late]);
      // The gateway re-checks a model.json written by someone else at most once a second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const v2 = await get(`/v2/datasets/${TRICKY}/tables/${READING}/partitions?partitionDisplayName=READING-LATE`);
      expect(v2.body.Partitions).toEqual([listed(late)]);
      const data = await read(late, 0);
      expect(data.body).toEqual({ OffsetStart: 0, OffsetEnd: late.size, Size: 2, Items: CRLF_ROWS.slice(0, 2).map(asJson) });
      await writeTrickyModel(lake, tricky);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    });
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
