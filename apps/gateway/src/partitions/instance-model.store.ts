import { StorageDriver } from '@app/storage';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CdmEntity, CdmFolder, CdmPartition, parseModelJson, writeModelJson } from '@app/cdm';
import { joinLakePath, Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import type { PartitionFile } from '@app/partitions';

/** A partition as the routes serve it: where it is in the lake and what clients see. */
export interface EntityPartition {
  readonly name: string;
  readonly file: PartitionFile;
  /** What clients see and may pass back as `partitionUri`. */
  readonly location: string;
  readonly refreshTime?: string;
  /** The columns model.json gives the entity, in file order (a headerless file's layout). */
  readonly columns: readonly string[];
}

/**
 * Each instance's CDM folder description, `<instance>/model.json` in the lake (§5): the
 * entities and their partitions. Kept in memory by etag; writes to one instance are
 * serialised (across replicas, by the store's lock) so two exports never drop each other's partitions.
 */
@Injectable()
export class InstanceModelStore {
  private readonly cache = new Map<string, { etag: string; folder: CdmFolder; checkedAt: number }>();
  private readonly logger = new Logger(InstanceModelStore.name);

  constructor(
    @Inject(Lake) private readonly lake: Lake,
    @Inject(StorageDriver) private readonly storage: StorageDriver,
  ) {}

  modelPath(instance: string): string {
    return joinLakePath(instance, 'model.json');
  }

  /** A model read less than this long ago is not checked again: one round trip less per call on Blob storage. */
  static readonly RECHECK_MS = 1000;

  async read(instance: string): Promise<CdmFolder | undefined> {
    const cached = this.cache.get(instance);
    if (cached && Date.now() - cached.checkedAt < InstanceModelStore.RECHECK_MS) return cached.folder;
    const path = this.modelPath(instance);
    const object = await this.lake.stat(path);
    if (!object) return undefined;
    if (cached && cached.etag === object.etag) {
      cached.checkedAt = Date.now();
      return cached.folder;
    }
    const text = await this.lake.readText(path);
    if (text === undefined) return undefined;
    const folder = parseModelJson(text, path);
    this.cache.set(instance, { etag: object.etag, folder, checkedAt: Date.now() });
    return folder;
  }

  /**
   * The location written into model.json for a partition: relative to the model's folder (as
   * CDM readers resolve it) on the local lake, the blob URL on Azure.
   */
  locationFor(instance: string, path: string): string {
    const prefix = `${instance}/`;
    return this.lake.kind === 'local' && path.startsWith(prefix) ? path.slice(prefix.length) : this.lake.locationOf(path);
  }

  async partitionsOf(instance: string, entity: EntityMetadata): Promise<EntityPartition[]> {
    const folder = await this.read(instance);
    const described = folder?.entities.find((e) => e.name === entity.name);
    const columns = (described?.attributes ?? []).map((a) => a.name);
    return (described?.partitions ?? []).flatMap((p) => this.toEntityPartition(instance, p, columns));
  }

  /** Replaces one entity's partitions in the model (other entities untouched). */
  async replaceEntity(instance: string, entity: EntityMetadata, partitions: readonly CdmPartition[]): Promise<void> {
    await this.storage.coordination.exclusive(`model.json:${instance}`, async () => {
      const current = (await this.read(instance)) ?? { name: instance, entities: [] };
      const described: CdmEntity = {
        name: entity.name,
        ...(entity.displayName !== entity.name ? { description: entity.displayName } : {}),
        attributes: entity.attributes.map((a) => ({ name: a.name, type: a.type })),
        partitions: [...partitions],
      };
      const others = current.entities.filter((e) => e.name !== entity.name);
      const next: CdmFolder = { name: current.name, entities: [...others, described] };
      await this.lake.write(this.modelPath(instance), writeModelJson(next, { application: 'Insights Gateway' }));
      this.cache.delete(instance);
    });
  }

  /** Relative locations are relative to the model's folder; absolute ones must be in this lake, under the instance. */
  private toEntityPartition(instance: string, partition: CdmPartition, columns: readonly string[]): EntityPartition[] {
    const path = isAbsoluteUri(partition.location)
      ? this.lake.pathOf(partition.location)
      : safeJoin(instance, partition.location.replace(/^\.\//, ''));
    if (path === undefined || !path.startsWith(`${instance}/`)) {
      this.logger.warn(`${instance}/model.json: partition '${partition.name}' at '${partition.location}' is outside the instance's lake folder; not served`);
      return [];
    }
    return [
      {
        name: partition.name,
        file: { path, format: partition.format },
        location: partition.location,
        columns,
        ...(partition.refreshTime ? { refreshTime: partition.refreshTime } : {}),
      },
    ];
  }
}

function isAbsoluteUri(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(location);
}

function safeJoin(instance: string, relative: string): string | undefined {
  try {
    return joinLakePath(instance, relative);
  } catch {
    return undefined;
  }
}
