export type {
  InstanceManifest,
  EntityDefinition,
  AttributeDefinition,
  DataSourceDefinition,
  DataSourceEntityMapping,
  SegmentDefinition,
  MeasureDefinition,
  MeasureAggregate,
  ScheduleDefinition,
  ReportRecipients,
} from './catalog/instance-manifest';
export { MEASURE_AGGREGATES } from './catalog/instance-manifest';
export { resolveInstance } from './catalog/resolve-instance';
export type { InstanceCatalog } from './catalog/resolve-instance';
export { allowedWrites, isReadOnly } from './catalog/write-policy';
export type { WriteOperation } from './catalog/write-policy';
export * from './storage-errors';
export { StorageDriver } from './storage-driver.interface';
export type { ItemValue, ItemRecord, ItemsPage, PageRequest, EntityStats, ItemValues, StagedLoad } from './storage-driver.interface';
export { ROLES, hashKey, generateKey, generateConnectionId, hashesEqual, grantsDataset } from './connections/connection';
export type { Role, Connection, NewConnection } from './connections/connection';
export { decodeItemBody, decodeKeySegment } from './items/item-codec';
export { formatEtag, parseIfMatch } from './items/etag';
export { StorageModule, storageOptionsOf, openStorage } from './storage.module';
export type { StorageOptions, StoreSettings } from './storage.module';
export { SqliteStorageDriver } from './sqlite/sqlite-storage.driver';
export { PostgresStorageDriver } from './postgres/postgres-storage.driver';
export type { PostgresOptions } from './postgres/pg-database';
export { PROCESS_NAMES, RUN_STATUSES } from './processes/process-store.interface';
export type {
  ProcessName,
  RunStatus,
  SubmissionKind,
  TaskKind,
  RunError,
  TaskRecord,
  RunRecord,
  NewRun,
  EvaluationKind,
  EvaluationRecord,
  RunCommit,
  RunListOptions,
  ProcessStore,
} from './processes/process-store.interface';
export { TRIGGER_NAMES } from './webhooks/webhook-store.interface';
export type {
  TriggerName,
  SubscriptionState,
  SubscriptionParameters,
  DeliveryStats,
  Subscription,
  SubscriptionWithStats,
  DeliveryState,
  NewDelivery,
  Delivery,
  ClaimedDelivery,
  AttemptOutcome,
  ClaimOptions,
  WebhookStore,
} from './webhooks/webhook-store.interface';
export { SEGMENTS_ENTITY } from './catalog/resolve-definitions';
export { KeyedQueue } from './coordination/keyed-queue';
export type { Coordination, ExclusiveResult } from './coordination/coordination.interface';
export { isStoreUnavailable } from './store-unavailable';
