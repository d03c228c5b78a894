let sequence = 0;

/** A new record version: time-based so versions stay unique across restarts and reloads. */
export function newEtag(): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${Date.now().toString(36)}${sequence.toString(36).padStart(4, '0')}`;
}

/** The ETag as served (weak: equal content may still differ in version). */
export function formatEtag(etag: string): string {
  return `W/"${etag}"`;
}

/** `If-Match: *` matches any existing record; otherwise one of the listed tags must match. */
export function etagMatches(etag: string, ifMatch: readonly string[]): boolean {
  return ifMatch.some((candidate) => candidate === '*' || candidate === formatEtag(etag) || candidate === `"${etag}"`);
}

/** Splits an `If-Match` header into its entity tags. */
export function parseIfMatch(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}
