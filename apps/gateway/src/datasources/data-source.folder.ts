import { CdmAttribute, CdmError, CdmFolder, cdmFolderKind, parseCdmManifest, parseModelJson } from '@app/cdm';
import { joinLakePath, Lake, LakePathError } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import type { PartitionFile } from '@app/partitions';
import type { DataSourceDefinition } from '@app/storage';

/** One entity of a data source, with its partitions resolved to lake paths. */
export interface SourceEntity {
  readonly name: string;
  /** Column names in file order (for headerless partitions). */
  readonly columns: readonly CdmAttribute[];
  readonly partitions: readonly PartitionFile[];
}

/** The lake folder of a data source: `<instance>/<location>`. */
export function dataSourcePath(instance: string, source: DataSourceDefinition): string {
  return joinLakePath(instance, source.location);
}

/**
 * Reads what a data source holds: a CDM folder (model.json, else one `*.manifest.cdm.json`)
 * or a single CSV file with a header row, which becomes one entity named after its target.
 */
export async function readDataSource(lake: Lake, instance: string, source: DataSourceDefinition, target?: EntityMetadata): Promise<SourceEntity[]> {
  const root = dataSourcePath(instance, source);
  if (source.kind === 'csv') {
    if (!(await lake.stat(root))) throw new CdmError(`data source '${source.name}': no file at '${source.location}' in the lake`);
    const columns = (target?.attributes ?? []).map((a) => ({ name: a.name, type: a.type }));
    return [{ name: source.entities?.[0]?.name ?? target?.name ?? source.name, columns, partitions: [{ path: root, format: { hasHeader: true, delimiter: ',', quote: '"' } }] }];
  }
  const folder = await readCdmFolder(lake, root, source);
  return Promise.all(
    folder.entities.map(async (entity) => ({
      name: entity.name,
      columns: entity.attributes,
      partitions: await Promise.all(
        entity.partitions.map(async (p) => ({ path: await partitionPath(lake, root, p.location, source), format: p.format })),
      ),
    })),
  );
}

async function readCdmFolder(lake: Lake, root: string, source: DataSourceDefinition): Promise<CdmFolder> {
  const all = (await lake.list(root)).map((o) => o.path.slice(root.length + 1));
  const files = all.filter((f) => !f.includes('/'));
  const kind = cdmFolderKind(files);
  if (kind === 'model.json') {
    const path = joinLakePath(root, 'model.json');
    return parseModelJson((await lake.readText(path)) ?? '', `${source.location}/model.json`);
  }
  if (kind === 'manifest') {
    const manifest = files.find((f) => f.endsWith('.manifest.cdm.json')) as string;
    const text = (await lake.readText(joinLakePath(root, manifest))) ?? '';
    return parseCdmManifest(text, `${source.location}/${manifest}`, (relative) => lake.readText(joinLakePath(root, relative)));
  }
  throw new CdmError(
    all.length === 0
      ? `data source '${source.name}': the folder '${source.location}' is empty or does not exist in the lake`
      : `data source '${source.name}': the folder '${source.location}' has no model.json and no single *.manifest.cdm.json (holds: ${[...new Set(all.map((f) => f.split('/')[0]))].join(', ')})`,
  );
}

/**
 * A partition location as written in the folder: a relative path, a location of this lake,
 * or an absolute URL from where the folder was exported (e.g. an ADLS URL); the latter is
 * found in the folder by the longest tail of its path that exists here.
 */
async function partitionPath(lake: Lake, root: string, location: string, source: DataSourceDefinition): Promise<string> {
  const own = lake.pathOf(location);
  if (own !== undefined && own.startsWith(`${root}/`)) return existing(lake, own, location, source);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(location)) return existing(lake, folderPath(root, location, source), location, source);
  let segments: string[];
  try {
    segments = new URL(location).pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw new CdmError(`data source '${source.name}': partition location '${location}' is not a URL or a relative path`);
  }
  for (let take = Math.min(segments.length, 4); take >= 1; take--) {
    let candidate: string;
    try {
      candidate = joinLakePath(root, ...segments.slice(-take));
    } catch {
      continue;
    }
    if (await lake.stat(candidate)) return candidate;
  }
  throw new CdmError(`data source '${source.name}': partition '${location}' is not in the folder '${source.location}' (looked for '${segments.slice(-2).join('/')}')`);
}

/** A location from the folder's own files: one that leaves the folder is bad data (422), not a bad request. */
function folderPath(root: string, location: string, source: DataSourceDefinition): string {
  try {
    return joinLakePath(root, location.replace(/^\.\//, ''));
  } catch (error) {
    if (error instanceof LakePathError) throw new CdmError(`data source '${source.name}': partition location '${location}' is not a path inside the folder`);
    throw error;
  }
}

async function existing(lake: Lake, path: string, location: string, source: DataSourceDefinition): Promise<string> {
  if (await lake.stat(path)) return path;
  throw new CdmError(`data source '${source.name}': partition '${location}' does not exist in the folder '${source.location}'`);
}
