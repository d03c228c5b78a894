import type { CustomerRange, DemoRow } from '../demo-types';
import { formatEdmDate, formatEdmDateTimeOffset, MS_PER_DAY } from '../format/iso-format';
import { compilePattern, fillPattern } from '../format/text-pattern';
import { emailSlug, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from '../pools/person-names';
import { CITIES } from '../pools/places';
import { cumulativeWeights, Prng } from '../random/prng';
import { CustomerCore, DEMO_NOW_MS, DemoContext, DemoStream } from './demo-context';

const FIRST_NAMES = [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES];
const FIRST_SLUGS = FIRST_NAMES.map(emailSlug);
const LAST_SLUGS = LAST_NAMES.map(emailSlug);
const MALE_OFFSET = FEMALE_FIRST_NAMES.length;

const POSTAL_PATTERNS = CITIES.map((c) => compilePattern(c.postalPattern));
const PHONE_PATTERNS = CITIES.map((c) => compilePattern(c.country.phonePattern));

const TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
const TIER_WEIGHTS = cumulativeWeights([55, 28, 13, 4]);
/** Loyalty points range per tier, `[min, max]`. */
const TIER_POINTS: readonly (readonly [number, number])[] = [
  [0, 999],
  [1000, 4999],
  [5000, 14_999],
  [15_000, 60_000],
];
const CHANNELS = ['Email', 'SMS', 'App', 'Phone', 'Post'];
const CHANNEL_WEIGHTS = cumulativeWeights([45, 20, 20, 10, 5]);

const NOW_DAY = Math.floor(DEMO_NOW_MS / MS_PER_DAY);
const MIN_AGE_DAYS = 18 * 366;
const MAX_AGE_DAYS = 85 * 365;

/**
 * `Customer` rows in manifest order. Null rates: Phone ~10 %, BirthDate ~5 %, Gender ~20 %.
 * E-mails are `first.last{n}@example.com` with the customer number n, so they are unique.
 */
export function* customerRows(ctx: DemoContext, range: CustomerRange): Generator<DemoRow> {
  const prng = new Prng();
  const core = new CustomerCore();
  for (let i = range.from; i < range.to; i++) {
    core.fill(ctx.seed, i);
    prng.reseed(ctx.seed, DemoStream.Profile, i);
    const city = CITIES[core.cityIndex];
    const country = city.country;

    const genderRoll = prng.next();
    const gender = genderRoll < 0.49 ? 'Female' : genderRoll < 0.98 ? 'Male' : 'Non-binary';
    const first =
      gender === 'Female'
        ? prng.int(MALE_OFFSET)
        : gender === 'Male'
          ? MALE_OFFSET + prng.int(MALE_FIRST_NAMES.length)
          : prng.int(FIRST_NAMES.length);
    const last = prng.int(LAST_NAMES.length);
    const firstName = FIRST_NAMES[first];
    const lastName = LAST_NAMES[last];

    const tier = prng.pick(TIER_WEIGHTS);
    const points = TIER_POINTS[tier];
    const street = country.streets[prng.int(country.streets.length)];
    const houseNumber = prng.between(1, 250);
    const phone = prng.chance(0.1) ? null : fillPattern(PHONE_PATTERNS[core.cityIndex], prng);
    const birthDate = prng.chance(0.05) ? null : formatEdmDate(NOW_DAY - prng.between(MIN_AGE_DAYS, MAX_AGE_DAYS));
    const createdOn = core.createdOnMs;

    yield [
      'C-' + ctx.customerNumber(i),
      FIRST_SLUGS[first] + '.' + LAST_SLUGS[last] + (i + 1) + '@example.com',
      city.name,
      country.name,
      TIERS[tier],
      firstName,
      lastName,
      firstName + ' ' + lastName,
      phone,
      fillPattern(POSTAL_PATTERNS[core.cityIndex], prng),
      country.numberFirst ? houseNumber + ' ' + street : street + ' ' + houseNumber,
      birthDate,
      prng.chance(0.2) ? null : gender,
      CHANNELS[prng.pick(CHANNEL_WEIGHTS)],
      prng.between(points[0], points[1]),
      formatEdmDateTimeOffset(createdOn),
      formatEdmDateTimeOffset(createdOn + Math.floor(prng.next() * (DEMO_NOW_MS - createdOn))),
    ];
  }
}
