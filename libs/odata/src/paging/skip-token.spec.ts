import { SkipTokenCodec } from './skip-token';
import { ODataSyntaxError } from '../errors/odata-errors';

describe(SkipTokenCodec.name, () => {
  let now = 1_700_000_000_000;
  const sut = new SkipTokenCodec(Buffer.alloc(32, 7), 3600, () => now);

  it('round-trips keyset values, including Int64 beyond 2^53 and nulls', () => {
    const token = sut.encode({ query: 'q1', after: ['C-1', 9007199254740993n, null, true, 1.5], served: 2000, count: 12 });
    expect(sut.decode(token, 'q1')).toEqual({ query: 'q1', after: ['C-1', 9007199254740993n, null, true, 1.5], served: 2000, count: 12 });
    expect(sut.isValidFor(token, 'q1')).toBe(true);
    expect(sut.isValidFor(token, 'q2')).toBe(false);
  });

  it('rejects a token for another query', () => {
    const token = sut.encode({ query: 'q1', after: ['a'], served: 1 });
    expect(() => sut.decode(token, 'q2')).toThrow(ODataSyntaxError);
  });

  it('rejects a tampered payload or signature', () => {
    const token = sut.encode({ query: 'q1', after: ['a'], served: 1 });
    const [body, signature] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"s":1', '"s":0')).toString('base64url');
    expect(sut.isValidFor(`${forged}.${signature}`, 'q1')).toBe(false);
    expect(sut.isValidFor(`${body}.${signature.slice(1)}A`, 'q1')).toBe(false);
    expect(sut.isValidFor('garbage', 'q1')).toBe(false);
    expect(sut.isValidFor('', 'q1')).toBe(false);
  });

  it('expires after its time to live', () => {
    const token = sut.encode({ query: 'q1', after: [], served: 0 });
    now += 3601_000;
    expect(sut.isValidFor(token, 'q1')).toBe(false);
    expect(() => sut.decode(token, 'q1')).toThrow(/expired/);
  });
});
