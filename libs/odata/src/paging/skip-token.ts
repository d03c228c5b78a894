import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StorageValue } from '../ast/bound';
import { ODataErrorCode, ODataSyntaxError } from '../errors/odata-errors';

/**
 * What a continuation needs: where the previous page stopped (keyset values of the
 * last row), how many rows were served so far (for `$top`), and the count of the
 * first page so deep pages don't recount.
 */
export interface SkipTokenState {
  /** Fingerprint of the query the token continues (dataset, entity, options). */
  readonly query: string;
  readonly after: readonly (StorageValue | null)[];
  readonly served: number;
  readonly count?: number;
}

type EncodedValue = string | number | boolean | null | { readonly n: string };

interface Payload {
  readonly q: string;
  readonly a: readonly EncodedValue[];
  readonly s: number;
  readonly c?: number;
  /** Expiry, seconds since the epoch. */
  readonly e: number;
}

/**
 * Opaque `$skiptoken`s: base64url JSON payload + HMAC-SHA256, so a client can
 * neither forge a position nor make a fresh query pass as a (free) continuation (§7).
 */
export class SkipTokenCodec {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 16) throw new RangeError('skip token secret must be at least 16 bytes');
  }

  encode(state: SkipTokenState): string {
    const payload: Payload = {
      q: state.query,
      a: state.after.map(encodeValue),
      s: state.served,
      ...(state.count !== undefined ? { c: state.count } : {}),
      e: Math.floor(this.now() / 1000) + this.ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** True when the token is authentic, unexpired and continues `query`. */
  isValidFor(token: string, query: string): boolean {
    return this.tryDecode(token)?.q === query;
  }

  /** Decodes a token for `query`; anything else is a 400 that names `$skiptoken`. */
  decode(token: string, query: string): SkipTokenState {
    const payload = this.tryDecode(token);
    if (!payload || payload.q !== query) {
      throw new ODataSyntaxError(
        ODataErrorCode.SkipTokenInvalid,
        'The $skiptoken is invalid, expired or belongs to another query. Start again from the first page.',
        '$skiptoken',
      );
    }
    return {
      query: payload.q,
      after: payload.a.map(decodeValue),
      served: payload.s,
      ...(payload.c !== undefined ? { count: payload.c } : {}),
    };
  }

  private tryDecode(token: string): Payload | undefined {
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const signature = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    return payload.e * 1000 > this.now() ? payload : undefined;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function encodeValue(value: StorageValue | null): EncodedValue {
  return typeof value === 'bigint' ? { n: value.toString() } : value;
}

function decodeValue(value: EncodedValue): StorageValue | null {
  return value !== null && typeof value === 'object' ? BigInt(value.n) : value;
}
