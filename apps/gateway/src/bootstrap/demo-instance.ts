import { Logger } from '@nestjs/common';
import { generateDemoData, DEMO_INSTANCE_NAME, DemoEntityData } from '@app/demo';
import type { EntityMetadata } from '@app/odata';
import { generateKey, StorageDriver } from '@app/storage';
import { pinAdminConnection } from './admin-connection';
import type { GatewayConfig } from '../config/gateway-config';

export const DEMO_ADMIN_ID = 'demo-admin';

export interface DemoStartup {
  /** The demo admin key, when this start created or pinned it (printed once). */
  readonly key?: string;
  readonly created: boolean;
}

const logger = new Logger('DemoInstance');

/**
 * Creates the generated demo instance on first start (§10). Each entity is loaded in
 * its own transaction and marked loaded, so an interrupted first start resumes with
 * the entities still missing; a restart on a loaded store reads no data.
 */
export async function ensureDemoInstance(storage: StorageDriver, config: GatewayConfig): Promise<DemoStartup> {
  const data = generateDemoData({ customers: config.DEMO_CUSTOMERS, seed: config.DEMO_SEED });
  const catalog = (await storage.getInstance(DEMO_INSTANCE_NAME)) ?? (await storage.applyManifest(data.manifest));
  const missing: { entity: EntityMetadata; source: DemoEntityData }[] = [];
  for (const entity of catalog.entities) {
    const source = data.entities.find((e) => e.name === entity.name);
    if (source && (await storage.entityStats(catalog.name, entity)).refreshTime === undefined) missing.push({ entity, source });
  }
  if (missing.length > 0) {
    await storage.bulkLoad(async () => {
      for (const { entity, source } of missing) {
        const started = Date.now();
        const rows = await storage.replaceRows(catalog.name, entity, source.rows());
        logger.log(`demo ${entity.name}: ${rows} rows in ${Date.now() - started} ms`);
      }
    });
  }
  return { ...(await ensureDemoAdmin(storage, config)), created: missing.length > 0 };
}

async function ensureDemoAdmin(storage: StorageDriver, config: GatewayConfig): Promise<{ key?: string }> {
  const exists = (await storage.findConnection(DEMO_ADMIN_ID)) !== undefined;
  if (exists && config.DEMO_API_KEY === undefined) return {};
  const key = config.DEMO_API_KEY ?? generateKey();
  await pinAdminConnection(storage, DEMO_ADMIN_ID, 'Demo administrator', key);
  return { key };
}
