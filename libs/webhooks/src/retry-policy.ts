import type { AttemptOutcome } from '@app/storage';
import type { WebhookSendResult } from './transport/http-webhook.transport';

/**
 * What one attempt means for its delivery (§6.2), as pure functions:
 *
 *   2xx                                     → delivered
 *   404, 410                                → gone (dead, and the subscription is deactivated)
 *   408, 429, 5xx, network errors           → retry, after an exponential backoff with jitter,
 *                                             honouring Retry-After, for up to the retry window
 *   any other status (1xx, 3xx, other 4xx),
 *   an internal address, an unusable URL    → dead (retrying would not change the answer)
 */
export type AttemptVerdict = 'delivered' | 'retry' | 'dead' | 'gone';

export const RETRY_DEFAULTS = {
  /** The first retry comes after 0.5–1 × this (`WEBHOOK_RETRY_BASE_MS`). */
  baseMs: 1000,
  /** No wait is longer than this, Retry-After included. */
  capMs: 60 * 60 * 1000,
  /** No attempt is made later than this after the delivery was created; it is dead-lettered instead. */
  windowMs: 24 * 60 * 60 * 1000,
} as const;

export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  readonly windowMs: number;
}

/** Classifies one attempt's result. */
export function classifyAttempt(result: WebhookSendResult): AttemptVerdict {
  if (result.kind === 'network-error') return result.error === 'blocked' || result.error === 'invalid-url' ? 'dead' : 'retry';
  const { status } = result;
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 404 || status === 410) return 'gone';
  if (status === 408 || status === 429 || (status >= 500 && status < 600)) return 'retry';
  return 'dead';
}

export interface DelayOptions {
  readonly baseMs: number;
  readonly capMs?: number;
  /** Uniform in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** The receiver's `Retry-After`: delta seconds or an HTTP date. */
  readonly retryAfter?: string;
  /** Epoch ms, to read an HTTP-date Retry-After against. */
  readonly now: number;
}

/**
 * How long to wait after failed attempt number `attempt` (1 = the first attempt):
 *
 *   backoff = min(cap, base × 2^(attempt−1))
 *   delay   = min(cap, max(backoff × (0.5 + 0.5 × random), Retry-After))
 *
 * The jitter keeps between half and all of the backoff ("equal jitter"), so receivers that
 * failed together are not retried in lock-step, yet the wait still grows with each attempt.
 * Retry-After only ever lengthens the wait, and is capped like it.
 */
export function nextAttemptDelay(attempt: number, options: DelayOptions): number {
  const capMs = options.capMs ?? RETRY_DEFAULTS.capMs;
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 52);
  const backoff = Math.min(capMs, options.baseMs * 2 ** exponent);
  const jittered = backoff * (0.5 + 0.5 * random());
  const asked = options.retryAfter === undefined ? undefined : retryAfterMs(options.retryAfter, options.now);
  return Math.round(Math.min(capMs, Math.max(jittered, asked ?? 0)));
}

/** A Retry-After header as milliseconds from `now`; undefined when it is neither form (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string, now: number): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name (IMF-fixdate, RFC 850 and asctime forms); Date.parse
  // alone would also take "-5" or "1.5" as dates.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface OutcomeInput {
  readonly result: WebhookSendResult;
  /** This attempt's number (1 = the first). */
  readonly attempt: number;
  /** When the delivery was created (ISO): the retry window starts there. */
  readonly createdAt: string;
  /** Epoch ms when the attempt ended. */
  readonly now: number;
  readonly policy: RetryPolicy;
  readonly random?: () => number;
}

/**
 * The outcome to record for one attempt. A retry is never scheduled past the end of the retry
 * window: the last one falls on the window's end, and a failure at or after it is dead.
 */
export function attemptOutcome(input: OutcomeInput): AttemptOutcome {
  const { result, now, policy } = input;
  const at = new Date(now).toISOString();
  const status = result.kind === 'response' ? result.status : undefined;
  const error = describeResult(result);
  switch (classifyAttempt(result)) {
    case 'delivered':
      return { kind: 'delivered', at, status: result.kind === 'response' ? result.status : 0 };
    case 'gone':
      return { kind: 'gone', at, status: status ?? 0, error: `${error} from the receiver` };
    case 'dead':
      return { kind: 'dead', at, ...(status !== undefined ? { status } : {}), error: `${error} (not retried)` };
    case 'retry': {
      const windowEnd = Date.parse(input.createdAt) + policy.windowMs;
      if (!(now < windowEnd)) {
        const hours = Math.round((policy.windowMs / 3_600_000) * 10) / 10;
        return { kind: 'dead', at, ...(status !== undefined ? { status } : {}), error: `${error}; gave up after ${input.attempt} attempts in ${hours} h` };
      }
      const delay = nextAttemptDelay(input.attempt, {
        baseMs: policy.baseMs,
        capMs: policy.capMs,
        now,
        ...(input.random ? { random: input.random } : {}),
        ...(result.kind === 'response' && result.retryAfter !== undefined ? { retryAfter: result.retryAfter } : {}),
      });
      const nextAttemptAt = new Date(Math.min(now + delay, windowEnd)).toISOString();
      return { kind: 'retry', at, nextAttemptAt, ...(status !== undefined ? { status } : {}), error };
    }
  }
}

/** `HTTP 503` or `timeout: no response within 10000 ms`: short, and without the URL. */
export function describeResult(result: WebhookSendResult): string {
  return result.kind === 'response' ? `HTTP ${result.status}` : `${result.error}: ${result.message}`;
}
