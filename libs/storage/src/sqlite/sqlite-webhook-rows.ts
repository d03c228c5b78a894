import type {
  Delivery,
  DeliveryState,
  NewDelivery,
  Subscription,
  SubscriptionParameters,
  SubscriptionState,
  SubscriptionWithStats,
  TriggerName,
} from '../webhooks/webhook-store.interface';
import { ConflictError, StorageErrorCode } from '../storage-errors';
import { SqliteDatabase } from './sqlite-database';

/** Subscriptions and deliveries as SQLite rows, and back. */

export interface SubscriptionRow {
  readonly id: string;
  readonly instance: string;
  readonly trigger_name: string;
  readonly parameters: string;
  readonly notification_url: string;
  readonly secret: string;
  readonly state: string;
  readonly state_reason: string | null;
  readonly created_at: string;
}

export interface SubscriptionStatsRow extends SubscriptionRow {
  readonly failed_attempts: number;
  readonly last_delivered_at: string | null;
  readonly last_error: string | null;
  readonly delivered: number;
  readonly pending: number;
  readonly dead: number;
}

export interface DeliveryRow {
  readonly seq: number;
  readonly id: string;
  readonly subscription_id: string;
  readonly instance: string;
  readonly event_type: string;
  readonly payload: string;
  readonly created_at: string;
  readonly state: string;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly last_status: number | null;
  readonly last_error: string | null;
  readonly delivered_at: string | null;
}

export interface ClaimedRow extends DeliveryRow {
  readonly notification_url: string;
  readonly secret: string;
}

export const SUBSCRIPTION_COLUMNS = 's.id, s.instance, s.trigger_name, s.parameters, s.notification_url, s.secret, s.state, s.state_reason, s.created_at';

const countIn = (state: DeliveryState) =>
  `(SELECT COUNT(*) FROM deliveries d WHERE d.subscription_id = s.id AND d.state = '${state}') AS ${state}`;

/** A subscription with its delivery statistics: three index-only counts per subscription. */
export const SUBSCRIPTION_WITH_STATS = `SELECT ${SUBSCRIPTION_COLUMNS}, s.failed_attempts, s.last_delivered_at, s.last_error,
  ${countIn('delivered')}, ${countIn('pending')}, ${countIn('dead')} FROM subscriptions s`;

export const DELIVERY_COLUMNS =
  'd.seq, d.id, d.subscription_id, d.instance, d.event_type, d.payload, d.created_at, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.delivered_at';

/**
 * Each active subscription's head: its pending delivery with the lowest `seq`, one seek in
 * `ix_deliveries_claim` per subscription. Only a head is ever claimable or counted as due,
 * so a subscription's later deliveries wait for the earlier one, whatever their due times.
 */
export const HEADS = `FROM subscriptions s JOIN deliveries d ON d.seq = (
  SELECT p.seq FROM deliveries p WHERE p.subscription_id = s.id AND p.state = 'pending' ORDER BY p.seq LIMIT 1)
  WHERE s.state = 'active'`;

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    instance: row.instance,
    trigger: row.trigger_name as TriggerName,
    parameters: JSON.parse(row.parameters) as SubscriptionParameters,
    notificationUrl: row.notification_url,
    secret: row.secret,
    state: row.state as SubscriptionState,
    ...(row.state_reason !== null ? { stateReason: row.state_reason } : {}),
    createdAt: row.created_at,
  };
}

export function toSubscriptionWithStats(row: SubscriptionStatsRow): SubscriptionWithStats {
  return {
    ...toSubscription(row),
    stats: {
      delivered: row.delivered,
      pending: row.pending,
      dead: row.dead,
      failedAttempts: row.failed_attempts,
      ...(row.last_delivered_at !== null ? { lastDeliveredAt: row.last_delivered_at } : {}),
      ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    },
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    instance: row.instance,
    eventType: row.event_type,
    payload: row.payload,
    createdAt: row.created_at,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_status !== null ? { lastStatus: row.last_status } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.delivered_at !== null ? { deliveredAt: row.delivered_at } : {}),
  };
}

/**
 * Writes new deliveries into the outbox, pending and due at once; called inside the
 * caller's transaction (a run's commit). The instance comes from the subscription; a
 * delivery for a subscription deleted or deactivated meanwhile (matched before the commit) is
 * not written: it could never be sent and would wait as pending forever.
 */
export function insertDeliveries(database: SqliteDatabase, deliveries: readonly NewDelivery[]): void {
  const insert = database.statement(
    `INSERT INTO deliveries (id, subscription_id, instance, event_type, payload, created_at, state, attempts, next_attempt_at)
     SELECT ?, s.id, s.instance, ?, ?, ?, 'pending', 0, ? FROM subscriptions s WHERE s.id = ? AND s.state = 'active'`,
  );
  for (const d of deliveries) {
    try {
      insert.run(d.id, d.eventType, d.payload, d.createdAt, d.createdAt, d.subscriptionId);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(StorageErrorCode.DuplicateKey, `A delivery with id '${d.id}' already exists.`, 'id');
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
