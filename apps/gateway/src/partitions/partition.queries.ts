import { Inject, Injectable } from '@nestjs/common';
import { Lake } from '@app/lake';
import type { AttributeMetadata, EntityMetadata } from '@app/odata';
import { PartitionDataError, readPartitionData } from '@app/partitions';
import type { Connection } from '@app/storage';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import { PartitionNotFoundError } from '../errors/gateway-errors';
import { EntityPartition, InstanceModelStore } from './instance-model.store';
import { parsePartitionDataRequest } from './partition-data.request';
import { PartitionDataWriter } from './partition-data.writer';

/** A partition in the connector's `Table` shape (§3.1). */
export interface PartitionTable {
  readonly Name: string;
  readonly DisplayName: string;
  readonly DynamicProperties: {
    readonly location: string;
    readonly refreshTime: string | null;
    readonly hasHeader: boolean;
    readonly size: number | null;
    readonly format: 'csv';
  };
}

/** The three partition routes of §3.1, over each instance's model.json (§5). */
@Injectable()
export class PartitionQueries {
  constructor(
    @Inject(Lake) private readonly lake: Lake,
    private readonly targets: ConnectorTargetResolver,
    private readonly models: InstanceModelStore,
  ) {}

  async list(connection: Connection, dataset: string, table: string): Promise<PartitionTable[]> {
    const { instance, entity } = await this.targets.table(connection, dataset, table);
    const partitions = await this.models.partitionsOf(instance.name, entity);
    return Promise.all(partitions.map((p) => this.describe(p)));
  }

  /** V2: the header of §5 and the partitions whose name equals `displayName` (any case). */
  async listV2(connection: Connection, dataset: string, table: string, displayName: string | undefined) {
    const { instance, entity } = await this.targets.table(connection, dataset, table);
    const all = await this.models.partitionsOf(instance.name, entity);
    const wanted = displayName === undefined || displayName === '' ? all : all.filter((p) => p.name.toLowerCase() === displayName.toLowerCase());
    return {
      Header: entity.attributes.map((a) => a.name).join(','),
      Partitions: await Promise.all(wanted.map((p) => this.describe(p))),
    };
  }

  /** The response body, in buffers (see {@link PartitionDataWriter}). */
  async data(connection: Connection, dataset: string, table: string, url: string): Promise<Buffer[]> {
    const { instance, entity } = await this.targets.table(connection, dataset, table);
    const request = parsePartitionDataRequest(url, entity);
    const partitions = await this.models.partitionsOf(instance.name, entity);
    const partition = findPartition(partitions, request.partitionUri);
    if (!partition) {
      throw new PartitionNotFoundError(
        `Entity '${entity.name}' has no partition '${request.partitionUri}'. Partitions: ${partitions.map((p) => p.name).join(', ') || 'none'}.`,
        'partitionUri',
      );
    }
    const writer = new PartitionDataWriter(request.select);
    const layout = partitionLayout(entity, partition, request.select);
    const data = await readPartitionData(this.lake, partition.file, layout, { ...request, onItem: writer.item });
    return writer.finish(data);
  }

  private async describe(partition: EntityPartition): Promise<PartitionTable> {
    const object = await this.lake.stat(partition.file.path);
    return {
      Name: partition.name,
      DisplayName: partition.name,
      DynamicProperties: {
        location: partition.location,
        refreshTime: partition.refreshTime ?? null,
        hasHeader: partition.file.format.hasHeader,
        size: object?.size ?? null,
        format: 'csv',
      },
    };
  }
}

/**
 * The columns of the partition's file, typed by the entity: model.json's attribute order, which is
 * the entity's for partitions the gateway wrote and may differ for partitions written by others.
 * A column the entity lacks is read as text and never returned.
 */
function partitionLayout(entity: EntityMetadata, partition: EntityPartition, select: readonly AttributeMetadata[]): readonly AttributeMetadata[] {
  if (partition.columns.length === 0) return entity.attributes;
  const layout = partition.columns.map(
    (name) =>
      entity.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase()) ?? { name, displayName: name, type: 'String' as const, nullable: true },
  );
  const missing = select.filter((a) => !layout.includes(a));
  if (missing.length > 0) {
    throw new PartitionDataError(
      `partition '${partition.name}' has no column ${missing.map((a) => `'${a.name}'`).join(', ')} (its columns: ${partition.columns.join(', ')}); leave it out of select, or read the partitions written after the next import`,
      0,
      { problem: 'header' },
    );
  }
  return layout;
}

/** By name (exact, then any case), then by location as listed. */
function findPartition(partitions: readonly EntityPartition[], reference: string): EntityPartition | undefined {
  const lower = reference.toLowerCase();
  return (
    partitions.find((p) => p.name === reference) ??
    partitions.find((p) => p.name.toLowerCase() === lower) ??
    partitions.find((p) => p.location === reference || p.file.path === reference)
  );
}
