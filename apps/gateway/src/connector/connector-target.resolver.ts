import { Inject, Injectable } from '@nestjs/common';
import type { EntityMetadata } from '@app/odata';
import { Connection, grantsDataset, InstanceCatalog, NotFoundError, StorageDriver, StorageErrorCode } from '@app/storage';
import { ForbiddenError, GatewayErrorCode } from '../errors/gateway-errors';

/**
 * Finds the dataset and table a connector URL names (§3): segments arrive decoded once;
 * when that still holds `%xx` and matches nothing, they are decoded again (Power Apps
 * double-encodes). Tables match by logical name first, then by display name.
 */
@Injectable()
export class ConnectorTargetResolver {
  constructor(@Inject(StorageDriver) private readonly storage: StorageDriver) {}

  async dataset(connection: Connection, segment: string): Promise<InstanceCatalog> {
    const instance = await this.findInstance(segment);
    if (!instance) throw new NotFoundError(StorageErrorCode.DatasetNotFound, `Dataset '${segment}' does not exist.`, segment);
    if (!grantsDataset(connection, instance.name)) {
      throw new ForbiddenError(
        GatewayErrorCode.ForbiddenDataset,
        `Connection '${connection.id}' is not granted dataset '${instance.name}'.`,
        instance.name,
      );
    }
    return instance;
  }

  async table(connection: Connection, datasetSegment: string, tableSegment: string): Promise<{ instance: InstanceCatalog; entity: EntityMetadata }> {
    const instance = await this.dataset(connection, datasetSegment);
    const entity = findEntity(instance, tableSegment) ?? decodedAgain(tableSegment, (name) => findEntity(instance, name));
    if (!entity) {
      throw new NotFoundError(
        StorageErrorCode.TableNotFound,
        `Dataset '${instance.name}' has no entity '${tableSegment}'. Entities: ${instance.entities.map((e) => e.name).join(', ')}.`,
        tableSegment,
      );
    }
    return { instance, entity };
  }

  private async findInstance(segment: string): Promise<InstanceCatalog | undefined> {
    const direct = await this.storage.getInstance(segment);
    if (direct) return direct;
    const again = decodeAgain(segment);
    return again === undefined ? undefined : this.storage.getInstance(again);
  }
}

function findEntity(instance: InstanceCatalog, name: string): EntityMetadata | undefined {
  const lower = name.toLowerCase();
  return (
    instance.entities.find((e) => e.name === name) ??
    instance.entities.find((e) => e.displayName === name) ??
    instance.entities.find((e) => e.name.toLowerCase() === lower) ??
    instance.entities.find((e) => e.displayName.toLowerCase() === lower)
  );
}

function decodedAgain<T>(segment: string, find: (name: string) => T | undefined): T | undefined {
  const again = decodeAgain(segment);
  return again === undefined ? undefined : find(again);
}

function decodeAgain(segment: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(segment)) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
