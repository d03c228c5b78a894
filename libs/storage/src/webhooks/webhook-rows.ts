import type {
  ClaimedDelivery,
  Delivery,
  DeliveryState,
  Subscription,
  SubscriptionParameters,
  SubscriptionState,
  SubscriptionWithStats,
  TriggerName,
} from './webhook-store.interface';

/**
 * Subscriptions and deliveries as table rows, and back: one mapping for both drivers, so
 * the SQLite and the PostgreSQL store return objects that are `toEqual` to each other.
 * Absent values are left out, never `undefined`. The SQL that reads these rows (placeholders,
 * casts, locking) stays in each driver.
 */

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

/** How many deliveries `listDeliveries` returns when the caller names no limit. */
export const DEFAULT_DELIVERY_LIMIT = 100;

/** The columns of a {@link SubscriptionRow}, from `subscriptions s`. */
export const SUBSCRIPTION_COLUMNS = 's.id, s.instance, s.trigger_name, s.parameters, s.notification_url, s.secret, s.state, s.state_reason, s.created_at';

/** The columns a new subscription row is written with, in the order of {@link subscriptionValues}. */
export const SUBSCRIPTION_INSERT_COLUMNS = 'id, instance, trigger_name, parameters, notification_url, secret, state, state_reason, created_at';

/** The columns of a {@link DeliveryRow}, from `deliveries d`; a claim adds `d.seq` to lease by it. */
export const DELIVERY_COLUMNS =
  'd.id, d.subscription_id, d.instance, d.event_type, d.payload, d.created_at, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.delivered_at';

/**
 * Each active subscription's head: its pending delivery with the lowest `seq`, one seek in
 * `ix_deliveries_claim` per subscription. Only a head is ever claimable or counted as due,
 * so a subscription's later deliveries wait for the earlier one, whatever their due times.
 * Plain SQL that both dialects read alike.
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

/** A subscription as the values of its new row, in the order of {@link SUBSCRIPTION_INSERT_COLUMNS}. */
export function subscriptionValues(subscription: Subscription): unknown[] {
  return [
    subscription.id,
    subscription.instance,
    subscription.trigger,
    JSON.stringify(subscription.parameters),
    subscription.notificationUrl,
    subscription.secret,
    subscription.state,
    subscription.stateReason ?? null,
    subscription.createdAt,
  ];
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

export function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return { ...toDelivery(row), notificationUrl: row.notification_url, secret: row.secret };
}
