import { ODataErrorCode, ODataSyntaxError } from '../errors/odata-errors';
import { catchError } from '../testing/catch-error';
import { parseQueryString } from './parse-query-string';

describe(parseQueryString.name, () => {
  const sut = parseQueryString;

  it('returns an empty map for an empty query', () => {
    expect(sut('').size).toBe(0);
  });

  it('keeps every parameter, $ or not, and skips empty segments', () => {
    expect([...sut('$top=5&&api-version=2024-01-01&api-key=k&')]).toEqual([
      ['$top', '5'],
      ['api-version', '2024-01-01'],
      ['api-key', 'k'],
    ]);
  });

  it('splits on the first = only, and takes a bare name as an empty value', () => {
    expect([...sut('$filter=A eq 1=1&$count')]).toEqual([
      ['$filter', 'A eq 1=1'],
      ['$count', ''],
    ]);
  });

  // application/x-www-form-urlencoded: + is a space first, then %xx as UTF-8 (§3.2).
  it.each([
    ["$filter=Name+eq+'Ann'", "Name eq 'Ann'"],
    ['$filter=CreatedOn+ge+2020-01-01T00:00:00%2B02:00', 'CreatedOn ge 2020-01-01T00:00:00+02:00'],
    ["$filter=Email+eq+'a%2Fb%23c%3Fd%25e%26f'", "Email eq 'a/b#c?d%e&f'"],
    ["$filter=City+eq+'Caf%C3%A9+%E2%82%AC'", "City eq 'Café €'"],
    ["$filter=Email eq 'a%2520b'", "Email eq 'a%20b'"],
    ["$filter=Name%20eq%20'x%2By'", "Name eq 'x+y'"],
  ])('decodes %s', (raw, decoded) => {
    expect(sut(raw).get('$filter')).toBe(decoded);
  });

  it('decodes option names too', () => {
    expect(sut('%24top=1').get('$top')).toBe('1');
  });

  it.each(['%', '%4', '%zz', '%C3%28', '%E2%82', 'abc%'])('rejects the malformed escape %s with ODATA_QUERY_ENCODING', (bad) => {
    const error = catchError(() => sut(`$filter=Name eq '${bad}'`));
    expect(error).toBeInstanceOf(ODataSyntaxError);
    expect(error).toMatchObject({ code: ODataErrorCode.QueryEncoding, target: '$filter' });
  });

  it('names a malformed option name as the target', () => {
    expect(catchError(() => sut('%zz=1'))).toMatchObject({ code: ODataErrorCode.QueryEncoding, target: '%zz' });
  });

  it.each(['$top=1&$top=2', '$top=1&%24top=2', 'api-key=a&api-key=b'])('rejects the repeated option in %s', (raw) => {
    const error = catchError(() => sut(raw));
    expect(error).toBeInstanceOf(ODataSyntaxError);
    expect(error).toMatchObject({ code: ODataErrorCode.DuplicateOption });
    expect((error as ODataSyntaxError).target).toMatch(/^(\$top|api-key)$/);
  });
});
