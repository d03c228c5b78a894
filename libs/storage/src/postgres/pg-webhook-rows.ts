import type { DeliveryState, NewDelivery } from '../webhooks/webhook-store.interface';
import { SUBSCRIPTION_COLUMNS } from '../webhooks/webhook-rows';
import { ConflictError, StorageErrorCode } from '../storage-errors';
import { isUniqueViolation, Queryable } from './pg-database';

/** The PostgreSQL side of subscription and delivery rows; the row mapping is in `webhooks/webhook-rows`. */

// COUNT is bigint, which this pool returns as text: the cast keeps the stats numbers.
const countIn = (state: DeliveryState) =>
  `(SELECT COUNT(*)::int FROM deliveries d WHERE d.subscription_id = s.id AND d.state = '${state}') AS ${state}`;

/** A subscription with its delivery statistics: three index-only counts per subscription. */
export const SUBSCRIPTION_WITH_STATS = `SELECT ${SUBSCRIPTION_COLUMNS}, s.failed_attempts, s.last_delivered_at, s.last_error,
  ${countIn('delivered')}, ${countIn('pending')}, ${countIn('dead')} FROM subscriptions s`;

/**
 * Writes new deliveries into the outbox, pending and due at once, inside the caller's
 * transaction (a run's commit). The instance comes from the subscription; a delivery for a
 * subscription deleted or deactivated meanwhile is not written: it could never be sent.
 *
 * The subscriptions are locked first (`FOR NO KEY UPDATE`, in id order so two commits never
 * deadlock), for two reasons SQLite's single writer gives for free:
 * - "active" is decided at commit time: a concurrent 404/410 that deactivates the
 *   subscription and dead-letters its queue is either fully before this commit (nothing is
 *   written) or fully after (it dead-letters these too), never in between;
 * - a subscription's `seq` order is its commit order: identity values are drawn at insert,
 *   so two unserialised commits could make the earlier seq visible last, and a dispatcher
 *   would already be sending the later delivery when the earlier one became the head.
 */
export async function insertDeliveries(client: Queryable, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const subscriptionIds = [...new Set(deliveries.map((d) => d.subscriptionId))];
  await client.query(`SELECT 1 FROM subscriptions WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`, [subscriptionIds]);
  for (const d of deliveries) {
    try {
      await client.query(
        `INSERT INTO deliveries (id, subscription_id, instance, event_type, payload, created_at, state, attempts, next_attempt_at)
         SELECT $1, s.id, s.instance, $2, $3, $4, 'pending', 0, $4 FROM subscriptions s WHERE s.id = $5 AND s.state = 'active'`,
        [d.id, d.eventType, d.payload, d.createdAt, d.subscriptionId],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(StorageErrorCode.DuplicateKey, `A delivery with id '${d.id}' already exists.`, 'id');
    }
  }
}
