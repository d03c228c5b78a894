import type { CustomerRange, DemoRow } from '../demo-types';
import { formatEdmDateTimeOffset } from '../format/iso-format';
import { ACTIVITY_TYPES, ActivityKind } from '../pools/activity-catalog';
import { ACTIVITY_ORDINALS, ActivityPlan } from './activity-plan';
import { CustomerCore, DemoContext } from './demo-context';

const SOURCE_ID_PREFIXES = ACTIVITY_TYPES.map((t) => t.sourcePrefix + '-');

/**
 * `UnifiedActivity` rows, per customer in time order. `ActivityId` is `A-<customer#>-<nn>`;
 * a purchase points at its `PosPurchases` row (`SourceActivityId` = `PurchaseId`), other kinds at
 * the source system they would come from. `Amount` is set for purchases and (negative) returns.
 */
export function* unifiedActivityRows(ctx: DemoContext, range: CustomerRange): Generator<DemoRow> {
  const core = new CustomerCore();
  const plan = new ActivityPlan();
  for (let i = range.from; i < range.to; i++) {
    core.fill(ctx.seed, i);
    plan.fill(ctx.seed, i, core);
    const number = ctx.customerNumber(i);
    const customerId = 'C-' + number;
    const idSuffix = number + '-';
    for (let a = 0; a < plan.count; a++) {
      const kind = plan.kinds[a];
      const info = ACTIVITY_TYPES[kind];
      const ordinal = ACTIVITY_ORDINALS[a + 1];
      const hasAmount = kind === ActivityKind.Purchase || kind === ActivityKind.Return;
      yield [
        'A-' + idSuffix + ordinal,
        customerId,
        info.type,
        info.display,
        formatEdmDateTimeOffset(plan.times[a]),
        info.names[plan.nameChoice[a]],
        info.titles[plan.titleChoice[a]],
        info.sourceEntity,
        SOURCE_ID_PREFIXES[kind] + idSuffix + ordinal,
        hasAmount ? plan.cents[a] / 100 : null,
      ];
    }
  }
}
