import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LocalFolderLake } from '@app/lake';
import { CDM_CSV, CsvValue, writePartition } from '@app/partitions';
import { call, Json } from './support/gateway-harness';
import { GatewayProcess, spawnGateway, waitForExit } from './support/gateway-process';
import { attribute, modelJsonText, parseExactJson, writeInstanceManifest, writeLakeFolder } from './support/cdm-fixtures';

const KEY = 'import-crash-key-0123456789';
const headers = { authorization: `Bearer ${KEY}` };
const DS = 'bulk';
const FOLDER = `${DS}/datasources/feed`;

const ATTRIBUTES = [
  attribute('EventId', 'String'),
  attribute('CustomerId', 'String'),
  attribute('Seq', 'Int64'),
  attribute('Amount', 'Double'),
  attribute('At', 'DateTimeOffset'),
  attribute('Label', 'String'),
];
const MANIFEST = {
  name: DS,
  displayName: 'Bulk',
  searchIndex: [],
  entities: [{ name: 'Event', kind: 'source', key: 'EventId', attributes: ATTRIBUTES.map((a) => ({ name: a.name, type: a.type })) }],
  dataSources: [{ name: 'feed', kind: 'cdm', location: 'datasources/feed' }],
};

const OLD_ROWS = 1_000;
/**
 * Enough for an import of several seconds today (~5 s; ingest runs at ~10-15k rows/s) and still
 * over one if it gets several times faster; the kill is triggered by what the store shows, not by a delay.
 */
const NEW_ROWS = 60_000;
const NEW_PARTITIONS = 3;

const eventId = (n: number) => `E-${String(n).padStart(6, '0')}`;
/** Both versions share the keys E-000000…E-000999; only the label tells them apart. */
function* events(from: number, to: number, label: 'old' | 'new'): Iterable<CsvValue[]> {
  for (let n = from; n < to; n++) {
    yield [eventId(n), `C-${n % 5000}`, n, n / 4, new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(), `${label} event ${n}, "quoted"`];
  }
}

/** The data source folder: model.json (headerless partitions) and `parts` partitions of `rows` rows in total. */
async function writeVersion(lake: LocalFolderLake, rows: number, parts: number, label: 'old' | 'new'): Promise<void> {
  const size = Math.ceil(rows / parts);
  const locations = Array.from({ length: parts }, (_, i) => `Event/${label}-part-${i}.csv`);
  await writeLakeFolder(lake, FOLDER, {
    'model.json': modelJsonText('feed', [
      {
        name: 'Event',
        attributes: [
          ['EventId', 'string'],
          ['CustomerId', 'string'],
          ['Seq', 'int64'],
          ['Amount', 'double'],
          ['At', 'dateTime'],
          ['Label', 'string'],
        ],
        partitions: locations.map((location) => ({ location, hasHeader: false })),
      },
    ]),
  });
  for (const [i, location] of locations.entries()) {
    await writePartition(lake, { path: `${FOLDER}/${location}`, format: CDM_CSV }, ATTRIBUTES, events(i * size, Math.min(rows, (i + 1) * size), label));
  }
}

/**
 * A read-only look into the store while the gateway writes (WAL: it never blocks the writer):
 * the rows an import has staged so far (undefined: no staging table, or not counted), and Event's
 * committed row count.
 */
function peekStore(dataDir: string, countStaged = true): { staged?: number; committed: number } {
  const path = join(dataDir, 'gateway.db');
  if (!existsSync(path)) return { committed: 0 };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const staging = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_\\_staging' ESCAPE '\\'").get() as { name: string } | undefined;
    const staged = staging && countStaged ? (db.prepare(`SELECT count(*) AS n FROM "${staging.name.replaceAll('"', '""')}"`).get() as { n: number }).n : undefined;
    const stats = db.prepare('SELECT row_count AS n FROM entity_stats WHERE instance = ? AND entity = ?').get(DS, 'Event') as { n: number } | undefined;
    return { ...(staged !== undefined ? { staged } : {}), committed: stats?.n ?? 0 };
  } finally {
    db.close();
  }
}

interface Observed {
  readonly rowCount: number;
  readonly count: number;
  /** Label per sampled key (null: no such item). */
  readonly samples: Record<string, string | null>;
}

const SAMPLE_KEYS = [0, 1, 500, 999, 1_000, 150_000, NEW_ROWS - 1].map(eventId);

async function observe(gw: GatewayProcess): Promise<Observed> {
  const tables = await call(`${gw.url}/datasets/${DS}/tables`, { headers });
  expect(tables.status).toBe(200);
  const counted = await call(`${gw.url}/datasets/${DS}/tables/Event/items?$count=true&$top=1`, { headers });
  expect(counted.status).toBe(200);
  const samples: Record<string, string | null> = {};
  for (const key of SAMPLE_KEYS) {
    const res = await call(`${gw.url}/datasets/${DS}/tables/Event/items?$filter=EventId eq '${key}'`, { headers });
    expect(res.status).toBe(200);
    samples[key] = res.body.value.length === 0 ? null : res.body.value[0].Label;
  }
  return { rowCount: tables.body.value.find((t: Json) => t.Name === 'Event').DynamicProperties.rowCount, count: counted.body['@odata.count'], samples };
}

function expected(version: 'old' | 'new'): Observed {
  const rows = version === 'old' ? OLD_ROWS : NEW_ROWS;
  const samples: Record<string, string | null> = {};
  for (const key of SAMPLE_KEYS) {
    const n = Number(key.slice(2));
    samples[key] = n < rows ? `${version} event ${n}, "quoted"` : null;
  }
  return { rowCount: rows, count: rows, samples };
}

/**
 * The partitions once the gateway's start-up lake work has settled: it rewrites stale
 * partitions while already serving, so a listing may show the previous ones for a moment.
 */
async function settledPartitionRows(gw: GatewayProcess, label: string, count: number): Promise<{ rows: number; labels: Record<string, number> }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const partitions = await partitionRows(gw);
    if ((partitions.rows === count && partitions.labels[label] === count) || Date.now() > deadline) return partitions;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Rows the partitions route serves for Event, and how many of them carry each label. */
async function partitionRows(gw: GatewayProcess): Promise<{ rows: number; labels: Record<string, number> }> {
  const listing = await call(`${gw.url}/v2/datasets/${DS}/tables/Event/partitions`, { headers });
  expect(listing.status).toBe(200);
  const labels: Record<string, number> = {};
  let rows = 0;
  for (const partition of listing.body.Partitions) {
    let offset = 0;
    for (;;) {
      const url = `${gw.url}/datasets/${DS}/tables/Event/partitions/data?partitionUri=${encodeURIComponent(partition.Name)}&offsetStart=${offset}&maxResults=100000&maxSize=67108864&select=Label`;
      const res = await call(url, { headers });
      expect(res.status).toBe(200);
      const body = parseExactJson(res.text);
      for (const item of body.Items) {
        const label = String(item.Label).split(' ')[0];
        labels[label] = (labels[label] ?? 0) + 1;
      }
      rows += body.Size;
      if (body.Size === 0 || body.OffsetEnd === partition.DynamicProperties.size) break;
      offset = body.OffsetEnd;
    }
  }
  return { rows, labels };
}

async function importFeed(gw: GatewayProcess) {
  return call(`${gw.url}/admin/datasets/${DS}/datasources/feed/import`, { method: 'POST', headers });
}

async function stop(gw: GatewayProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!gw || gw.child.exitCode !== null || gw.child.signalCode !== null) return;
  gw.child.kill(signal);
  await waitForExit(gw.child);
}

/**
 * Starts the big import without waiting for it, and kills the gateway with SIGKILL as soon as
 * `when` holds for the store (or after 20 s). Returns what was seen and whether the import answered.
 */
async function killDuringImport(gw: GatewayProcess, dataDir: string, countStaged: boolean, when: (store: ReturnType<typeof peekStore>) => boolean) {
  const started = Date.now();
  let answered: number | undefined;
  const pending = importFeed(gw).then(
    (res) => (answered = res.status),
    () => undefined, // the connection dies with the process
  );
  let store = peekStore(dataDir, countStaged);
  while (!when(store) && answered === undefined && Date.now() - started < 20_000) {
    await new Promise((r) => setTimeout(r, 5));
    store = peekStore(dataDir, countStaged);
  }
  gw.child.kill('SIGKILL');
  await waitForExit(gw.child);
  await pending;
  return { store, answered, killedAfter: Date.now() - started };
}

function outcomeOf(observed: Observed): 'old' | 'new' | 'mix' {
  const same = (version: 'old' | 'new') => JSON.stringify(observed) === JSON.stringify(expected(version));
  return same('old') ? 'old' : same('new') ? 'new' : 'mix';
}

/** An import killed with SIGKILL leaves the previous rows serving, or (had it committed) all the new ones; never a mix. */
describe('data source import killed mid-way (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'igw-import-crash-'));
  const env = { DATA_DIR: dataDir, DEMO: 'false', ADMIN_API_KEY: KEY, LOG_LEVEL: 'error', THROTTLE_LIMIT: '1000000' };
  const lake = new LocalFolderLake(join(dataDir, 'lake'));
  let gw: GatewayProcess | undefined;

  beforeAll(() => {
    mkdirSync(join(dataDir, 'instances'));
    writeInstanceManifest(dataDir, MANIFEST);
  });
  afterAll(async () => {
    await stop(gw, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The previous version, imported and served. */
  async function importOldVersion(running: GatewayProcess): Promise<void> {
    await writeVersion(lake, OLD_ROWS, 1, 'old');
    const small = await importFeed(running);
    expect(small.status).toBe(200);
    expect(small.body.entities).toEqual([{ entity: 'Event', rows: OLD_ROWS, partitions: 1, ignoredColumns: [] }]);
    expect(await observe(running)).toEqual(expected('old'));
    await writeVersion(lake, NEW_ROWS, NEW_PARTITIONS, 'new');
  }

  it('serves exactly the previous rows (or all the new ones) after kill -9 while rows are staged, then imports again', async () => {
    gw = await spawnGateway(env, KEY);
    await importOldVersion(gw);

    // Kill once the import has staged at least one batch, long before it can commit.
    const killed = await killDuringImport(gw, dataDir, true, (store) => (store.staged ?? 0) > 0);
    gw = await spawnGateway(env, KEY);
    const after = await observe(gw);
    const outcome = outcomeOf(after);
    const partitions = await settledPartitionRows(gw, outcome, after.count);
    console.log(
      `import-crash (staging): killed after ${killed.killedAfter} ms with ${killed.store.staged ?? 'no'} rows staged, ${killed.store.committed} committed; ` +
        `import answered ${killed.answered ?? 'nothing'} → ${outcome === 'old' ? 'the previous rows' : outcome === 'new' ? 'all the new rows' : 'A MIX'} ` +
        `after restart (${after.count} rows; partitions: ${JSON.stringify(partitions.labels)})`,
    );
    expect(after).toEqual(expected(killed.answered === 200 || outcome === 'new' ? 'new' : 'old'));
    // The partitions serve what the items do.
    expect(partitions).toEqual({ rows: after.count, labels: { [outcome]: after.count } });

    const again = await importFeed(gw);
    expect(again.status).toBe(200);
    expect(again.body.entities).toEqual([{ entity: 'Event', rows: NEW_ROWS, partitions: NEW_PARTITIONS, ignoredColumns: [] }]);
    expect(await observe(gw)).toEqual(expected('new'));
    expect(await partitionRows(gw)).toEqual({ rows: NEW_ROWS, labels: { new: NEW_ROWS } });
    expect(peekStore(dataDir).staged).toBeUndefined();
  }, 90_000);

  it('serves the new rows from items and partitions alike after kill -9 between the commit and the partition rewrite', async () => {
    if (!gw || gw.child.exitCode !== null || gw.child.signalCode !== null) gw = await spawnGateway(env, KEY);
    await importOldVersion(gw);

    // Kill the moment the store has committed the new rows: the partitions are being written then.
    const killed = await killDuringImport(gw, dataDir, false, (store) => store.committed === NEW_ROWS);
    gw = await spawnGateway(env, KEY);
    const after = await observe(gw);
    const outcome = outcomeOf(after);
    const partitions = await settledPartitionRows(gw, outcome, after.count);
    console.log(
      `import-crash (export): killed after ${killed.killedAfter} ms with ${killed.store.committed} rows committed; import answered ${killed.answered ?? 'nothing'} → ` +
        `items: ${outcome} (${after.count} rows), partitions: ${JSON.stringify(partitions.labels)}`,
    );
    // Committed is committed: the new rows, whatever happened to the partitions afterwards.
    expect(after).toEqual(expected(killed.store.committed === NEW_ROWS || outcome === 'new' ? 'new' : 'old'));
    // And the partitions must not keep serving the previous version next to them.
    expect(partitions).toEqual({ rows: after.count, labels: { [outcome]: after.count } });
    await stop(gw, 'SIGTERM');
  }, 90_000);
});
