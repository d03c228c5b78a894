import fc from 'fast-check';
import { formatEdmDate, formatEdmDateTimeOffset, MS_PER_DAY } from './iso-format';

/** Years 0000–9999, the range `toISOString` prints with four digits. */
const MIN_MS = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

describe(formatEdmDateTimeOffset.name, () => {
  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [-1, '1969-12-31T23:59:59.999Z'],
    [Date.UTC(2024, 1, 29, 12, 34, 56, 7), '2024-02-29T12:34:56.007Z'],
    [Date.UTC(2000, 11, 31, 23, 59, 59, 999), '2000-12-31T23:59:59.999Z'],
    [Date.UTC(2100, 2, 1), '2100-03-01T00:00:00.000Z'],
    [MIN_MS, '0000-01-01T00:00:00.000Z'],
    [MAX_MS, '9999-12-31T23:59:59.999Z'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatEdmDateTimeOffset(ms)).toBe(text);
  });

  it('equals Date#toISOString for any integer millisecond in years 0000–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_MS, max: MAX_MS }), (ms) => {
        expect(formatEdmDateTimeOffset(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });
});

describe(formatEdmDate.name, () => {
  it('equals the date part of Date#toISOString, inside and outside the cached range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (day) => {
        const expected = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
        expect(formatEdmDate(day)).toBe(expected);
        expect(formatEdmDate(day)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });
});
