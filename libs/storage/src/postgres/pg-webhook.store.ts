import type {
  AttemptOutcome,
  ClaimedDelivery,
  ClaimOptions,
  Delivery,
  DeliveryState,
  Subscription,
  SubscriptionWithStats,
  TriggerName,
  WebhookStore,
} from '../webhooks/webhook-store.interface';
import {
  ClaimedRow,
  DEFAULT_DELIVERY_LIMIT,
  DELIVERY_COLUMNS,
  DeliveryRow,
  HEADS,
  SUBSCRIPTION_COLUMNS,
  SUBSCRIPTION_INSERT_COLUMNS,
  subscriptionValues,
  SubscriptionRow,
  SubscriptionStatsRow,
  toClaimed,
  toDelivery,
  toSubscription,
  toSubscriptionWithStats,
} from '../webhooks/webhook-rows';
import { assertNever, checkLimit } from '../storage-checks';
import { PgDatabase, Queryable } from './pg-database';
import { SUBSCRIPTION_WITH_STATS } from './pg-webhook-rows';

/**
 * The claim, in one statement. The CTE picks the due, unleased heads oldest first and locks
 * them `FOR UPDATE OF d SKIP LOCKED`; the UPDATE leases what it locked.
 *
 * Why this cannot hand one delivery to two dispatchers, or a later delivery of a
 * subscription while another dispatcher holds its head:
 * - Only heads are candidates, and a head stays pending (so stays the head) from its claim
 *   until its attempt is recorded; a leased head is not claimable until its lease ends.
 * - A head another claim has locked but not yet committed is skipped, not waited for.
 *   Its successor is no candidate either: in this statement's snapshot the locked head is
 *   still pending, hence still the head. So a concurrent claim never "sees past" it.
 * - A head whose lock was released between our snapshot and our lock attempt is re-read
 *   at its latest version and re-checked (READ COMMITTED's EvalPlanQual): now leased, or
 *   no longer pending, it drops out. The re-check covers only conditions on `d` itself, not
 *   the head subquery (that keeps our snapshot), hence `d.state = 'pending'` repeated here:
 *   without it a head claimed, delivered and unleased meanwhile passes again (the
 *   compliance suite's two-store test caught exactly that).
 * - The successor becomes the head only when the head's attempt is committed as
 *   delivered or dead (`recordAttempt`), which is exactly when it may be sent.
 * - Per-subscription seq order equals commit order (see `insertDeliveries`), so no earlier
 *   delivery can appear behind one that is already being sent.
 * Locking subscriptions instead would also serialise claims, but would make every claim
 * wait on `recordAttempt` and run commits that update or lock the same subscription rows.
 * The outer SELECT restores the order: RETURNING has none, and a row re-read after a
 * concurrent update may come out of the locked scan out of order.
 */
const CLAIM = `WITH heads AS (
    SELECT d.seq ${HEADS}
      AND d.state = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
    ORDER BY d.next_attempt_at, d.seq LIMIT $2
    FOR UPDATE OF d SKIP LOCKED
  ), claimed AS (
    UPDATE deliveries d SET lease_until = $3, lease_owner = $4 FROM heads WHERE d.seq = heads.seq
    RETURNING d.seq, ${DELIVERY_COLUMNS}
  )
  SELECT d.*, s.notification_url, s.secret FROM claimed d JOIN subscriptions s ON s.id = d.subscription_id
  ORDER BY d.next_attempt_at, d.seq`;

/**
 * Subscriptions and the durable outbox in PostgreSQL (§6.2), shared by every replica's
 * dispatcher. Transactions that lock both take the subscription row before its deliveries
 * (`deleteSubscription`, `recordAttempt`, a run's commit), so they cannot deadlock; the
 * claim locks deliveries only and never waits (SKIP LOCKED).
 *
 * - `deleteSubscription` deletes ALL its deliveries, history included (as SQLite does).
 * - `recordAttempt` touches only a delivery that is still pending: a late report changes nothing.
 */
export class PgWebhookStore implements WebhookStore {
  constructor(private readonly database: PgDatabase) {}

  async createSubscription(subscription: Subscription): Promise<Subscription> {
    const { rows } = await this.database.query<SubscriptionRow>(
      `INSERT INTO subscriptions AS s (${SUBSCRIPTION_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      subscriptionValues(subscription),
    );
    return toSubscription(rows[0]);
  }

  async getSubscription(instance: string, id: string): Promise<SubscriptionWithStats | undefined> {
    const { rows } = await this.database.query<SubscriptionStatsRow>(`${SUBSCRIPTION_WITH_STATS} WHERE s.instance = $1 AND s.id = $2`, [instance, id]);
    return rows[0] ? toSubscriptionWithStats(rows[0]) : undefined;
  }

  /** Oldest first. */
  async listSubscriptions(instance: string): Promise<readonly SubscriptionWithStats[]> {
    const { rows } = await this.database.query<SubscriptionStatsRow>(`${SUBSCRIPTION_WITH_STATS} WHERE s.instance = $1 ORDER BY s.created_at, s.id`, [instance]);
    return rows.map(toSubscriptionWithStats);
  }

  async activeSubscriptions(instance: string, trigger: TriggerName): Promise<readonly Subscription[]> {
    const { rows } = await this.database.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.instance = $1 AND s.trigger_name = $2 AND s.state = 'active' ORDER BY s.created_at, s.id`,
      [instance, trigger],
    );
    return rows.map(toSubscription);
  }

  async deleteSubscription(instance: string, id: string): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const deleted = await client.query('DELETE FROM subscriptions WHERE instance = $1 AND id = $2', [instance, id]);
      if (deleted.rowCount === 0) return false;
      await client.query('DELETE FROM deliveries WHERE subscription_id = $1', [id]);
      return true;
    });
  }

  async claimDeliveries(options: ClaimOptions): Promise<readonly ClaimedDelivery[]> {
    checkLimit(options.limit, 'claim limit');
    if (options.limit === 0) return [];
    const { rows } = await this.database.query<ClaimedRow>(CLAIM, [options.now, options.limit, options.leaseUntil, options.owner]);
    return rows.map(toClaimed);
  }

  async recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    await this.database.transaction((client) => recordNow(client, deliveryId, outcome));
  }

  /**
   * Only heads count, and a leased head counts from its lease end: the answer is a time at
   * which a claim can succeed (see the SQLite store).
   */
  async nextDueAt(): Promise<string | undefined> {
    const { rows } = await this.database.query<{ due: string | null }>(
      `SELECT MIN(CASE WHEN d.lease_until > d.next_attempt_at THEN d.lease_until ELSE d.next_attempt_at END) AS due ${HEADS}`,
    );
    return rows[0]?.due ?? undefined;
  }

  /** A negative limit lists all, as SQLite's `LIMIT -1` does (`LIMIT NULL` here). */
  async listDeliveries(instance: string, state?: DeliveryState, limit = DEFAULT_DELIVERY_LIMIT): Promise<readonly Delivery[]> {
    const { rows } = await this.database.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.instance = $1 AND ($2::text IS NULL OR d.state = $2) ORDER BY d.seq DESC LIMIT $3`,
      [instance, state ?? null, limit < 0 ? null : limit],
    );
    return rows.map(toDelivery);
  }

  async getDelivery(instance: string, id: string): Promise<Delivery | undefined> {
    const { rows } = await this.database.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.instance = $1 AND d.id = $2`, [instance, id]);
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }

  /** Keeps `lastError` and `lastStatus` (why it died) until the next attempt replaces them. */
  async redrive(instance: string, id: string, now: string): Promise<Delivery | undefined> {
    const { rows } = await this.database.query<DeliveryRow>(
      `UPDATE deliveries d SET state = 'pending', attempts = 0, next_attempt_at = $1, lease_until = NULL, lease_owner = NULL
       WHERE d.instance = $2 AND d.id = $3 AND d.state = 'dead' RETURNING ${DELIVERY_COLUMNS}`,
      [now, instance, id],
    );
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }
}

/**
 * The subscription row is locked before the delivery (the order every transaction here
 * keeps); the delivery's `state = 'pending'` is then re-checked by the UPDATE itself, so of
 * two reports racing for one delivery the second sees the first's result.
 */
async function recordNow(client: Queryable, deliveryId: string, outcome: AttemptOutcome): Promise<void> {
  const found = await client.query<{ subscription_id: string }>("SELECT subscription_id FROM deliveries WHERE id = $1 AND state = 'pending'", [deliveryId]);
  const subscriptionId = found.rows[0]?.subscription_id;
  if (subscriptionId === undefined) return;
  await client.query('SELECT 1 FROM subscriptions WHERE id = $1 FOR NO KEY UPDATE', [subscriptionId]);
  const ended = "attempts = attempts + 1, lease_until = NULL, lease_owner = NULL WHERE id = $1 AND state = 'pending'";
  switch (outcome.kind) {
    case 'delivered': {
      const updated = await client.query(`UPDATE deliveries SET state = 'delivered', delivered_at = $2, last_status = $3, ${ended}`, [
        deliveryId,
        outcome.at,
        outcome.status,
      ]);
      if (updated.rowCount === 0) return;
      await client.query('UPDATE subscriptions SET last_delivered_at = $1 WHERE id = $2', [outcome.at, subscriptionId]);
      return;
    }
    case 'retry': {
      const updated = await client.query(`UPDATE deliveries SET next_attempt_at = $2, last_status = $3, last_error = $4, ${ended}`, [
        deliveryId,
        outcome.nextAttemptAt,
        outcome.status ?? null,
        outcome.error,
      ]);
      if (updated.rowCount === 0) return;
      await countFailure(client, subscriptionId, outcome.error);
      return;
    }
    case 'dead':
    case 'gone': {
      const updated = await client.query(`UPDATE deliveries SET state = 'dead', last_status = $2, last_error = $3, ${ended}`, [
        deliveryId,
        outcome.status ?? null,
        outcome.error,
      ]);
      if (updated.rowCount === 0) return;
      await countFailure(client, subscriptionId, outcome.error);
      if (outcome.kind === 'gone') {
        await client.query("UPDATE subscriptions SET state = 'inactive', state_reason = $1 WHERE id = $2", [outcome.error, subscriptionId]);
        // Queued behind it, they could never be sent: dead letters, visible, not pending forever.
        await client.query(
          "UPDATE deliveries SET state = 'dead', last_error = $1, lease_until = NULL, lease_owner = NULL WHERE subscription_id = $2 AND state = 'pending'",
          [`subscription deactivated: ${outcome.error}`, subscriptionId],
        );
      }
      return;
    }
    default:
      assertNever(outcome, 'attempt outcome');
  }
}

async function countFailure(client: Queryable, subscriptionId: string, error: string): Promise<void> {
  await client.query('UPDATE subscriptions SET failed_attempts = failed_attempts + 1, last_error = $1 WHERE id = $2', [error, subscriptionId]);
}
