import { Inject, Injectable } from '@nestjs/common';
import { InstanceCatalog, SEGMENTS_ENTITY, StorageDriver } from '@app/storage';

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
    const rows = [];
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
    await this.storage.replaceRows(instance.name, entity, rows);
  }

  async syncAll(): Promise<void> {
    for (const instance of await this.storage.listInstances()) await this.sync(instance);
  }
}
