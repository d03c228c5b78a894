import { randomUUID } from 'node:crypto';
import type { AttributeMetadata, EntityMetadata, StorageValue } from '@app/odata';
import type { ItemRecord, ItemValues } from '../storage-driver.interface';
import { ItemValidationError, NotFoundError, PreconditionFailedError, StorageErrorCode } from '../storage-errors';
import { etagMatches } from './etag';

/**
 * The rules a create, update or delete checks before and around its SQL, the same in every
 * driver: so both return the same errors, with the same codes and targets, for one request.
 */

/** The new record's key: the body's, or a fresh UUID when the entity generates its keys. */
export function newItemKey(entity: EntityMetadata, values: ItemValues): StorageValue {
  const key = values[entity.key] ?? (entity.keyGenerated ? randomUUID() : undefined);
  if (key === undefined || key === null) throw new ItemValidationError(`Field '${entity.key}' is required.`, entity.key);
  return key;
}

/** The attributes an update writes; the key may be repeated in the body but not changed. */
export function changedAttributes(entity: EntityMetadata, key: StorageValue, values: ItemValues): AttributeMetadata[] {
  const bodyKey = values[entity.key];
  if (bodyKey !== undefined && bodyKey !== key) {
    throw new ItemValidationError(`Field '${entity.key}' is the key and cannot be changed.`, entity.key);
  }
  return entity.attributes.filter((a) => a.name !== entity.key && values[a.name] !== undefined);
}

/** If-Match against the record as it is now, read in the write's own transaction. */
export function checkPrecondition(current: ItemRecord, ifMatch: readonly string[] | undefined): void {
  if (ifMatch && !etagMatches(current.etag, ifMatch)) {
    throw new PreconditionFailedError(StorageErrorCode.EtagMismatch, 'The record has changed since it was read (If-Match does not match its ETag).');
  }
}

export function itemNotFound(entity: EntityMetadata, key: StorageValue): NotFoundError {
  return new NotFoundError(StorageErrorCode.ItemNotFound, `No record of '${entity.name}' has ${entity.key} '${String(key)}'.`, entity.key);
}
