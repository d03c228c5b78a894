import type { SubscriptionParameters, SubscriptionState, SubscriptionWithStats, TriggerName } from '@app/storage';
import { redactUrl } from '@app/webhooks';

/** A subscription as the admin API and the subscriptions report show it. */
export interface PresentedSubscription {
  readonly id: string;
  readonly trigger: TriggerName;
  readonly parameters: SubscriptionParameters;
  /** Origin only: callback URLs are secrets (§6.2). */
  readonly notificationUrl: string;
  readonly state: SubscriptionState;
  readonly stateReason: string | null;
  readonly createdAt: string;
  readonly deliveries: {
    readonly delivered: number;
    readonly pending: number;
    readonly dead: number;
    readonly failedAttempts: number;
    readonly lastDeliveredAt: string | null;
    readonly lastError: string | null;
  };
}

export function presentSubscription(s: SubscriptionWithStats): PresentedSubscription {
  return {
    id: s.id,
    trigger: s.trigger,
    parameters: s.parameters,
    notificationUrl: redactUrl(s.notificationUrl),
    state: s.state,
    stateReason: s.stateReason ?? null,
    createdAt: s.createdAt,
    deliveries: {
      delivered: s.stats.delivered,
      pending: s.stats.pending,
      dead: s.stats.dead,
      failedAttempts: s.stats.failedAttempts,
      lastDeliveredAt: s.stats.lastDeliveredAt ?? null,
      lastError: s.stats.lastError ?? null,
    },
  };
}
