import { ACTIVITY_TYPES, ActivityKind } from '../pools/activity-catalog';
import { CITIES } from '../pools/places';
import { cumulativeWeights, Prng } from '../random/prng';
import { ACTIVITY_WINDOW_MS, CustomerCore, DEMO_NOW_MS, DemoStream } from './demo-context';

export const MAX_ACTIVITIES_PER_CUSTOMER = 12;
const MAX = MAX_ACTIVITIES_PER_CUSTOMER;

/** Poisson(5) truncated to 0–12: about five activities per customer. */
const ACTIVITY_COUNT_WEIGHTS = cumulativeWeights(poissonWeights(5, MAX));
const KIND_WEIGHTS = cumulativeWeights(ACTIVITY_TYPES.map((t) => t.weight));
/** Items in a purchase: mostly one or two. */
const ITEM_COUNT_WEIGHTS = cumulativeWeights([40, 25, 15, 8, 5, 3, 2, 1, 0.6, 0.4]);
/** `storeChoice` value meaning the web shop rather than one of the home city's stores. */
export const ONLINE_STORE = 3;

/**
 * One customer's activities as parallel typed arrays, filled in place (no allocation per customer):
 * `UnifiedActivity`, `Customer_Measure` and `PosPurchases` all derive their rows from it.
 *
 * Draw order is part of the data's identity: count and kinds come first, so {@link countKinds}
 * can total the rows of a whole generation without drawing times and amounts.
 */
export class ActivityPlan {
  count = 0;
  /** {@link ActivityKind} per activity. */
  readonly kinds = new Uint8Array(MAX);
  /** Epoch ms, ascending. */
  readonly times = new Float64Array(MAX);
  /** Purchase total (> 0) or return refund (< 0) in cents; 0 for other kinds. */
  readonly cents = new Int32Array(MAX);
  readonly itemCounts = new Uint8Array(MAX);
  /** Purchases: index into {@link STORE_IDS} of the customer's city. */
  readonly storeChoice = new Uint8Array(MAX);
  readonly nameChoice = new Uint8Array(MAX);
  readonly titleChoice = new Uint8Array(MAX);
  private readonly prng = new Prng();

  fill(seed: number, index: number, core: CustomerCore): void {
    this.drawKinds(seed, index);
    this.drawTimes(core.createdOnMs);
    for (let i = 0; i < this.count; i++) this.drawDetails(i);
  }

  /** Draws only the count and kinds; returns the number of purchases. */
  countKinds(seed: number, index: number): number {
    this.drawKinds(seed, index);
    let purchases = 0;
    for (let i = 0; i < this.count; i++) if (this.kinds[i] === ActivityKind.Purchase) purchases++;
    return purchases;
  }

  private drawKinds(seed: number, index: number): void {
    const prng = this.prng;
    prng.reseed(seed, DemoStream.Activities, index);
    this.count = prng.pick(ACTIVITY_COUNT_WEIGHTS);
    for (let i = 0; i < this.count; i++) this.kinds[i] = prng.pick(KIND_WEIGHTS);
  }

  private drawTimes(createdOnMs: number): void {
    const start = Math.max(createdOnMs, DEMO_NOW_MS - ACTIVITY_WINDOW_MS);
    const span = DEMO_NOW_MS - start;
    const times = this.times;
    for (let i = 0; i < this.count; i++) {
      const t = start + Math.floor(this.prng.next() * span);
      // Insertion sort: at most 12 values.
      let j = i - 1;
      while (j >= 0 && times[j] > t) {
        times[j + 1] = times[j];
        j--;
      }
      times[j + 1] = t;
    }
  }

  private drawDetails(i: number): void {
    const prng = this.prng;
    const kind = this.kinds[i];
    const info = ACTIVITY_TYPES[kind];
    this.cents[i] = 0;
    this.itemCounts[i] = 0;
    this.storeChoice[i] = 0;
    if (kind === ActivityKind.Purchase) {
      const items = prng.pick(ITEM_COUNT_WEIGHTS) + 1;
      const online = prng.chance(0.25);
      this.itemCounts[i] = items;
      this.cents[i] = items * prng.between(299, 8999);
      this.storeChoice[i] = online ? ONLINE_STORE : prng.int(ONLINE_STORE);
      this.nameChoice[i] = online ? 1 : 0;
      this.titleChoice[i] = items - 1;
      return;
    }
    if (kind === ActivityKind.Return) this.cents[i] = -prng.between(999, 12_999);
    this.nameChoice[i] = prng.int(info.names.length);
    this.titleChoice[i] = prng.int(info.titles.length);
  }
}

function poissonWeights(mean: number, max: number): number[] {
  const weights: number[] = [];
  let p = Math.exp(-mean);
  for (let k = 0; k <= max; k++) {
    weights.push(p);
    p *= mean / (k + 1);
  }
  return weights;
}

/** `01`…`12`: the 1-based ordinal of an activity within its customer, as used in ids. */
export const ACTIVITY_ORDINALS: readonly string[] = Array.from({ length: MAX + 1 }, (_, n) =>
  String(n).padStart(2, '0'),
);

/** Store ids per city, indexed by `storeChoice` (three city stores, then the web shop). */
export const STORE_IDS: readonly (readonly string[])[] = CITIES.map((c) => [
  `ST-${c.code}-1`,
  `ST-${c.code}-2`,
  `ST-${c.code}-3`,
  'WEB',
]);
