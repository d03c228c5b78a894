import type { CustomerRange, DemoRow } from '../demo-types';
import { formatEdmDateTimeOffset } from '../format/iso-format';
import { ActivityKind } from '../pools/activity-catalog';
import { CITIES } from '../pools/places';
import { ACTIVITY_ORDINALS, ActivityPlan, MAX_ACTIVITIES_PER_CUSTOMER, STORE_IDS } from './activity-plan';
import { CustomerCore, DemoContext } from './demo-context';

/** Order numbers are above 2^32 so the column really needs Int64. */
const ORDER_NUMBER_BASE = 40_000_000_000;

/**
 * `PosPurchases` source rows: exactly the customer's `Purchase` activities, with the same time
 * and amount. `PurchaseId` = `P-<customer#>-<nn>` = the activity's `SourceActivityId`.
 */
export function* posPurchaseRows(ctx: DemoContext, range: CustomerRange): Generator<DemoRow> {
  const core = new CustomerCore();
  const plan = new ActivityPlan();
  for (let i = range.from; i < range.to; i++) {
    core.fill(ctx.seed, i);
    plan.fill(ctx.seed, i, core);
    const number = ctx.customerNumber(i);
    const stores = STORE_IDS[core.cityIndex];
    const currency = CITIES[core.cityIndex].country.currency;
    for (let a = 0; a < plan.count; a++) {
      if (plan.kinds[a] !== ActivityKind.Purchase) continue;
      yield [
        'P-' + number + '-' + ACTIVITY_ORDINALS[a + 1],
        'C-' + number,
        stores[plan.storeChoice[a]],
        formatEdmDateTimeOffset(plan.times[a]),
        plan.cents[a] / 100,
        currency,
        plan.itemCounts[a],
        BigInt(ORDER_NUMBER_BASE + i * (MAX_ACTIVITIES_PER_CUSTOMER + 1) + a),
      ];
    }
  }
}
