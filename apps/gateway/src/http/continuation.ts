import { createHash } from 'node:crypto';
import { rawQueryOf } from './raw-query';

/** Options that never go into a next link: the old position and the caller's key (§7). */
const NOT_FORWARDED = new Set(['$skiptoken', 'api-key']);

/** The query's options as sent, minus the position and the key. */
export function forwardedOptions(rawQuery: string): string[] {
  return rawQuery.split('&').filter((part) => part.length > 0 && !NOT_FORWARDED.has(decodeName(part)));
}

/**
 * Binds a `$skiptoken` to the query it continues: the request path and every option
 * except the token and the key. Computed from the URL alone, so the throttler can tell a
 * real continuation (free) from a token replayed on another query (counted, then 400).
 */
export function continuationFingerprint(url: string): string {
  const rawQuery = rawQueryOf(url);
  const path = url.slice(0, url.length - rawQuery.length).replace(/\?$/, '');
  return createHash('sha256')
    .update(JSON.stringify([path, forwardedOptions(rawQuery).sort()]))
    .digest('base64url')
    .slice(0, 22);
}

function decodeName(part: string): string {
  const eq = part.indexOf('=');
  const name = eq < 0 ? part : part.slice(0, eq);
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
