import { Logger } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InstanceManifest, ManifestError, StorageDriver } from '@app/storage';

const logger = new Logger('ManifestLoader');

/** The parts of a manifest the admin API edits (§6.4). */
const ADMIN_EDITED = ['dataSources', 'segments', 'measures', 'schedule', 'reports'] as const;

/**
 * A manifest file that declares one of the admin-edited parts owns it; one that does not keeps
 * what was set through the admin API, which a restart must not forget.
 */
async function withAdminEdits(storage: StorageDriver, manifest: InstanceManifest): Promise<InstanceManifest> {
  if (typeof manifest.name !== 'string') return manifest;
  const stored = (await storage.getInstance(manifest.name))?.manifest;
  if (!stored) return manifest;
  const kept = Object.fromEntries(ADMIN_EDITED.filter((part) => manifest[part] === undefined && stored[part] !== undefined).map((part) => [part, stored[part]]));
  return { ...stored, ...manifest, ...kept, entities: manifest.entities, searchIndex: manifest.searchIndex };
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
      const catalog = await storage.applyManifest(await withAdminEdits(storage, manifest));
      loaded.push(catalog.name);
      logger.log(`instance ${catalog.name} from ${file}: ${catalog.entities.length} entities`);
    } catch (error) {
      throw new ManifestError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return loaded;
}
