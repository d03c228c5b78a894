/**
 * ISO 8601 formatting from integer epoch values without a `Date` per value.
 *
 * The demo writes millions of timestamps; `new Date(ms).toISOString()` allocates a Date each time.
 * These functions do the civil-date arithmetic on integers (Howard Hinnant's `civil_from_days`,
 * http://howardhinnant.github.io/date_algorithms.html) and cache the `YYYY-MM-DD` text per day.
 * Output equals `toISOString()` for years 0000–9999 (checked by the spec).
 */
export const MS_PER_DAY = 86_400_000;

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Day numbers whose date text is cached: 1900-01-01 to 2099-12-31. */
const CACHE_FIRST_DAY = -25_567;
const CACHE_DAYS = 73_049;
const dateCache: (string | undefined)[] = new Array<string | undefined>(CACHE_DAYS).fill(undefined);

/** `YYYY-MM-DD` of a day number (days since 1970-01-01, may be negative). */
export function formatEdmDate(epochDay: number): string {
  const slot = epochDay - CACHE_FIRST_DAY;
  if (slot >= 0 && slot < CACHE_DAYS) {
    const cached = dateCache[slot];
    if (cached !== undefined) return cached;
    return (dateCache[slot] = civilText(epochDay));
  }
  return civilText(epochDay);
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ` of an integer epoch millisecond value (UTC). */
export function formatEdmDateTimeOffset(epochMs: number): string {
  const day = Math.floor(epochMs / MS_PER_DAY);
  let rest = epochMs - day * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return (
    formatEdmDate(day) +
    'T' +
    TWO_DIGITS[hours] +
    ':' +
    TWO_DIGITS[minutes] +
    ':' +
    TWO_DIGITS[seconds] +
    '.' +
    THREE_DIGITS[millis] +
    'Z'
  );
}

function civilText(epochDay: number): string {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return String(year).padStart(4, '0') + '-' + TWO_DIGITS[month] + '-' + TWO_DIGITS[day];
}
