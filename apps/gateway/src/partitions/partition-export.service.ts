import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CdmPartition } from '@app/cdm';
import { joinLakePath, Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import { CDM_CSV, CsvValue, writePartition } from '@app/partitions';
import { StorageDriver } from '@app/storage';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { InstanceModelStore } from './instance-model.store';

/** Generations kept per entity: the new one, and the one a reader may still be looping through. */
const KEPT_GENERATIONS = 2;

/**
 * Writes an entity's partitions from the store (§3.1: system and derived entities' partitions
 * are rewritten from the store): headerless CDM CSV, as Customer Insights writes them, into a
 * new generation folder; then the model points at it; then generations before the previous go.
 */
@Injectable()
export class PartitionExportService {
  private readonly logger = new Logger(PartitionExportService.name);

  constructor(
    @Inject(Lake) private readonly lake: Lake,
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly models: InstanceModelStore,
  ) {}

  async exportEntity(instance: string, entity: EntityMetadata): Promise<readonly CdmPartition[]> {
    const started = Date.now();
    const refreshTime = new Date().toISOString();
    const generation = `g${refreshTime.replace(/[-:.]/g, '')}`;
    const partitions: CdmPartition[] = [];
    const rows = rowsOf(this.storage.scanRows(entity))[Symbol.asyncIterator]();
    let next = await rows.next();
    const limit = this.config.PARTITION_MAX_ROWS;
    // One file per PARTITION_MAX_ROWS rows; an empty entity still gets one (empty) partition.
    do {
      const name = `${entity.name}-part-${String(partitions.length).padStart(5, '0')}`;
      const path = joinLakePath(instance, entity.name, generation, `${name}.csv`);
      const slice = async function* (): AsyncIterable<readonly CsvValue[]> {
        for (let written = 0; !next.done && written < limit; written++) {
          yield next.value;
          next = await rows.next();
        }
      };
      await writePartition(this.lake, { path, format: CDM_CSV }, entity.attributes, slice());
      partitions.push({ name, location: this.models.locationFor(instance, path), refreshTime, format: CDM_CSV });
    } while (!next.done);
    await this.models.replaceEntity(instance, entity, partitions);
    await this.dropOldGenerations(instance, entity, generation);
    this.logger.log(`partitions of ${instance}/${entity.name}: ${partitions.length} in ${Date.now() - started} ms`);
    return partitions;
  }

  /**
   * Whether the entity's partitions hold its rows as they are: written after the rows last
   * changed (a load, or any API write), in the entity's current columns. Partitions without a
   * refresh time were written by someone else and count as current.
   */
  async isCurrent(instance: string, entity: EntityMetadata): Promise<boolean> {
    const partitions = await this.models.partitionsOf(instance, entity);
    if (partitions.length === 0) return false;
    const columns = entity.attributes.map((a) => a.name).join(',');
    if (partitions.some((p) => p.refreshTime !== undefined && p.columns.join(',') !== columns)) return false;
    const modified = (await this.storage.entityStats(instance, entity)).modifiedTime;
    if (modified === undefined) return true;
    const written = Math.max(...partitions.map((p) => (p.refreshTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(p.refreshTime))));
    return written >= Date.parse(modified);
  }

  private async dropOldGenerations(instance: string, entity: EntityMetadata, current: string): Promise<void> {
    const folder = joinLakePath(instance, entity.name);
    const objects = await this.lake.list(folder);
    const generations = [...new Set(objects.map((o) => o.path.slice(folder.length + 1).split('/')[0]))].filter((g) => /^g\d/.test(g));
    const stale = generations.filter((g) => g !== current).sort().reverse().slice(KEPT_GENERATIONS - 1);
    for (const object of objects) {
      if (stale.includes(object.path.slice(folder.length + 1).split('/')[0])) await this.lake.delete(object.path);
    }
  }
}

async function* rowsOf<T>(batches: AsyncIterable<readonly T[]>): AsyncIterable<T> {
  for await (const batch of batches) yield* batch;
}
