import type { InstanceManifest } from '@app/storage';
import { demoManifest, DemoEntityName } from './demo-manifest';
import type { CustomerRange, DemoRow } from './demo-types';
import { ActivityPlan } from './generators/activity-plan';
import { customerMeasureRows } from './generators/customer-measure.generator';
import { customerRows } from './generators/customer.generator';
import { DemoContext } from './generators/demo-context';
import { posPurchaseRows } from './generators/pos-purchase.generator';
import { unifiedActivityRows } from './generators/unified-activity.generator';

export interface DemoDataOptions {
  /** Number of customers, an integer from 0 to {@link MAX_DEMO_CUSTOMERS}. */
  readonly customers: number;
  /** Integer from 0 to 2^32 − 1; defaults to {@link DEFAULT_DEMO_SEED}. */
  readonly seed?: number;
}

/** The rows of one demo entity. */
export interface DemoEntityData {
  readonly name: DemoEntityName;
  /** Rows {@link rows} yields for all customers (computed on first read, then cached). */
  readonly rowCount: number;
  /**
   * A fresh stream of rows in the manifest's attribute order, ordered by customer. Holds one
   * customer's state at a time; `range` restricts it to some customers (e.g. to split the work).
   */
  rows(range?: CustomerRange): Iterable<DemoRow>;
}

/**
 * A generated demo data set: nothing is materialised, each entity streams its rows on demand.
 * Same options ⇒ identical rows, whichever entity or range is read first.
 *
 * @example
 * const data = generateDemoData({ customers: 10_000 });
 * for (const entity of data.entities) for (const row of entity.rows()) insert(entity.name, row);
 */
export interface DemoData {
  readonly manifest: InstanceManifest;
  readonly customers: number;
  readonly seed: number;
  /** In manifest order: Customer, UnifiedActivity, Customer_Measure, PosPurchases. */
  readonly entities: readonly DemoEntityData[];
  entity(name: DemoEntityName): DemoEntityData;
}

export const DEFAULT_DEMO_SEED = 20_260_101;
export const MAX_DEMO_CUSTOMERS = 100_000_000;

type RowSource = (ctx: DemoContext, range: CustomerRange) => Iterable<DemoRow>;

export function generateDemoData(options: DemoDataOptions): DemoData {
  const { customers, seed = DEFAULT_DEMO_SEED } = options;
  if (!Number.isInteger(customers) || customers < 0 || customers > MAX_DEMO_CUSTOMERS) {
    throw new RangeError(`customers must be an integer from 0 to ${MAX_DEMO_CUSTOMERS}, got ${customers}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
  const ctx = new DemoContext(seed, customers);
  const counts = lazyActivityCounts(ctx);
  const entities: DemoEntityData[] = [
    entityData(ctx, DemoEntityName.Customer, customerRows, () => customers),
    entityData(ctx, DemoEntityName.UnifiedActivity, unifiedActivityRows, () => counts().activities),
    entityData(ctx, DemoEntityName.CustomerMeasure, customerMeasureRows, () => customers),
    entityData(ctx, DemoEntityName.PosPurchases, posPurchaseRows, () => counts().purchases),
  ];
  return {
    manifest: demoManifest(),
    customers,
    seed,
    entities,
    entity(name: DemoEntityName): DemoEntityData {
      const found = entities.find((e) => e.name === name);
      if (!found) throw new Error(`no demo entity ${name}`);
      return found;
    },
  };
}

function entityData(
  ctx: DemoContext,
  name: DemoEntityName,
  source: RowSource,
  count: () => number,
): DemoEntityData {
  return {
    name,
    get rowCount(): number {
      return count();
    },
    rows(range?: CustomerRange): Iterable<DemoRow> {
      return source(ctx, checkedRange(ctx, range));
    },
  };
}

function checkedRange(ctx: DemoContext, range: CustomerRange | undefined): CustomerRange {
  if (!range) return { from: 0, to: ctx.customers };
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > ctx.customers) {
    throw new RangeError(`customer range [${from}, ${to}) is not within [0, ${ctx.customers})`);
  }
  return range;
}

/** Activity and purchase totals, from a pass that draws only counts and kinds (cheap). */
function lazyActivityCounts(ctx: DemoContext): () => { activities: number; purchases: number } {
  let cached: { activities: number; purchases: number } | undefined;
  return () => {
    if (cached) return cached;
    const plan = new ActivityPlan();
    let activities = 0;
    let purchases = 0;
    for (let i = 0; i < ctx.customers; i++) {
      purchases += plan.countKinds(ctx.seed, i);
      activities += plan.count;
    }
    return (cached = { activities, purchases });
  };
}
