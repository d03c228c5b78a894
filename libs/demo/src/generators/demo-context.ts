import { cumulativeWeights, Prng } from '../random/prng';
import { CITIES } from '../pools/places';

/**
 * The fixed "now" of the demo world: data depend on the seed and the customer count only,
 * never on the clock.
 */
export const DEMO_NOW_MS = Date.UTC(2026, 0, 1);

const DAY_MS = 86_400_000;
/** Customers were created within the last five years. */
const CREATED_WINDOW_MS = 1826 * DAY_MS;
/** Activities happened within the last three years (and after the customer was created). */
export const ACTIVITY_WINDOW_MS = 1096 * DAY_MS;

/**
 * Independent random streams per customer. Each entity stream re-derives what it needs from
 * these, so no entity has to keep another one's rows.
 */
export const DemoStream = { Core: 1, Profile: 2, Activities: 3 } as const;

const CITY_WEIGHTS = cumulativeWeights(CITIES.map((c) => c.weight));

/** Options of one generation, shared by every entity stream. */
export class DemoContext {
  /** Digits of the customer number; at least 6 so ids stay stable as the demo grows to 999 999. */
  readonly idWidth: number;

  constructor(
    readonly seed: number,
    readonly customers: number,
  ) {
    this.idWidth = Math.max(6, String(customers).length);
  }

  /** Zero-padded 1-based customer number (`000042`), shared by every id of that customer. */
  customerNumber(index: number): string {
    return String(index + 1).padStart(this.idWidth, '0');
  }
}

/**
 * The facts about a customer that several entities need (home city, creation time).
 * Re-filled in place per customer; one instance per stream.
 */
export class CustomerCore {
  cityIndex = 0;
  createdOnMs = 0;
  private readonly prng = new Prng();

  fill(seed: number, index: number): void {
    const prng = this.prng;
    prng.reseed(seed, DemoStream.Core, index);
    this.cityIndex = prng.pick(CITY_WEIGHTS);
    this.createdOnMs = DEMO_NOW_MS - 1 - Math.floor(prng.next() * CREATED_WINDOW_MS);
  }
}
