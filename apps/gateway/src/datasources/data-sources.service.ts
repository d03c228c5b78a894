import { Inject, Injectable } from '@nestjs/common';
import { checkLakePath } from '@app/lake';
import { Connection, DataSourceDefinition, InstanceCatalog, NotFoundError, StorageDriver, StorageErrorCode } from '@app/storage';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import type { PutDataSourceDto } from './data-source.dto';
import { ImportResult, ImportService } from './import.service';

/** Data sources of the admin API (§6.4): kept in the instance manifest, imported on request. */
@Injectable()
export class DataSourcesService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly targets: ConnectorTargetResolver,
    private readonly imports: ImportService,
  ) {}

  async list(connection: Connection, dataset: string) {
    const instance = await this.targets.dataset(connection, dataset);
    return { value: instance.dataSources.map((d) => ({ name: d.name, ...describe(d) })) };
  }

  async put(connection: Connection, dataset: string, name: string, dto: PutDataSourceDto) {
    const instance = await this.targets.dataset(connection, dataset);
    checkLakePath(dto.location);
    const definition: DataSourceDefinition = {
      name,
      kind: dto.kind,
      location: dto.location,
      ...(dto.entities ? { entities: dto.entities.map((e) => ({ name: e.name, ...(e.entity ? { entity: e.entity } : {}) })) } : {}),
    };
    const others = instance.dataSources.filter((d) => d.name.toLowerCase() !== name.toLowerCase());
    await this.apply(instance, [...others, definition]);
    return { name, ...describe(definition) };
  }

  async remove(connection: Connection, dataset: string, name: string): Promise<void> {
    const instance = await this.targets.dataset(connection, dataset);
    const remaining = instance.dataSources.filter((d) => d.name.toLowerCase() !== name.toLowerCase());
    if (remaining.length === instance.dataSources.length) throw missing(instance, name);
    await this.apply(instance, remaining);
  }

  async import(connection: Connection, dataset: string, name: string): Promise<ImportResult> {
    const instance = await this.targets.dataset(connection, dataset);
    return this.imports.importDataSource(instance.name, name);
  }

  private async apply(instance: InstanceCatalog, dataSources: readonly DataSourceDefinition[]): Promise<void> {
    await this.storage.applyManifest({ ...instance.manifest, dataSources });
  }
}

function describe(d: DataSourceDefinition) {
  return { kind: d.kind, location: d.location, entities: d.entities ?? null };
}

function missing(instance: InstanceCatalog, name: string): NotFoundError {
  return new NotFoundError(StorageErrorCode.DataSourceNotFound, `Dataset '${instance.name}' has no data source '${name}'.`, name);
}
