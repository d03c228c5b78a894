import { readCredential } from './credentials';

describe(readCredential.name, () => {
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
  const read = (headers: Record<string, string>, url = '/datasets') => readCredential({ headers, url });

  it.each([
    [{ authorization: 'Bearer k1' }, '/x', { kind: 'key', key: 'k1' }],
    [{ authorization: 'bearer  k1 ' }, '/x', { kind: 'key', key: 'k1' }],
    [{ authorization: basic('conn_1:k:with:colons') }, '/x', { kind: 'basic', connectionId: 'conn_1', key: 'k:with:colons' }],
    [{ 'api-key': 'k2' }, '/x', { kind: 'key', key: 'k2' }],
    [{}, '/x?$top=1&api-key=k%2B3', { kind: 'key', key: 'k+3' }],
    [{ authorization: 'Bearer first' }, '/x?api-key=second', { kind: 'key', key: 'first' }],
  ])('reads %j %s', (headers, url, expected) => {
    expect(read(headers, url)).toEqual(expected);
  });

  it.each([
    [{ authorization: 'Bearer' }],
    [{ authorization: 'Bearer ' }],
    [{ authorization: 'Digest abc' }],
    [{ authorization: basic('no-colon') }],
    [{ authorization: basic(':key') }],
    [{ authorization: basic('id:') }],
    [{ 'api-key': '' }],
  ])('calls %j malformed', (headers) => {
    expect(read(headers)).toEqual({ kind: 'malformed' });
  });

  it('returns undefined when nothing is presented', () => {
    expect(read({}, '/datasets?api-keys=x')).toBeUndefined();
  });
});
