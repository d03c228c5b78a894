/**
 * Argument checks every store makes, whichever database is behind it. A failing check is a
 * caller's bug (the gateway validates what users send before it reaches storage), so these
 * throw plain errors, not StorageErrors that would map to a 4xx.
 */

/** A row limit must be a whole, non-negative number: `LIMIT 1.5` or `LIMIT -1` means something different per dialect. */
export function checkLimit(limit: number, what: string): void {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`${what} must be a non-negative integer, got ${limit}`);
}

/** Exhaustiveness guard for a `switch` over a closed union: a new member becomes a compile error. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what} ${JSON.stringify(value)}`);
}
