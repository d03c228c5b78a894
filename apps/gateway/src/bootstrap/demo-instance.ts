import { Logger } from '@nestjs/common';
import { writeModelJson } from '@app/cdm';
import { generateDemoData, DEMO_INSTANCE_NAME, DEMO_POS_DATA_SOURCE, DemoData, DemoEntityName } from '@app/demo';
import { joinLakePath, Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import { writePartition } from '@app/partitions';
import { generateKey, InstanceCatalog, StorageDriver } from '@app/storage';
import { pinAdminConnection } from './admin-connection';
import type { GatewayConfig } from '../config/gateway-config';
import type { ImportService } from '../datasources/import.service';

export const DEMO_ADMIN_ID = 'demo-admin';

export interface DemoStartup {
  /** The demo admin key, when this start created or pinned it (printed once). */
  readonly key?: string;
  readonly created: boolean;
}

/** What the demo needs besides the store: it fills the lake as a real instance's would be. */
export interface DemoServices {
  readonly storage: StorageDriver;
  readonly lake: Lake;
  readonly imports: ImportService;
}

const logger = new Logger('DemoInstance');

/**
 * Creates the generated demo instance on first start (§10). The profile, activities and
 * measures load straight from the generator; PosPurchases is written to the lake as a CDM
 * folder (with a header row, as source systems export) and imported like any data source.
 * Each step is marked done when it commits, so an interrupted first start resumes with what
 * is missing, and a restart on a complete store reads no data. Partitions are written after
 * this, by the start-up step that rewrites every entity's stale partitions.
 */
export async function ensureDemoInstance(services: DemoServices, config: GatewayConfig): Promise<DemoStartup> {
  const { storage } = services;
  const data = generateDemoData({ customers: config.DEMO_CUSTOMERS, seed: config.DEMO_SEED });
  const catalog = (await storage.getInstance(DEMO_INSTANCE_NAME)) ?? (await storage.applyManifest(data.manifest));
  const created = await loadGeneratedEntities(storage, catalog, data);
  const pos = catalog.entities.find((e) => e.name === DemoEntityName.PosPurchases);
  if (pos && (await storage.entityStats(catalog.name, pos)).refreshTime === undefined) {
    await writePosDataSource(services.lake, catalog, pos, data);
    await services.imports.importDataSource(catalog.name, DEMO_POS_DATA_SOURCE);
  }
  return { ...(await ensureDemoAdmin(storage, config)), created: created || pos !== undefined };
}

async function loadGeneratedEntities(storage: StorageDriver, catalog: InstanceCatalog, data: DemoData): Promise<boolean> {
  const missing: EntityMetadata[] = [];
  for (const entity of catalog.entities) {
    if (entity.kind === 'source') continue;
    if ((await storage.entityStats(catalog.name, entity)).refreshTime === undefined) missing.push(entity);
  }
  if (missing.length === 0) return false;
  await storage.bulkLoad(async () => {
    for (const entity of missing) {
      const started = Date.now();
      const rows = await storage.replaceRows(catalog.name, entity, data.entity(entity.name as DemoEntityName).rows());
      logger.log(`demo ${entity.name}: ${rows} rows in ${Date.now() - started} ms`);
    }
  });
  return true;
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
