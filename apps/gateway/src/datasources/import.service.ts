import { Inject, Injectable, Logger } from '@nestjs/common';
import { Lake } from '@app/lake';
import type { EntityMetadata } from '@app/odata';
import { CdmError } from '@app/cdm';
import { DataSourceDefinition, DataSourceEntityMapping, InstanceCatalog, NotFoundError, StagedLoad, StorageDriver, StorageErrorCode } from '@app/storage';
import { PartitionExportService } from '../partitions/partition-export.service';
import { ingestPartition } from './csv-ingest';
import { readDataSource, SourceEntity } from './data-source.folder';

export interface EntityImportResult {
  readonly entity: string;
  readonly rows: number;
  readonly partitions: number;
  readonly ignoredColumns: readonly string[];
}

export interface ImportResult {
  readonly dataSource: string;
  readonly entities: readonly EntityImportResult[];
  /** Parsing and loading the store, up to the commit. */
  readonly ingestMs: number;
  /** Writing the imported entities' partitions from the store afterwards. */
  readonly exportMs: number;
  readonly durationMs: number;
}

/** How far an import is with one entity, told after every batch of rows (the CLI's progress bars). */
export interface ImportProgress {
  readonly entity: string;
  readonly rows: number;
  readonly partitions: number;
  readonly partitionsDone: number;
}

interface ImportTarget {
  readonly source: SourceEntity;
  readonly entity: EntityMetadata;
}

/**
 * Ingests a data source into the store (§5 import): every partition of every mapped entity
 * streams through the partition scanner into a staged load, which replaces all of them at once. Any
 * failure — a bad folder, a bad value, a duplicate key, a crash — leaves the previous rows serving.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    @Inject(Lake) private readonly lake: Lake,
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly exports: PartitionExportService,
  ) {}


  /**
   * Imports of one instance run one after the other, in every replica: two loads of the same
   * entities would share staging tables.
   */
  importDataSource(instanceName: string, dataSourceName: string, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult> {
    return this.storage.coordination.exclusive(`import:${instanceName}`, () => this.importNow(instanceName, dataSourceName, onProgress));
  }

  private async importNow(instanceName: string, dataSourceName: string, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult> {
    const started = Date.now();
    const instance = await this.storage.getInstance(instanceName);
    if (!instance) throw new NotFoundError(StorageErrorCode.DatasetNotFound, `Dataset '${instanceName}' does not exist.`, instanceName);
    const source = instance.dataSources.find((d) => d.name.toLowerCase() === dataSourceName.toLowerCase());
    if (!source) {
      throw new NotFoundError(
        StorageErrorCode.DataSourceNotFound,
        `Dataset '${instance.name}' has no data source '${dataSourceName}'. Data sources: ${instance.dataSources.map((d) => d.name).join(', ') || 'none'}.`,
        dataSourceName,
      );
    }
    const targets = await this.targets(instance, source);
    const ignored = new Map(targets.map((t) => [t.entity.name, new Set<string>()]));
    const load = await this.storage.beginLoad(instance.name, targets.map((t) => t.entity));
    let counts: ReadonlyMap<string, number>;
    try {
      for (const target of targets) await this.ingest(load, source, target, ignored.get(target.entity.name) as Set<string>, onProgress);
      counts = await load.commit();
    } catch (error) {
      await load.abort();
      throw error;
    }
    const ingestMs = Date.now() - started;
    for (const { entity } of targets) await this.exports.exportEntity(instance.name, entity);
    const entities = targets.map(({ source: from, entity }) => ({
      entity: entity.name,
      rows: counts.get(entity.name) ?? 0,
      partitions: from.partitions.length,
      ignoredColumns: [...(ignored.get(entity.name) ?? [])],
    }));
    const durationMs = Date.now() - started;
    this.logger.log(`data source ${instance.name}/${source.name}: ${entities.map((e) => `${e.entity} ${e.rows} rows`).join(', ')} in ${durationMs} ms`);
    return { dataSource: source.name, entities, ingestMs, exportMs: durationMs - ingestMs, durationMs };
  }

  /** The mapped entities, or every folder entity the instance declares by name. */
  private async targets(instance: InstanceCatalog, source: DataSourceDefinition): Promise<ImportTarget[]> {
    const mappedTarget = source.kind === 'csv' ? instance.entities.find((e) => e.name === (source.entities?.[0]?.entity ?? source.entities?.[0]?.name)) : undefined;
    const folder = await readDataSource(this.lake, instance.name, source, mappedTarget);
    const byName = (name: string) => folder.find((e) => e.name.toLowerCase() === name.toLowerCase());
    const mappings: readonly DataSourceEntityMapping[] =
      source.entities ?? folder.filter((e) => instance.entities.some((i) => i.name === e.name)).map((e) => ({ name: e.name }));
    if (mappings.length === 0) {
      throw new CdmError(
        `data source '${source.name}' has entities ${folder.map((e) => e.name).join(', ') || '(none)'}, and instance '${instance.name}' declares none of them; declare them or map them with 'entities'`,
      );
    }
    return mappings.map((mapping) => {
      const found = source.kind === 'csv' ? folder[0] : byName(mapping.name);
      if (!found) throw new CdmError(`data source '${source.name}' has no entity '${mapping.name}' (entities: ${folder.map((e) => e.name).join(', ')})`);
      const entity = instance.entities.find((e) => e.name === (mapping.entity ?? mapping.name)) as EntityMetadata;
      return { source: found, entity };
    });
  }

  private async ingest(
    load: StagedLoad,
    source: DataSourceDefinition,
    { source: from, entity }: ImportTarget,
    ignored: Set<string>,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<void> {
    const columns = from.columns.map((c) => c.name);
    const progress = { entity: entity.name, rows: 0, partitions: from.partitions.length, partitionsDone: 0 };
    onProgress?.({ ...progress });
    for (const partition of from.partitions) {
      const where = `data source '${source.name}', partition '${partition.path}'`;
      for await (const batch of ingestPartition(this.lake, partition, entity, columns, where, ignored)) {
        await load.append(entity, batch);
        progress.rows += batch.length;
        onProgress?.({ ...progress });
      }
      progress.partitionsDone++;
      onProgress?.({ ...progress });
    }
  }
}
