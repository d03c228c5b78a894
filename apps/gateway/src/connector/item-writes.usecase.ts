import { Inject, Injectable } from '@nestjs/common';
import type { EntityMetadata } from '@app/odata';
import {
  allowedWrites,
  decodeItemBody,
  decodeKeySegment,
  ItemRecord,
  NotFoundError,
  StorageDriver,
  StorageErrorCode,
  WriteNotAllowedError,
  WriteOperation,
} from '@app/storage';

/** Get, create, update and delete one item (§3.1), with the entity's write rules. */
@Injectable()
export class ItemUseCases {
  constructor(@Inject(StorageDriver) private readonly storage: StorageDriver) {}

  async get(entity: EntityMetadata, id: string): Promise<ItemRecord> {
    const record = await this.storage.getItem(entity, decodeKeySegment(entity, id));
    if (!record) throw new NotFoundError(StorageErrorCode.ItemNotFound, `No record of '${entity.name}' has ${entity.key} '${id}'.`, entity.key);
    return record;
  }

  async create(dataset: string, entity: EntityMetadata, body: unknown): Promise<ItemRecord> {
    assertAllowed(entity, 'create');
    return this.storage.createItem(dataset, entity, decodeItemBody(entity, body, 'create'));
  }

  async update(entity: EntityMetadata, id: string, body: unknown, ifMatch?: readonly string[]): Promise<ItemRecord> {
    assertAllowed(entity, 'update');
    return this.storage.updateItem(entity, decodeKeySegment(entity, id), decodeItemBody(entity, body, 'update'), ifMatch);
  }

  async delete(dataset: string, entity: EntityMetadata, id: string, ifMatch?: readonly string[]): Promise<void> {
    assertAllowed(entity, 'delete');
    await this.storage.deleteItem(dataset, entity, decodeKeySegment(entity, id), ifMatch);
  }
}

function assertAllowed(entity: EntityMetadata, operation: WriteOperation): void {
  const allowed = allowedWrites(entity);
  if (allowed.includes(operation)) return;
  const what = allowed.length === 0 ? 'is read-only' : `allows only ${allowed.join(', ')}`;
  throw new WriteNotAllowedError(`Entity '${entity.name}' ${what}; ${operation} is not allowed.`, entity.name);
}
