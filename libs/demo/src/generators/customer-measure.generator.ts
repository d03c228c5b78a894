import type { CustomerRange, DemoRow } from '../demo-types';
import { formatEdmDateTimeOffset } from '../format/iso-format';
import { ActivityKind } from '../pools/activity-catalog';
import { ActivityPlan } from './activity-plan';
import { CustomerCore, DemoContext } from './demo-context';

/**
 * `Customer_Measure` rows, one per customer, computed from that customer's activities:
 * TotalSpend = sum of purchase amounts (returns not deducted), PurchaseCount, LastPurchaseDate
 * (null without purchases), AverageOrderValue = TotalSpend / PurchaseCount rounded to cents
 * (null without purchases), ActivityCount = all activities.
 */
export function* customerMeasureRows(ctx: DemoContext, range: CustomerRange): Generator<DemoRow> {
  const core = new CustomerCore();
  const plan = new ActivityPlan();
  for (let i = range.from; i < range.to; i++) {
    core.fill(ctx.seed, i);
    plan.fill(ctx.seed, i, core);
    let spendCents = 0;
    let purchases = 0;
    let lastPurchase = -1;
    for (let a = 0; a < plan.count; a++) {
      if (plan.kinds[a] !== ActivityKind.Purchase) continue;
      spendCents += plan.cents[a];
      purchases++;
      lastPurchase = a;
    }
    yield [
      'C-' + ctx.customerNumber(i),
      spendCents / 100,
      purchases,
      lastPurchase < 0 ? null : formatEdmDateTimeOffset(plan.times[lastPurchase]),
      purchases === 0 ? null : Math.round(spendCents / purchases) / 100,
      plan.count,
    ];
  }
}
