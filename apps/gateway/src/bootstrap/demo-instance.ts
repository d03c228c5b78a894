import { Logger } from '@nestjs/common';
import { writeModelJson } from '@app/cdm';
import { generateDemoData, DEMO_INSTANCE_NAME, DEMO_POS_DATA_SOURCE, DemoData, DemoEntityName } from '@app/demo';
import { joinLakePath, Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import { writePartition } from '@app/partitions';
import { generateKey, InstanceCatalog, StorageDriver } from '@app/storage';
import { pinAdminConnection } from './admin-connection';
import type { GatewayConfig } from '../config/gateway-config';

export const DEMO_ADMIN_ID = 'demo-admin';

export interface DemoStartup {
  /** The demo admin key, when this start created or pinned it (printed once). */
  readonly key?: string;
  readonly created: boolean;
  /** The entities this call loaded, with their rows (none on a restart of a complete store). */
  readonly loaded: readonly { readonly entity: string; readonly rows: number }[];
}

/** What `insights-gateway demo generate` asks for beyond what a first start does. */
export interface DemoLoadOptions {
  /** Load every generated entity again, not only those never loaded (the demo generated anew). */
  readonly regenerate?: boolean;
  /** Told each entity's rows written so far, every {@link ROWS_PER_REPORT} rows and at its end. */
  readonly onRows?: (entity: string, rows: number, total: number) => void;
}

const ROWS_PER_REPORT = 5_000;

const logger = new Logger('DemoInstance');

/**
 * Creates the generated demo instance on first start (§10): every entity loads straight from
 * the generator, each in its own transaction and marked loaded, so an interrupted first start
 * resumes with what is missing, and a restart on a complete store reads no data. The lake side
 * (the PosSystem data source folder, every entity's partitions) follows once the gateway
 * serves: {@link ensureDemoDataSources} and the stale-partition step.
 */
export async function ensureDemoInstance(storage: StorageDriver, config: GatewayConfig, options: DemoLoadOptions = {}): Promise<DemoStartup> {
  const data = generateDemoData({ customers: config.DEMO_CUSTOMERS, seed: config.DEMO_SEED });
  const catalog = (await storage.getInstance(DEMO_INSTANCE_NAME)) ?? (await storage.applyManifest(data.manifest));
  const loaded = await loadGeneratedEntities(storage, catalog, data, options);
  return { ...(await ensureDemoAdmin(storage, config)), created: loaded.length > 0, loaded };
}

/**
 * Writes the demo's data source as a CDM folder in the lake, as a point-of-sale system would
 * export it (with a header row), unless it is there: `POST …/datasources/PosSystem/import`
 * then re-imports PosPurchases from it like any data source.
 */
export async function ensureDemoDataSources(storage: StorageDriver, lake: Lake, config: GatewayConfig, options: { readonly rewrite?: boolean } = {}): Promise<void> {
  const catalog = await storage.getInstance(DEMO_INSTANCE_NAME);
  const pos = catalog?.entities.find((e) => e.name === DemoEntityName.PosPurchases);
  if (!catalog || !pos) return;
  if (!options.rewrite && (await lake.stat(joinLakePath(catalog.name, 'datasources', DEMO_POS_DATA_SOURCE, 'model.json')))) return;
  const started = Date.now();
  await writePosDataSource(lake, catalog, pos, generateDemoData({ customers: config.DEMO_CUSTOMERS, seed: config.DEMO_SEED }));
  logger.log(`demo data source ${DEMO_POS_DATA_SOURCE}: written to the lake in ${Date.now() - started} ms`);
}

async function loadGeneratedEntities(storage: StorageDriver, catalog: InstanceCatalog, data: DemoData, options: DemoLoadOptions): Promise<DemoStartup['loaded']> {
  const missing: EntityMetadata[] = [];
  // Segment members and the Segments list are made by evaluations, not by the generator.
  for (const entity of catalog.entities.filter((e) => e.kind !== 'segment' && !e.derived)) {
    if (options.regenerate || (await storage.entityStats(catalog.name, entity)).refreshTime === undefined) missing.push(entity);
  }
  const loaded: { entity: string; rows: number }[] = [];
  if (missing.length === 0) return loaded;
  await storage.bulkLoad(async () => {
    for (const entity of missing) {
      const started = Date.now();
      const generated = data.entity(entity.name as DemoEntityName);
      const onRows = options.onRows;
      const source = onRows ? counted(generated.rows(), (n) => onRows(entity.name, n, generated.rowCount)) : generated.rows();
      const rows = await storage.replaceRows(catalog.name, entity, source);
      onRows?.(entity.name, rows, generated.rowCount);
      loaded.push({ entity: entity.name, rows });
      logger.log(`demo ${entity.name}: ${rows} rows in ${Date.now() - started} ms`);
    }
  });
  return loaded;
}

function* counted<T>(rows: Iterable<T>, report: (rows: number) => void): Iterable<T> {
  let n = 0;
  for (const row of rows) {
    yield row;
    if (++n % ROWS_PER_REPORT === 0) report(n);
  }
}

/** `<lake>/demo/datasources/PosSystem/`: model.json and one partition with a header row. */
async function writePosDataSource(lake: Lake, catalog: InstanceCatalog, pos: EntityMetadata, data: DemoData): Promise<void> {
  const folder = joinLakePath(catalog.name, 'datasources', DEMO_POS_DATA_SOURCE);
  const file = { path: joinLakePath(folder, pos.name, `${pos.name}-part-00000.csv`), format: { hasHeader: true, delimiter: ',', quote: '"' } };
  await writePartition(lake, file, pos.attributes, data.entity(DemoEntityName.PosPurchases).rows());
  const model = {
    name: DEMO_POS_DATA_SOURCE,
    entities: [
      {
        name: pos.name,
        description: pos.displayName,
        attributes: pos.attributes.map((a) => ({ name: a.name, type: a.type })),
        partitions: [{ name: `${pos.name}-part-00000`, location: `${pos.name}/${pos.name}-part-00000.csv`, refreshTime: new Date().toISOString(), format: file.format }],
      },
    ],
  };
  await lake.write(joinLakePath(folder, 'model.json'), writeModelJson(model, { application: 'Insights Gateway demo' }));
}

async function ensureDemoAdmin(storage: StorageDriver, config: GatewayConfig): Promise<{ key?: string }> {
  const exists = (await storage.findConnection(DEMO_ADMIN_ID)) !== undefined;
  if (exists && config.DEMO_API_KEY === undefined) return {};
  const key = config.DEMO_API_KEY ?? generateKey();
  await pinAdminConnection(storage, DEMO_ADMIN_ID, 'Demo administrator', key);
  return { key };
}
