/**
 * Storage domain errors: stable codes, no HTTP status (the gateway maps them).
 * Codes are never reused.
 */
export const StorageErrorCode = {
  /** The instance manifest does not validate. */
  Manifest: 'STORE_MANIFEST_INVALID',
  DatasetNotFound: 'DATASET_NOT_FOUND',
  TableNotFound: 'TABLE_NOT_FOUND',
  ItemNotFound: 'ITEM_NOT_FOUND',
  /** Create with a key that already exists. */
  DuplicateKey: 'DUPLICATE_KEY',
  /** `If-Match` did not match the record's ETag. */
  EtagMismatch: 'ETAG_MISMATCH',
  /** A record body that does not fit the entity schema. */
  ItemInvalid: 'ITEM_INVALID',
  /** A write the entity does not allow (§3.1). */
  EntityReadOnly: 'ENTITY_READ_ONLY',
  ConnectionNotFound: 'CONNECTION_NOT_FOUND',
  DataSourceNotFound: 'DATA_SOURCE_NOT_FOUND',
  /** A run step committed for a run the store does not hold. */
  RunNotFound: 'RUN_NOT_FOUND',
  SubscriptionNotFound: 'SUBSCRIPTION_NOT_FOUND',
  DeliveryNotFound: 'DELIVERY_NOT_FOUND',
  SegmentNotFound: 'SEGMENT_NOT_FOUND',
  MeasureNotFound: 'MEASURE_NOT_FOUND',
} as const;
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ManifestError extends StorageError {
  constructor(message: string) {
    super(StorageErrorCode.Manifest, message);
  }
}

export class NotFoundError extends StorageError {}
export class ConflictError extends StorageError {}
export class PreconditionFailedError extends StorageError {}
export class ItemValidationError extends StorageError {
  constructor(message: string, target?: string) {
    super(StorageErrorCode.ItemInvalid, message, target);
  }
}
export class WriteNotAllowedError extends StorageError {
  constructor(message: string, target?: string) {
    super(StorageErrorCode.EntityReadOnly, message, target);
  }
}

/** The store cannot be opened at start (PostgreSQL unreachable, say): a message for the operator, no stack. */
export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}
