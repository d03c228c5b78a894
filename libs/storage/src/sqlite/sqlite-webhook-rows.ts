import type { DeliveryState, NewDelivery } from '../webhooks/webhook-store.interface';
import { SUBSCRIPTION_COLUMNS } from '../webhooks/webhook-rows';
import { ConflictError, StorageErrorCode } from '../storage-errors';
import { SqliteDatabase } from './sqlite-database';

/** The SQLite side of subscription and delivery rows; the row mapping is in `webhooks/webhook-rows`. */

const countIn = (state: DeliveryState) =>
  `(SELECT COUNT(*) FROM deliveries d WHERE d.subscription_id = s.id AND d.state = '${state}') AS ${state}`;

/** A subscription with its delivery statistics: three index-only counts per subscription. */
export const SUBSCRIPTION_WITH_STATS = `SELECT ${SUBSCRIPTION_COLUMNS}, s.failed_attempts, s.last_delivered_at, s.last_error,
  ${countIn('delivered')}, ${countIn('pending')}, ${countIn('dead')} FROM subscriptions s`;

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
