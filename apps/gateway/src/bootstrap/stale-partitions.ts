import type { StorageDriver } from '@app/storage';
import type { InstanceModelStore } from '../partitions/instance-model.store';
import type { PartitionExportService } from '../partitions/partition-export.service';

/**
 * Rewrites the partitions of every entity whose rows changed after its partitions were
 * written: an import commits first and writes partitions after, so a crash in between
 * would otherwise leave the partition routes serving the old rows until the next import.
 * The same goes for partitions whose columns no longer match the entity's attributes. Entities
 * never loaded, and partitions without a refresh time (written by someone else), are left alone.
 */
export async function rewriteStalePartitions(storage: StorageDriver, models: InstanceModelStore, exports: PartitionExportService): Promise<string[]> {
  const rewritten: string[] = [];
  for (const instance of await storage.listInstances()) {
    for (const entity of instance.entities) {
      const loaded = (await storage.entityStats(instance.name, entity)).refreshTime;
      if (loaded === undefined) continue;
      const partitions = await models.partitionsOf(instance.name, entity);
      const written = partitions.map((p) => (p.refreshTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(p.refreshTime)));
      // A manifest that added or moved attributes makes the gateway's own partitions stale too.
      const reshaped = partitions.some((p) => p.refreshTime !== undefined && p.columns.join(',') !== entity.attributes.map((a) => a.name).join(','));
      if (partitions.length > 0 && Math.max(...written) >= Date.parse(loaded) && !reshaped) continue;
      await exports.exportEntity(instance.name, entity);
      rewritten.push(`${instance.name}/${entity.name}`);
    }
  }
  return rewritten;
}
