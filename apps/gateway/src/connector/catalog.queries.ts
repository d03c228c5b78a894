import { Inject, Injectable } from '@nestjs/common';
import { Connection, grantsDataset, StorageDriver } from '@app/storage';
import { ConnectorTargetResolver } from './connector-target.resolver';
import { tableMetadata } from './table-metadata';

/** Read-only views of the catalog in the connector's shapes (§3.1). */
@Injectable()
export class CatalogQueries {
  static readonly DATASET_METADATA = {
    tabular: {
      source: 'mru',
      displayName: 'Instance',
      urlEncoding: 'double',
      tableDisplayName: 'Entity',
      tablePluralName: 'Entities',
    },
    blob: null,
  } as const;

  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly targets: ConnectorTargetResolver,
  ) {}

  async instances(connection: Connection) {
    const all = await this.storage.listInstances();
    return {
      value: all.filter((i) => grantsDataset(connection, i.name)).map((i) => ({ Name: i.name, DisplayName: i.displayName })),
    };
  }

  async tables(connection: Connection, dataset: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const value = await Promise.all(
      instance.entities.map(async (entity) => {
        const stats = await this.storage.entityStats(instance.name, entity);
        return {
          Name: entity.name,
          DisplayName: entity.displayName,
          DynamicProperties: {
            kind: entity.kind,
            rowCount: stats.rowCount,
            refreshTime: stats.refreshTime ?? null,
            filterableFields: [...entity.filterableFields],
            keyField: entity.key,
          },
        };
      }),
    );
    return { value };
  }

  async tableMetadata(connection: Connection, dataset: string, table: string) {
    const { entity } = await this.targets.table(connection, dataset, table);
    return tableMetadata(entity);
  }
}
