import type { SubscriptionWithStats } from '@app/storage';
import { presentSubscription } from '../../triggers/subscription.presenter';
import type { ReportContext, SubscriptionEntry, SubscriptionsReport } from '../report.model';
import { plural } from './compose-shared';

/**
 * `subscriptions`: every trigger subscription and its delivery health. Callback URLs are
 * secrets (§6.2) and a report travels by e-mail: only their origin is shown.
 */
export function composeSubscriptions(context: ReportContext, subscriptions: readonly SubscriptionWithStats[]): SubscriptionsReport {
  const entries = subscriptions.map(presentSubscription);
  const sum = (pick: (e: SubscriptionEntry) => number) => entries.reduce((total, e) => total + pick(e), 0);
  const counts = {
    subscriptions: entries.length,
    active: entries.filter((e) => e.state === 'active').length,
    inactive: entries.filter((e) => e.state === 'inactive').length,
    delivered: sum((e) => e.deliveries.delivered),
    pending: sum((e) => e.deliveries.pending),
    dead: sum((e) => e.deliveries.dead),
    failedAttempts: sum((e) => e.deliveries.failedAttempts),
  };
  return {
    reportId: context.reportId,
    reportType: 'subscriptions',
    dataset: context.dataset,
    datasetDisplayName: context.datasetDisplayName,
    generatedAt: context.generatedAt,
    title: `Trigger subscriptions of ${context.datasetDisplayName} (${context.dataset})`,
    summary:
      `${plural(counts.subscriptions, 'subscription')} (${counts.active} active, ${counts.inactive} inactive): ` +
      `${counts.delivered} delivered, ${counts.pending} pending, ${counts.dead} dead, ${plural(counts.failedAttempts, 'failed attempt')}.`,
    counts,
    subscriptions: entries,
  };
}
