import type { StorageDriver } from '@app/storage';
import type { PartitionExportService } from '../partitions/partition-export.service';

/**
 * Rewrites the partitions of every entity whose rows changed after its partitions were
 * written: an import commits first and writes partitions after, so a crash in between
 * would otherwise leave the partition routes serving the old rows; API writes since the last
 * refresh count too, and so do partitions whose columns no longer match the entity's
 * attributes. Entities never loaded, and partitions without a refresh time (written by
 * someone else), are left alone.
 */
export async function rewriteStalePartitions(storage: StorageDriver, exports: PartitionExportService): Promise<string[]> {
  const rewritten: string[] = [];
  for (const instance of await storage.listInstances()) {
    for (const entity of instance.entities) {
      if ((await storage.entityStats(instance.name, entity)).modifiedTime === undefined) continue;
      if (await exports.isCurrent(instance.name, entity)) continue;
      await exports.exportEntity(instance.name, entity);
      rewritten.push(`${instance.name}/${entity.name}`);
    }
  }
  return rewritten;
}
