import { createHmac } from 'node:crypto';
import { STATUS_TOKEN_TTL_MS, StatusTokens } from './status-token';

const SECRET = 'a-secret-of-at-least-16-bytes';
const PAGE = '/status/demo/runs/run_abc';
const T0 = Date.parse('2024-05-12T08:30:00Z');

function clock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe(StatusTokens.name, () => {
  it('opens exactly the page it was signed for', () => {
    const sut = new StatusTokens(SECRET, clock().now);
    const token = sut.sign(PAGE);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sut.verify(token, PAGE)).toBe('valid');
    expect(sut.verify(token, '/status/demo')).toBe('wrong-page');
    expect(sut.verify(token, '/status/demo/runs/run_abd')).toBe('wrong-page');
    expect(sut.verify(token, `${PAGE}/`)).toBe('wrong-page');
  });

  it('carries the path and the expiry in seconds, readable but not forgeable', () => {
    const sut = new StatusTokens(SECRET, clock().now);
    const [body] = sut.sign(PAGE).split('.');
    expect(JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))).toEqual({ p: PAGE, e: (T0 + STATUS_TOKEN_TTL_MS) / 1000 });
  });

  it('is valid for 7 days by default, then expired', () => {
    const time = clock();
    const sut = new StatusTokens(SECRET, time.now);
    const token = sut.sign(PAGE);
    time.advance(STATUS_TOKEN_TTL_MS - 1000);
    expect(sut.verify(token, PAGE)).toBe('valid');
    time.advance(1000);
    expect(sut.verify(token, PAGE)).toBe('expired');
  });

  it('honours a shorter lifetime and refuses a nonsensical one', () => {
    const time = clock();
    const sut = new StatusTokens(SECRET, time.now);
    const token = sut.sign(PAGE, 60_000);
    time.advance(59_000);
    expect(sut.verify(token, PAGE)).toBe('valid');
    time.advance(1_000);
    expect(sut.verify(token, PAGE)).toBe('expired');
    expect(() => sut.sign(PAGE, 0)).toThrow(RangeError);
    expect(() => sut.sign(PAGE, Number.NaN)).toThrow(RangeError);
  });

  it('rejects a tampered payload or signature', () => {
    const sut = new StatusTokens(SECRET, clock().now);
    const [body, signature] = sut.sign(PAGE).split('.');
    const otherBody = Buffer.from(JSON.stringify({ p: '/status/demo', e: 9_999_999_999 })).toString('base64url');
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    expect(sut.verify(`${otherBody}.${signature}`, '/status/demo')).toBe('invalid');
    expect(sut.verify(`${body}.${flipped}`, PAGE)).toBe('invalid');
    expect(sut.verify(`${body}.${signature}x`, PAGE)).toBe('invalid');
    expect(sut.verify(`${body}.`, PAGE)).toBe('invalid');
  });

  it('rejects a token signed with another secret, or for another purpose with the same secret', () => {
    const sut = new StatusTokens(SECRET, clock().now);
    expect(sut.verify(new StatusTokens('another-secret-of-16-bytes', clock().now).sign(PAGE), PAGE)).toBe('invalid');
    const body = Buffer.from(JSON.stringify({ p: PAGE, e: 9_999_999_999 })).toString('base64url');
    const plainMac = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(sut.verify(`${body}.${plainMac}`, PAGE)).toBe('invalid');
  });

  it('says invalid, never throws, for garbage', () => {
    const sut = new StatusTokens(SECRET, clock().now);
    const garbage: unknown[] = ['', '.', '..', 'abc', 'a.b.c', '%%%.%%%', '\u0000.\u0000', 'x'.repeat(100_000), undefined, null, 42, ['a', 'b'], {}];
    for (const token of garbage) expect(sut.verify(token, PAGE)).toBe('invalid');
  });

  it('says invalid for an authentic token whose payload is not a page token', () => {
    const mac = (body: string) => createHmac('sha256', SECRET).update('insights-gateway:status-page:v1:').update(body).digest('base64url');
    const sut = new StatusTokens(SECRET, clock().now);
    for (const json of ['not json', 'null', '[]', '{"p":1,"e":2}', '{"p":"/status/demo"}', '{"p":"/status/demo","e":"9"}']) {
      const body = Buffer.from(json).toString('base64url');
      expect(sut.verify(`${body}.${mac(body)}`, '/status/demo')).toBe('invalid');
    }
  });

  it('accepts a Buffer secret and refuses a short one', () => {
    const bytes = Buffer.alloc(32, 7);
    const sut = new StatusTokens(bytes, clock().now);
    expect(sut.verify(sut.sign(PAGE), PAGE)).toBe('valid');
    expect(() => new StatusTokens('short')).toThrow(RangeError);
    expect(() => new StatusTokens(Buffer.alloc(15))).toThrow(RangeError);
  });
});
