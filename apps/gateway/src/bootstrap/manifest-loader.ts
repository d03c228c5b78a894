import { Logger } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InstanceManifest, ManifestError, StorageDriver } from '@app/storage';

const logger = new Logger('ManifestLoader');

/**
 * A manifest file that declares `dataSources` owns them; one that does not keeps those
 * added through the admin API, which a restart must not forget.
 */
async function withStoredDataSources(storage: StorageDriver, manifest: InstanceManifest): Promise<InstanceManifest> {
  if (manifest.dataSources !== undefined || typeof manifest.name !== 'string') return manifest;
  const stored = await storage.getInstance(manifest.name);
  return stored && stored.dataSources.length > 0 ? { ...manifest, dataSources: stored.dataSources } : manifest;
}

/** Applies every `*.json` / `*.yaml` manifest in `dir` (§2); a bad file stops the boot with its name. */
export async function loadInstanceManifests(storage: StorageDriver, dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => ['.json', '.yaml', '.yml'].includes(extname(f).toLowerCase()))
    .sort();
  const loaded: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      const text = readFileSync(path, 'utf8');
      const manifest = (extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text)) as InstanceManifest;
      const catalog = await storage.applyManifest(await withStoredDataSources(storage, manifest));
      loaded.push(catalog.name);
      logger.log(`instance ${catalog.name} from ${file}: ${catalog.entities.length} entities`);
    } catch (error) {
      throw new ManifestError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return loaded;
}
