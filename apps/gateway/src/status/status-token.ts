import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed page tokens for the `StatusPage` links (§6.1, §6.3): a link in an e-mail or a
 * flow opens one status page for 7 days without a key.
 *
 * ```
 * token = base64url(JSON {"p":"/status/demo/runs/run_abc","e":1717171717}) "." base64url(HMAC-SHA256)
 *                          page path (exact)            expiry, epoch seconds
 * ```
 * The MAC covers a purpose prefix too, so a token signed for another purpose with the
 * same secret (e.g. a `$skiptoken`) never passes as a page token.
 */

/** What `verify` concludes. Only `'valid'` opens the page. */
export type StatusTokenVerdict = 'valid' | 'expired' | 'invalid' | 'wrong-page';

/** Milliseconds since the epoch, injectable for tests. */
export type Clock = () => number;

export const STATUS_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Keeps hostile inputs cheap: a real token for a page path is far shorter. */
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const PURPOSE = 'insights-gateway:status-page:v1:';

interface Payload {
  /** The page path, e.g. `/status/demo` or `/status/demo/runs/run_abc`. */
  readonly p: string;
  /** Expiry, seconds since the epoch. */
  readonly e: number;
}

export class StatusTokens {
  private readonly secret: Buffer;

  /**
   * @param secret at least 16 bytes (a string is taken as UTF-8)
   * @param now the clock, `Date.now` by default
   */
  constructor(
    secret: Buffer | string,
    private readonly now: Clock = Date.now,
  ) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.secret.length < 16) throw new RangeError('status token secret must be at least 16 bytes');
  }

  /** A token that opens exactly `path` until `validForMs` from now (default 7 days). */
  sign(path: string, validForMs: number = STATUS_TOKEN_TTL_MS): string {
    if (!Number.isFinite(validForMs) || validForMs <= 0) throw new RangeError('validForMs must be a positive number of milliseconds');
    const payload: Payload = { p: path, e: Math.floor((this.now() + validForMs) / 1000) };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /**
   * Checks a token against the page being opened. The signature is checked first (in
   * constant time), so `expired` and `wrong-page` are only ever said about genuine
   * tokens. Never throws, whatever `token` is.
   */
  verify(token: unknown, path: string): StatusTokenVerdict {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return 'invalid';
    const parts = token.split('.');
    if (parts.length !== 2) return 'invalid';
    const [body, signature] = parts;
    if (!BASE64URL.test(body) || !BASE64URL.test(signature)) return 'invalid';
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const payload = decodePayload(body);
    if (!payload) return 'invalid';
    if (payload.p !== path) return 'wrong-page';
    return payload.e * 1000 > this.now() ? 'valid' : 'expired';
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.secret).update(PURPOSE).update(body).digest();
  }
}

function decodePayload(body: string): Payload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { p, e } = value as Record<string, unknown>;
    return typeof p === 'string' && typeof e === 'number' && Number.isFinite(e) ? { p, e } : undefined;
  } catch {
    return undefined;
  }
}
