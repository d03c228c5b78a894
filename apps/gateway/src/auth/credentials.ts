import { findQueryParameter } from '../http/raw-query';

/** A credential as presented, before it is checked (§7). */
export type PresentedCredential =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'basic'; readonly connectionId: string; readonly key: string }
  | { readonly kind: 'malformed' };

interface CredentialSource {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly url: string;
}

/**
 * Reads `Authorization: Bearer|Basic`, the `api-key` header, or the `api-key` query
 * parameter (Power Query's Web API key), in that order. Undefined when none is present.
 */
export function readCredential(request: CredentialSource): PresentedCredential | undefined {
  const authorization = single(request.headers.authorization);
  if (authorization !== undefined) return fromAuthorization(authorization);
  const header = single(request.headers['api-key']);
  if (header !== undefined) return header.length > 0 ? { kind: 'key', key: header } : { kind: 'malformed' };
  const query = findQueryParameter(request.url, 'api-key');
  return query === undefined ? undefined : query.length > 0 ? { kind: 'key', key: query } : { kind: 'malformed' };
}

function fromAuthorization(value: string): PresentedCredential {
  const space = value.indexOf(' ');
  const scheme = value.slice(0, space).toLowerCase();
  const token = value.slice(space + 1).trim();
  if (space <= 0 || token.length === 0) return { kind: 'malformed' };
  if (scheme === 'bearer') return { kind: 'key', key: token };
  if (scheme !== 'basic') return { kind: 'malformed' };
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return { kind: 'malformed' };
  return { kind: 'basic', connectionId: decoded.slice(0, colon), key: decoded.slice(colon + 1) };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
