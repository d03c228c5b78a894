/**
 * The data of `npm run bench:partitions`, generated once into .bench-data/partitions/data and
 * reused while it matches the options (checked by a manifest of what was written and the files' sizes):
 *
 *   instances/bench.json                   instance `bench`: WideActivity (read) + Customer (import), data source `crm`
 *   lake/bench/model.json                  lists WideActivity's one partition (Customer's are added by the import's export)
 *   lake/bench/WideActivity/WideActivity-part-00000.csv   ~--size-mib MiB, headerless, ~14 columns, ~390 bytes/row
 *   lake/bench/datasources/crm/            a CDM folder: model.json + 4 headerless Customer partitions (demo generator rows)
 *
 * The lake files are written through the product's own writers (writePartition also stores
 * the boundary index beside each partition; writeModelJson), the rows by a seeded PRNG.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelJson, writeModelJson, type CdmEntity, type CdmFolder } from '@app/cdm';
import { demoManifest, generateDemoData } from '@app/demo';
import { joinLakePath, LocalFolderLake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import { CDM_CSV, encodeCsvRecord, writePartition, type CsvValue } from '@app/partitions';
import type { DataSourceDefinition, EntityDefinition, InstanceManifest } from '@app/storage';
import { fmt, say } from './console';
import { mulberry32 } from './stats';

export const INSTANCE = 'bench';
export const WIDE_ENTITY = 'WideActivity';
export const WIDE_PARTITION = `${WIDE_ENTITY}-part-00000`;
export const CUSTOMER_ENTITY = 'Customer';
export const DATA_SOURCE = 'crm';
const DATA_SOURCE_LOCATION = `datasources/${DATA_SOURCE}`;
const IMPORT_PARTITIONS = 4;
/** Bump when the row shape changes: older generated data is then rewritten. */
const GENERATOR_VERSION = 1;
const WIDE_SEED = 0x5eed_2026;

export interface WideData {
  readonly sizeMib: number;
  /** Absolute path of the partition file (what the baseline reads). */
  readonly file: string;
  readonly lakePath: string;
  readonly bytes: number;
  readonly rows: number;
  readonly generatedMs?: number;
}

export interface ImportData {
  readonly rows: number;
  readonly partitions: readonly { readonly lakePath: string; readonly bytes: number; readonly rows: number }[];
  readonly bytes: number;
  readonly generatedMs?: number;
}

interface Generated {
  readonly version: number;
  wide?: WideData;
  import?: ImportData;
}

/** The wide row: strings, numbers, dates; a third of the titles and some descriptions need quoting. */
const WIDE_ATTRIBUTES: readonly [string, EdmType, boolean][] = [
  ['ActivityId', 'Guid', false],
  ['CustomerId', 'String', false],
  ['ActivityType', 'String', true],
  ['ActivityTime', 'DateTimeOffset', true],
  ['Title', 'String', true],
  ['Description', 'String', true],
  ['Amount', 'Double', true],
  ['Quantity', 'Int32', true],
  ['IsOnline', 'Boolean', true],
  ['Channel', 'String', true],
  ['ActivityDate', 'Date', true],
  ['ExternalNumber', 'Int64', true],
  ['Url', 'String', true],
  ['Email', 'String', true],
];

export function wideAttributes(): AttributeMetadata[] {
  return WIDE_ATTRIBUTES.map(([name, type, nullable]) => ({ name, displayName: name, type, nullable }));
}

function wideEntityDefinition(): EntityDefinition {
  return {
    name: WIDE_ENTITY,
    displayName: 'Wide activity',
    kind: 'source',
    key: 'ActivityId',
    attributes: WIDE_ATTRIBUTES.map(([name, type, nullable]) => ({ name, type, nullable })),
  };
}

export function customerDefinition(): EntityDefinition {
  const customer = demoManifest().entities.find((e) => e.name === CUSTOMER_ENTITY);
  if (!customer) throw new Error('the demo manifest has no Customer entity');
  return customer;
}

function customerAttributes(): AttributeMetadata[] {
  return customerDefinition().attributes.map((a) => ({ name: a.name, displayName: a.displayName ?? a.name, type: a.type, nullable: a.nullable ?? true }));
}

export function instanceManifest(): InstanceManifest {
  const dataSource: DataSourceDefinition = { name: DATA_SOURCE, kind: 'cdm', location: DATA_SOURCE_LOCATION, entities: [{ name: CUSTOMER_ENTITY }] };
  return {
    name: INSTANCE,
    displayName: 'Partition benchmark',
    searchIndex: demoManifest().searchIndex,
    entities: [wideEntityDefinition(), customerDefinition()],
    dataSources: [dataSource],
  };
}

const TYPES = ['WebVisit', 'Purchase', 'EmailOpen', 'EmailClick', 'SupportCase', 'StoreVisit', 'AppSession', 'Return'];
const CHANNELS = ['Web', 'Mobile app', 'Store', 'Call center', 'Email', 'Partner, reseller'];
const WORDS = (
  'account basket blue bundle cart checkout coffee delivery discount express garden gift green invoice jacket kitchen ' +
  'lamp large loyalty member monthly newsletter order outdoor parcel premium priority refund return running sale ' +
  'shipping shoes small sneaker spring standard store subscription summer support table ticket upgrade voucher ' +
  'warranty wallet weekly winter wireless yellow'
).split(' ');
const FIRST = ['anna', 'ben', 'carla', 'david', 'eva', 'felix', 'greta', 'hugo', 'ines', 'jonas', 'karla', 'leon', 'mia', 'noah'];
const LAST = ['meyer', 'schmidt', 'garcia', 'rossi', 'dubois', 'nowak', 'jensen', 'silva', 'novak', 'smith', 'tanaka'];
const TIME_FROM = Date.UTC(2021, 0, 1);
const TIME_SPAN = Date.UTC(2025, 11, 31) - TIME_FROM;

/** Rows in attribute order until `targetBytes` of CSV (LF-terminated, as writePartition writes them); counts both. */
class WideRows implements Iterable<CsvValue[]> {
  bytes = 0;
  rows = 0;

  constructor(private readonly targetBytes: number) {}

  *[Symbol.iterator](): Iterator<CsvValue[]> {
    const random = mulberry32(WIDE_SEED);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(list: readonly T[]) => list[int(list.length)];
    const hex = (digits: number) => (random() * 2 ** 32 >>> 0).toString(16).padStart(8, '0').slice(0, digits);
    const words = (n: number) => {
      let text = pick(WORDS);
      for (let i = 1; i < n; i++) text += (int(7) === 0 ? ', ' : ' ') + pick(WORDS);
      return text;
    };
    while (this.bytes < this.targetBytes) {
      const type = pick(TYPES);
      const time = new Date(TIME_FROM + int(TIME_SPAN)).toISOString();
      const customer = int(1_000_000);
      let description: string | null = words(14 + int(12));
      if (int(10) === 0) description = `${description} "${words(2)}" ${words(3)}`;
      if (int(8) === 0) description = null;
      const row: CsvValue[] = [
        `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(8)}${hex(4)}`,
        `CUST-${String(customer).padStart(9, '0')}`,
        type,
        time,
        int(3) === 0 ? `${type} #${int(100_000)}, ${1 + int(9)} items` : `${type} ${words(3)}`,
        description,
        Math.round(random() * 1_000_000) / 100,
        1 + int(50),
        int(2) === 0,
        pick(CHANNELS),
        time.slice(0, 10),
        int(20) === 0 ? 9_007_199_254_740_993n + BigInt(int(1_000_000)) : int(1_000_000_000_000),
        `https://shop.example.com/${pick(WORDS)}/${pick(WORDS)}/p/${int(1_000_000)}?ref=${pick(WORDS)}`,
        int(10) === 0 ? null : `${pick(FIRST)}.${pick(LAST)}${int(1000)}@example.com`,
      ];
      // ASCII only: characters = bytes.
      this.bytes += encodeCsvRecord(row, CDM_CSV).length + 1;
      this.rows++;
      yield row;
    }
  }
}

/** Everything the benchmark reads, generated now unless it is there already. */
export async function ensureBenchData(
  dataDir: string,
  options: { readonly sizeMib: number; readonly importRows: number; readonly wide: boolean; readonly import: boolean },
): Promise<{ wide?: WideData; import?: ImportData }> {
  const lakeRoot = join(dataDir, 'lake');
  mkdirSync(join(dataDir, 'instances'), { recursive: true });
  mkdirSync(lakeRoot, { recursive: true });
  const lake = new LocalFolderLake(lakeRoot);
  const stateFile = join(dataDir, 'generated.json');
  const state = readState(stateFile);
  const save = () => writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);

  let wide: WideData | undefined;
  if (options.wide) {
    wide = state.wide;
    if (wide && wide.sizeMib === options.sizeMib && sizeIs(wide.file, wide.bytes) && existsSync(`${wide.file}.boundaries`)) {
      say(`   reusing ${fmt(wide.bytes / 2 ** 20, 1)} MiB partition (${fmt(wide.rows)} rows) in ${wide.file}`);
    } else {
      const lakePath = joinLakePath(INSTANCE, WIDE_ENTITY, `${WIDE_PARTITION}.csv`);
      say(`   generating the ${fmt(options.sizeMib)} MiB ${WIDE_ENTITY} partition (once; reused by later runs) …`);
      const started = performance.now();
      const rows = new WideRows(options.sizeMib * 2 ** 20);
      const written = await writePartition(lake, { path: lakePath, format: CDM_CSV }, wideAttributes(), rows);
      if (written.object.size !== rows.bytes || written.rows !== rows.rows) {
        throw new Error(`generated ${rows.rows} rows / ${rows.bytes} bytes but the partition has ${written.rows} rows / ${written.object.size} bytes`);
      }
      const generatedMs = Math.round(performance.now() - started);
      wide = { sizeMib: options.sizeMib, file: join(lakeRoot, ...lakePath.split('/')), lakePath, bytes: written.object.size, rows: written.rows, generatedMs };
      state.wide = wide;
      save();
      say(`   wrote ${fmt(wide.bytes / 2 ** 20, 1)} MiB, ${fmt(wide.rows)} rows (${fmt(wide.bytes / wide.rows)} bytes/row) in ${fmt(generatedMs / 1000, 1)} s`);
    }
    await writeInstanceModel(lake, wide);
  }

  let imported: ImportData | undefined;
  if (options.import) {
    imported = state.import;
    const root = join(lakeRoot, INSTANCE, ...DATA_SOURCE_LOCATION.split('/'));
    if (imported && imported.rows === options.importRows && imported.partitions.every((p) => sizeIs(join(lakeRoot, ...p.lakePath.split('/')), p.bytes)) && existsSync(join(root, 'model.json'))) {
      say(`   reusing the CDM folder of ${fmt(imported.rows)} Customer rows (${fmt(imported.bytes / 2 ** 20, 1)} MiB in ${imported.partitions.length} partitions)`);
    } else {
      imported = await writeImportFolder(lake, options.importRows);
      state.import = imported;
      save();
    }
  }
  writeFileSync(join(dataDir, 'instances', `${INSTANCE}.json`), `${JSON.stringify(instanceManifest(), null, 2)}\n`);
  return { ...(wide ? { wide } : {}), ...(imported ? { import: imported } : {}) };
}

/** `<lake>/bench/model.json` with WideActivity's partition; the other entities' (Customer's export) are kept. */
async function writeInstanceModel(lake: LocalFolderLake, wide: WideData): Promise<void> {
  const path = joinLakePath(INSTANCE, 'model.json');
  const text = await lake.readText(path);
  const current: CdmFolder = text === undefined ? { name: INSTANCE, entities: [] } : parseModelJson(text, path);
  const entity: CdmEntity = {
    name: WIDE_ENTITY,
    attributes: WIDE_ATTRIBUTES.map(([name, type]) => ({ name, type })),
    // Relative to the model's folder, as CDM readers (and the gateway) resolve it.
    partitions: [{ name: WIDE_PARTITION, location: wide.lakePath.slice(INSTANCE.length + 1), format: CDM_CSV }],
  };
  const next: CdmFolder = { name: current.name, entities: [...current.entities.filter((e) => e.name !== WIDE_ENTITY), entity] };
  const written = writeModelJson(next, { application: 'insights-gateway bench' });
  if (written !== text) await lake.write(path, written);
}

/** The CDM folder `crm`: model.json and IMPORT_PARTITIONS headerless Customer partitions from the demo generator. */
async function writeImportFolder(lake: LocalFolderLake, rows: number): Promise<ImportData> {
  say(`   generating a CDM folder of ${fmt(rows)} Customer rows (demo generator, ${IMPORT_PARTITIONS} headerless partitions; once) …`);
  const started = performance.now();
  const folder = joinLakePath(INSTANCE, DATA_SOURCE_LOCATION);
  const customers = generateDemoData({ customers: rows }).entity(CUSTOMER_ENTITY);
  const attributes = customerAttributes();
  const partitions: { lakePath: string; bytes: number; rows: number; location: string; name: string }[] = [];
  for (let p = 0; p < IMPORT_PARTITIONS; p++) {
    const from = Math.floor((rows * p) / IMPORT_PARTITIONS);
    const to = Math.floor((rows * (p + 1)) / IMPORT_PARTITIONS);
    const name = `${CUSTOMER_ENTITY}-part-${String(p).padStart(5, '0')}`;
    const location = `${CUSTOMER_ENTITY}/${name}.csv`;
    const lakePath = joinLakePath(folder, location);
    const written = await writePartition(lake, { path: lakePath, format: CDM_CSV }, attributes, customers.rows({ from, to }));
    if (written.rows !== to - from) throw new Error(`${lakePath}: ${written.rows} rows written, ${to - from} expected`);
    partitions.push({ lakePath, bytes: written.object.size, rows: written.rows, location, name });
  }
  const model: CdmFolder = {
    name: DATA_SOURCE,
    entities: [
      {
        name: CUSTOMER_ENTITY,
        attributes: attributes.map((a) => ({ name: a.name, type: a.type })),
        partitions: partitions.map((p) => ({ name: p.name, location: p.location, format: CDM_CSV })),
      },
    ],
  };
  await lake.write(joinLakePath(folder, 'model.json'), writeModelJson(model, { application: 'insights-gateway bench' }));
  const bytes = partitions.reduce((sum, p) => sum + p.bytes, 0);
  const generatedMs = Math.round(performance.now() - started);
  say(`   wrote ${fmt(bytes / 2 ** 20, 1)} MiB in ${fmt(generatedMs / 1000, 1)} s`);
  return { rows, partitions: partitions.map(({ lakePath, bytes: b, rows: r }) => ({ lakePath, bytes: b, rows: r })), bytes, generatedMs };
}

function readState(file: string): Generated {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Generated;
    if (state.version === GENERATOR_VERSION) return state;
  } catch {
    // none yet, or unreadable: generate
  }
  return { version: GENERATOR_VERSION };
}

function sizeIs(file: string, bytes: number): boolean {
  try {
    return statSync(file).size === bytes;
  } catch {
    return false;
  }
}
