/**
 * Trigger subscriptions and their durable outbox (§6.1, §6.2). Deliveries are written by
 * {@link ProcessStore.commit} in the run's transaction and claimed by dispatchers, which
 * may run in several processes at once: a claim is a lease, so two never send the same
 * delivery at the same time, and only the oldest pending delivery of a subscription is
 * ever claimable (order within a subscription).
 */

export const TRIGGER_NAMES = [
  'dataSourceRefreshCompleted',
  'dataSourceRefreshFailed',
  'measureThresholdCrossed',
  'fullRefreshCompleted',
  'processCompleted',
  'segmentThresholdCrossed',
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

export type SubscriptionState = 'active' | 'inactive';

/** Trigger parameters as given on subscribe, already validated (§6.1). */
export interface SubscriptionParameters {
  readonly segment?: string;
  readonly measure?: string;
  readonly threshold?: number;
  readonly process?: string;
  readonly includingManualRefreshes?: boolean;
}

export interface DeliveryStats {
  readonly delivered: number;
  readonly pending: number;
  readonly dead: number;
  /** Failed attempts (each retry counts). */
  readonly failedAttempts: number;
  readonly lastDeliveredAt?: string;
  readonly lastError?: string;
}

export interface Subscription {
  /** `sub_<random>`. */
  readonly id: string;
  readonly instance: string;
  readonly trigger: TriggerName;
  readonly parameters: SubscriptionParameters;
  /** A secret: never logged in full. */
  readonly notificationUrl: string;
  /** `whsec_<base64>`: the Standard Webhooks signing secret. */
  readonly secret: string;
  readonly state: SubscriptionState;
  /** Why it was deactivated (e.g. `410 from the receiver`). */
  readonly stateReason?: string;
  readonly createdAt: string;
}

export interface SubscriptionWithStats extends Subscription {
  readonly stats: DeliveryStats;
}

export type DeliveryState = 'pending' | 'delivered' | 'dead';

export interface NewDelivery {
  /** `msg_<random>`: the `webhook-id`, the same on every attempt. */
  readonly id: string;
  readonly subscriptionId: string;
  /** The trigger name, kept for the admin view. */
  readonly eventType: string;
  /** The exact JSON body to send. */
  readonly payload: string;
  readonly createdAt: string;
}

export interface Delivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly instance: string;
  readonly eventType: string;
  readonly payload: string;
  readonly createdAt: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly deliveredAt?: string;
}

/** A claimed delivery with what the dispatcher needs to send it. */
export interface ClaimedDelivery extends Delivery {
  readonly notificationUrl: string;
  readonly secret: string;
}

export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly at: string; readonly status: number }
  | { readonly kind: 'retry'; readonly at: string; readonly nextAttemptAt: string; readonly status?: number; readonly error: string }
  | { readonly kind: 'dead'; readonly at: string; readonly status?: number; readonly error: string }
  /** 404/410: the delivery is dead and the subscription deactivated. */
  | { readonly kind: 'gone'; readonly at: string; readonly status: number; readonly error: string };

export interface ClaimOptions {
  readonly now: string;
  readonly limit: number;
  /** The lease ends at this time; an unfinished claim becomes claimable again after it. */
  readonly leaseUntil: string;
  /** Who claims (process id), recorded for diagnosis. */
  readonly owner: string;
}

export interface WebhookStore {
  createSubscription(subscription: Subscription): Promise<Subscription>;
  getSubscription(instance: string, id: string): Promise<SubscriptionWithStats | undefined>;
  listSubscriptions(instance: string): Promise<readonly SubscriptionWithStats[]>;
  /** Active subscriptions of a trigger (for fan-out when an event happens). */
  activeSubscriptions(instance: string, trigger: TriggerName): Promise<readonly Subscription[]>;
  /**
   * Deletes it and all its deliveries (pending ones and the delivered/dead history: none of
   * them could be sent or re-driven any more); false when it did not exist.
   */
  deleteSubscription(instance: string, id: string): Promise<boolean>;

  /**
   * Claims due deliveries: for each active subscription only its oldest pending delivery,
   * only when due (`nextAttemptAt <= now`) and not leased by someone else; oldest first.
   */
  claimDeliveries(options: ClaimOptions): Promise<readonly ClaimedDelivery[]>;
  /**
   * Records one attempt and ends the lease; updates the subscription's statistics. Changes
   * nothing when the delivery is no longer pending (a late report) or no longer exists.
   */
  recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void>;
  /**
   * When a claim can next succeed (ISO), if ever: the earliest due time of the claimable
   * deliveries (each active subscription's oldest pending one), a leased one counting from
   * its lease end.
   */
  nextDueAt(): Promise<string | undefined>;

  /** Newest first; default limit 100. */
  listDeliveries(instance: string, state?: DeliveryState, limit?: number): Promise<readonly Delivery[]>;
  getDelivery(instance: string, id: string): Promise<Delivery | undefined>;
  /** A dead delivery back to pending, due now, attempts reset; undefined when not found or not dead. */
  redrive(instance: string, id: string, now: string): Promise<Delivery | undefined>;
}
