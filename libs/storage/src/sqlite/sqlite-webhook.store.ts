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
import { SqliteDatabase } from './sqlite-database';
import { SUBSCRIPTION_WITH_STATS } from './sqlite-webhook-rows';

/**
 * Subscriptions and the durable outbox in the gateway's SQLite file (§6.2).
 *
 * - Claims run in `BEGIN IMMEDIATE`: the write lock is taken before the select, so
 *   dispatchers in several processes queue on `busy_timeout` instead of both reading
 *   the same head and one failing on upgrade (`SQLITE_BUSY_SNAPSHOT`).
 * - `deleteSubscription` deletes ALL its deliveries, history included: a delivery of a
 *   deleted subscription can be neither sent nor re-driven, so keeping it would only
 *   show dead letters nobody can act on.
 * - `recordAttempt` touches only a delivery that is still pending: a late report (a lease
 *   that ran out while another dispatcher finished the delivery) or one for a delivery
 *   deleted with its subscription changes nothing.
 */
export class SqliteWebhookStore implements WebhookStore {
  private readonly claim: (options: ClaimOptions) => ClaimedDelivery[];
  private readonly record: (deliveryId: string, outcome: AttemptOutcome) => void;

  constructor(private readonly database: SqliteDatabase) {
    const claim = database.db.transaction((options: ClaimOptions) => this.claimNow(options));
    const record = database.db.transaction((deliveryId: string, outcome: AttemptOutcome) => this.recordNow(deliveryId, outcome));
    this.claim = (options) => this.withoutSync(() => claim.immediate(options));
    this.record = (deliveryId, outcome) => this.withoutSync(() => record.immediate(deliveryId, outcome));
  }

  /**
   * Claims and attempt records commit without an fsync (WAL + `synchronous = NORMAL`): a kill
   * loses neither; a power cut may lose the last few, which only means a delivery is sent again
   * with the same `webhook-id` (at-least-once, §6.2). The two fsyncs per delivery were most of
   * the dispatcher's time. The run commits that write the outbox itself stay fully durable.
   */
  private withoutSync<T>(work: () => T): T {
    this.database.db.pragma('synchronous = NORMAL');
    try {
      return work();
    } finally {
      this.database.db.pragma('synchronous = FULL');
    }
  }

  async createSubscription(subscription: Subscription): Promise<Subscription> {
    this.database
      .statement(`INSERT INTO subscriptions (${SUBSCRIPTION_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...subscriptionValues(subscription));
    const row = this.database.statement(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.id = ?`).get(subscription.id) as SubscriptionRow;
    return toSubscription(row);
  }

  async getSubscription(instance: string, id: string): Promise<SubscriptionWithStats | undefined> {
    const row = this.database.statement(`${SUBSCRIPTION_WITH_STATS} WHERE s.instance = ? AND s.id = ?`).get(instance, id) as
      | SubscriptionStatsRow
      | undefined;
    return row ? toSubscriptionWithStats(row) : undefined;
  }

  /** Oldest first. */
  async listSubscriptions(instance: string): Promise<readonly SubscriptionWithStats[]> {
    const rows = this.database
      .statement(`${SUBSCRIPTION_WITH_STATS} WHERE s.instance = ? ORDER BY s.created_at, s.id`)
      .all(instance) as SubscriptionStatsRow[];
    return rows.map(toSubscriptionWithStats);
  }

  async activeSubscriptions(instance: string, trigger: TriggerName): Promise<readonly Subscription[]> {
    const rows = this.database
      .statement(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.instance = ? AND s.trigger_name = ? AND s.state = 'active' ORDER BY s.created_at, s.id`,
      )
      .all(instance, trigger) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async deleteSubscription(instance: string, id: string): Promise<boolean> {
    return this.database.transaction(() => {
      const deleted = this.database.statement('DELETE FROM subscriptions WHERE instance = ? AND id = ?').run(instance, id);
      if (deleted.changes === 0) return false;
      this.database.statement('DELETE FROM deliveries WHERE subscription_id = ?').run(id);
      return true;
    });
  }

  async claimDeliveries(options: ClaimOptions): Promise<readonly ClaimedDelivery[]> {
    checkLimit(options.limit, 'claim limit');
    return options.limit === 0 ? [] : this.claim(options);
  }

  /** One seek per active subscription (its head), then the due, unleased heads oldest first. */
  private claimNow(options: ClaimOptions): ClaimedDelivery[] {
    const rows = this.database
      .statement(
        `SELECT d.seq, ${DELIVERY_COLUMNS}, s.notification_url, s.secret ${HEADS}
           AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
         ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
      )
      .all(options.now, options.now, options.limit) as (ClaimedRow & { readonly seq: number })[];
    const lease = this.database.statement('UPDATE deliveries SET lease_until = ?, lease_owner = ? WHERE seq = ?');
    for (const row of rows) lease.run(options.leaseUntil, options.owner, row.seq);
    return rows.map(toClaimed);
  }

  async recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    this.record(deliveryId, outcome);
  }

  private recordNow(deliveryId: string, outcome: AttemptOutcome): void {
    const pending = this.database
      .statement("SELECT subscription_id AS subscriptionId FROM deliveries WHERE id = ? AND state = 'pending'")
      .get(deliveryId) as { subscriptionId: string } | undefined;
    if (!pending) return;
    const { subscriptionId } = pending;
    switch (outcome.kind) {
      case 'delivered':
        this.database
          .statement(
            `UPDATE deliveries SET state = 'delivered', delivered_at = ?, last_status = ?, attempts = attempts + 1,
               lease_until = NULL, lease_owner = NULL WHERE id = ?`,
          )
          .run(outcome.at, outcome.status, deliveryId);
        this.database.statement('UPDATE subscriptions SET last_delivered_at = ? WHERE id = ?').run(outcome.at, subscriptionId);
        return;
      case 'retry':
        this.database
          .statement(
            `UPDATE deliveries SET next_attempt_at = ?, last_status = ?, last_error = ?, attempts = attempts + 1,
               lease_until = NULL, lease_owner = NULL WHERE id = ?`,
          )
          .run(outcome.nextAttemptAt, outcome.status ?? null, outcome.error, deliveryId);
        this.countFailure(subscriptionId, outcome.error);
        return;
      case 'dead':
      case 'gone':
        this.database
          .statement(
            `UPDATE deliveries SET state = 'dead', last_status = ?, last_error = ?, attempts = attempts + 1,
               lease_until = NULL, lease_owner = NULL WHERE id = ?`,
          )
          .run(outcome.status ?? null, outcome.error, deliveryId);
        this.countFailure(subscriptionId, outcome.error);
        if (outcome.kind === 'gone') {
          this.database.statement("UPDATE subscriptions SET state = 'inactive', state_reason = ? WHERE id = ?").run(outcome.error, subscriptionId);
          // Queued behind it, they could never be sent: dead letters, visible, not pending forever.
          this.database
            .statement("UPDATE deliveries SET state = 'dead', last_error = ?, lease_until = NULL, lease_owner = NULL WHERE subscription_id = ? AND state = 'pending'")
            .run(`subscription deactivated: ${outcome.error}`, subscriptionId);
        }
        return;
      default:
        assertNever(outcome, 'attempt outcome');
    }
  }

  private countFailure(subscriptionId: string, error: string): void {
    this.database.statement('UPDATE subscriptions SET failed_attempts = failed_attempts + 1, last_error = ? WHERE id = ?').run(error, subscriptionId);
  }

  /**
   * Only heads count, and a leased head counts from its lease end: the answer is a time at
   * which a claim can succeed, so a dispatcher that sleeps until then never wakes to find
   * only a delivery it is still sending itself, or one queued behind a retrying head.
   */
  async nextDueAt(): Promise<string | undefined> {
    const row = this.database
      .statement(`SELECT MIN(CASE WHEN d.lease_until > d.next_attempt_at THEN d.lease_until ELSE d.next_attempt_at END) AS due ${HEADS}`)
      .get() as { due: string | null };
    return row.due ?? undefined;
  }

  async listDeliveries(instance: string, state?: DeliveryState, limit = DEFAULT_DELIVERY_LIMIT): Promise<readonly Delivery[]> {
    const rows = (
      state === undefined
        ? this.database.statement(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.instance = ? ORDER BY d.seq DESC LIMIT ?`).all(instance, limit)
        : this.database
            .statement(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.instance = ? AND d.state = ? ORDER BY d.seq DESC LIMIT ?`)
            .all(instance, state, limit)
    ) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  async getDelivery(instance: string, id: string): Promise<Delivery | undefined> {
    const row = this.database.statement(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.instance = ? AND d.id = ?`).get(instance, id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : undefined;
  }

  /** Keeps `lastError` and `lastStatus` (why it died) until the next attempt replaces them. */
  async redrive(instance: string, id: string, now: string): Promise<Delivery | undefined> {
    return this.database.transaction(() => {
      const changed = this.database
        .statement(
          `UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL, lease_owner = NULL
           WHERE instance = ? AND id = ? AND state = 'dead'`,
        )
        .run(now, instance, id);
      if (changed.changes === 0) return undefined;
      const row = this.database.statement(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.id = ?`).get(id) as DeliveryRow;
      return toDelivery(row);
    });
  }
}
