/**
 * Edm.DateTimeOffset / Edm.Date literal normalisation. Stored DateTimeOffsets are UTC
 * strings `YYYY-MM-DDTHH:mm:ss.sssZ`, so ordinal string comparison is time order; a
 * literal is brought to the same form (offset applied, fraction truncated to ms).
 */
const DATE_TIME_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;

/** `2020-01-01T00:00:00+02:00` → `2019-12-31T22:00:00.000Z`; undefined when not a valid instant. */
export function normalizeDateTimeOffset(text: string): string | undefined {
  const m = DATE_TIME_OFFSET.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  const local = utcMillis(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  const instant = new Date(local - offset * MINUTE_MS);
  const utcYear = instant.getUTCFullYear();
  // Outside 0001-9999 toISOString() changes shape and string order breaks.
  if (utcYear < 1 || utcYear > 9999) return undefined;
  return instant.toISOString();
}

/** `2020-02-29` → itself; undefined for `2021-02-29` or anything else. */
export function normalizeDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  return isValidDate(year, month, day) && year >= 1 ? text : undefined;
}

function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const next = new Date(utcMillis(year, month, day));
  return next.getUTCMonth() === month - 1 && next.getUTCDate() === day;
}

/** Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not. */
function utcMillis(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}
