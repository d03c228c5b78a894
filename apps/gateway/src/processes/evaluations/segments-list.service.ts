import { Inject, Injectable } from '@nestjs/common';
import type { EntityMetadata } from '@app/odata';
import { InstanceCatalog, ItemValue, SEGMENTS_ENTITY, StorageDriver } from '@app/storage';

/**
 * Keeps the read-only `Segments` entity (§6.3) equal to the instance's segment definitions
 * and their latest evaluations. It is small (one row per segment), so it is rewritten whole.
 */
@Injectable()
export class SegmentsListService {
  constructor(@Inject(StorageDriver) private readonly storage: StorageDriver) {}

  async sync(instance: InstanceCatalog): Promise<void> {
    const entity = instance.entities.find((e) => e.name === SEGMENTS_ENTITY && e.derived);
    if (!entity) return;
    const rows: ItemValue[][] = [];
    for (const segment of instance.manifest.segments ?? []) {
      const latest = await this.storage.processes.latestEvaluation(instance.name, 'segment', segment.name);
      rows.push([
        segment.name,
        segment.displayName ?? segment.name,
        segment.filter,
        segment.state ?? 'active',
        latest?.value ?? null,
        latest?.evaluatedAt ?? null,
      ]);
    }
    // Start-up syncs every instance: unchanged rows are not written again (nor, then, their partitions).
    if (sameRows(await this.currentRows(entity), rows)) return;
    await this.storage.replaceRows(instance.name, entity, rows);
  }

  private async currentRows(entity: EntityMetadata): Promise<(readonly ItemValue[])[]> {
    const rows: (readonly ItemValue[])[] = [];
    for await (const batch of this.storage.scanRows(entity)) rows.push(...batch);
    return rows;
  }

  async syncAll(): Promise<void> {
    for (const instance of await this.storage.listInstances()) await this.sync(instance);
  }
}

/** Rows come back from the store in key (Name) order. */
function sameRows(stored: readonly (readonly ItemValue[])[], wanted: readonly (readonly ItemValue[])[]): boolean {
  const sorted = [...wanted].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  return stored.length === sorted.length && stored.every((row, i) => row.length === sorted[i].length && row.every((value, j) => sameValue(value, sorted[i][j])));
}

/** An Int64 may come back as a bigint: compare by text, but null only with null. */
function sameValue(a: ItemValue, b: ItemValue): boolean {
  return a === b || (a !== null && b !== null && String(a) === String(b));
}
