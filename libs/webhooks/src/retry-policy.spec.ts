import { attemptOutcome, classifyAttempt, nextAttemptDelay, retryAfterMs, RETRY_DEFAULTS, type AttemptVerdict } from './retry-policy';
import type { NetworkErrorKind, WebhookSendResult } from './transport/http-webhook.transport';

const response = (status: number, retryAfter?: string): WebhookSendResult => ({ kind: 'response', status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
const network = (error: NetworkErrorKind): WebhookSendResult => ({ kind: 'network-error', error, message: 'connect ECONNREFUSED 203.0.113.1:443' });

describe(classifyAttempt.name, () => {
  it.each<[number, AttemptVerdict]>([
    [200, 'delivered'],
    [201, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [404, 'gone'],
    [410, 'gone'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [599, 'retry'],
    [100, 'dead'],
    [301, 'dead'],
    [302, 'dead'],
    [304, 'dead'],
    [400, 'dead'],
    [401, 'dead'],
    [403, 'dead'],
    [405, 'dead'],
    [409, 'dead'],
    [413, 'dead'],
    [422, 'dead'],
    [600, 'dead'],
  ])('HTTP %i → %s', (status, verdict) => {
    expect(classifyAttempt(response(status))).toBe(verdict);
  });

  it.each<[NetworkErrorKind, AttemptVerdict]>([
    ['timeout', 'retry'],
    ['refused', 'retry'],
    ['dns', 'retry'],
    ['reset', 'retry'],
    ['tls', 'retry'],
    ['other', 'retry'],
    ['blocked', 'dead'],
    ['invalid-url', 'dead'],
  ])('network error %s → %s', (error, verdict) => {
    expect(classifyAttempt(network(error))).toBe(verdict);
  });
});

describe(nextAttemptDelay.name, () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const top = () => 0.999999999;
  const bottom = () => 0;

  it('doubles from the base with each attempt (no jitter at the top of the range)', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => nextAttemptDelay(attempt, { baseMs: 1000, random: top, now }));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
  });

  it('keeps between half and all of the backoff', () => {
    expect(nextAttemptDelay(3, { baseMs: 1000, random: bottom, now })).toBe(2000);
    expect(nextAttemptDelay(3, { baseMs: 1000, random: () => 0.5, now })).toBe(3000);
    for (let i = 0; i < 200; i++) {
      const delay = nextAttemptDelay(4, { baseMs: 100, now });
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('brings the first retry within about 2 s with the default base', () => {
    expect(nextAttemptDelay(1, { baseMs: RETRY_DEFAULTS.baseMs, random: top, now })).toBeLessThanOrEqual(2000);
  });

  it('is capped at 1 h by default, and at the given cap', () => {
    expect(nextAttemptDelay(13, { baseMs: 1000, random: top, now })).toBe(3_600_000);
    expect(nextAttemptDelay(1000, { baseMs: 1000, random: top, now })).toBe(3_600_000);
    expect(nextAttemptDelay(10, { baseMs: 1000, capMs: 60_000, random: top, now })).toBe(60_000);
    expect(nextAttemptDelay(10, { baseMs: 1000, capMs: 60_000, random: bottom, now })).toBe(30_000);
  });

  it('honours a longer Retry-After in seconds, and ignores a shorter one', () => {
    expect(nextAttemptDelay(1, { baseMs: 1000, random: top, retryAfter: '120', now })).toBe(120_000);
    expect(nextAttemptDelay(5, { baseMs: 1000, random: top, retryAfter: '1', now })).toBe(16_000);
  });

  it('honours Retry-After as an HTTP date', () => {
    const at = new Date(now + 90_000).toUTCString();
    expect(nextAttemptDelay(1, { baseMs: 1000, random: top, retryAfter: at, now })).toBe(90_000);
    expect(nextAttemptDelay(1, { baseMs: 1000, random: top, retryAfter: new Date(now - 60_000).toUTCString(), now })).toBe(1000);
  });

  it('caps Retry-After at the cap, and ignores one it cannot read', () => {
    expect(nextAttemptDelay(1, { baseMs: 1000, random: top, retryAfter: '86400', now })).toBe(3_600_000);
    expect(nextAttemptDelay(1, { baseMs: 1000, random: top, retryAfter: 'soon', now })).toBe(1000);
  });
});

describe(retryAfterMs.name, () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it.each<[string, number | undefined]>([
    ['0', 0],
    ['30', 30_000],
    [' 5 ', 5_000],
    ['Sun, 01 Jun 2025 12:01:00 GMT', 60_000],
    ['Sun, 01 Jun 2025 11:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['tomorrow', undefined],
  ])('%j → %p', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});

describe(attemptOutcome.name, () => {
  const createdAt = '2025-06-01T00:00:00.000Z';
  const created = Date.parse(createdAt);
  const policy = { baseMs: 1000, capMs: 3_600_000, windowMs: 24 * 3_600_000 };
  const top = () => 0.999999999;

  it('records a delivery', () => {
    expect(attemptOutcome({ result: response(204), attempt: 1, createdAt, now: created + 50, policy })).toEqual({
      kind: 'delivered',
      at: '2025-06-01T00:00:00.050Z',
      status: 204,
    });
  });

  it('schedules a retry after the backoff, with the status', () => {
    expect(attemptOutcome({ result: response(503), attempt: 2, createdAt, now: created + 10_000, policy, random: top })).toEqual({
      kind: 'retry',
      at: '2025-06-01T00:00:10.000Z',
      nextAttemptAt: '2025-06-01T00:00:12.000Z',
      status: 503,
      error: 'HTTP 503',
    });
  });

  it('schedules a retry after a network error, without a status and without the URL', () => {
    const sut = attemptOutcome({ result: network('refused'), attempt: 1, createdAt, now: created, policy, random: top });
    expect(sut).toEqual({ kind: 'retry', at: createdAt, nextAttemptAt: '2025-06-01T00:00:01.000Z', error: 'refused: connect ECONNREFUSED 203.0.113.1:443' });
  });

  it('honours Retry-After on 429', () => {
    const sut = attemptOutcome({ result: response(429, '30'), attempt: 1, createdAt, now: created, policy, random: top });
    expect(sut).toMatchObject({ kind: 'retry', nextAttemptAt: '2025-06-01T00:00:30.000Z', status: 429 });
  });

  it('marks 404 and 410 gone and other client errors dead', () => {
    expect(attemptOutcome({ result: response(410), attempt: 1, createdAt, now: created, policy })).toEqual({ kind: 'gone', at: createdAt, status: 410, error: 'HTTP 410 from the receiver' });
    expect(attemptOutcome({ result: response(404), attempt: 3, createdAt, now: created, policy })).toMatchObject({ kind: 'gone', status: 404 });
    expect(attemptOutcome({ result: response(400), attempt: 1, createdAt, now: created, policy })).toEqual({ kind: 'dead', at: createdAt, status: 400, error: 'HTTP 400 (not retried)' });
    expect(attemptOutcome({ result: network('blocked'), attempt: 1, createdAt, now: created, policy })).toMatchObject({ kind: 'dead', error: expect.stringMatching(/^blocked: /) });
  });

  it('never schedules past the retry window: the last retry falls on its end', () => {
    const now = created + policy.windowMs - 10_000;
    const sut = attemptOutcome({ result: response(500), attempt: 30, createdAt, now, policy, random: top });
    expect(sut).toMatchObject({ kind: 'retry', nextAttemptAt: new Date(created + policy.windowMs).toISOString() });
  });

  it('is dead once the retry window has passed', () => {
    for (const now of [created + policy.windowMs, created + policy.windowMs + 1]) {
      const sut = attemptOutcome({ result: response(500), attempt: 31, createdAt, now, policy, random: top });
      expect(sut).toEqual({ kind: 'dead', at: new Date(now).toISOString(), status: 500, error: 'HTTP 500; gave up after 31 attempts in 24 h' });
    }
  });

  it('uses a short window when given one', () => {
    const sut = attemptOutcome({ result: network('timeout'), attempt: 2, createdAt, now: created + 100, policy: { ...policy, windowMs: 100 } });
    expect(sut).toMatchObject({ kind: 'dead', error: expect.stringContaining('gave up after 2 attempts') });
  });
});
