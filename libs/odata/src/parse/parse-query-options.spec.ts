import { ODataErrorCode, ODataLimitError, ODataNotImplementedError, ODataSyntaxError } from '../errors/odata-errors';
import { QueryLimits } from '../limits/query-limits';
import { parseQueryString } from '../query-string/parse-query-string';
import { catchError } from '../testing/catch-error';
import { parseQueryOptions } from './parse-query-options';

describe(parseQueryOptions.name, () => {
  const limits = new QueryLimits();
  const sut = (raw: string, custom: QueryLimits = limits, mode: 'connector' | 'feed' = 'connector') =>
    parseQueryOptions(parseQueryString(raw), custom, mode);

  it('defaults to no options and count false', () => {
    expect(sut('')).toEqual({ count: false });
  });

  it('ignores names without $', () => {
    expect(sut('api-version=2024&api-key=secret&top=3')).toEqual({ count: false });
  });

  it('reads every supported option', () => {
    const parsed = sut("$filter=A eq 1&$select=A, B&$orderby=A desc, B&$top=5&$skip=10&$count=true&$skiptoken=abc");
    expect(parsed).toMatchObject({
      select: ['A', 'B'],
      orderBy: [
        { path: 'A', direction: 'desc' },
        { path: 'B', direction: 'asc' },
      ],
      top: 5,
      skip: 10,
      count: true,
      skipToken: 'abc',
    });
    expect(parsed.filter).toMatchObject({ kind: 'compare', op: 'eq' });
  });

  describe('$top and $skip', () => {
    it.each(['$top=0', '$top=007', '$skip=0'])('accepts %s', (raw) => {
      expect(() => sut(raw)).not.toThrow();
    });

    it.each(['$top=-1', '$top=+1', '$top=1.5', '$top= 1', '$top=', '$skip=abc', '$top=1e3'])('rejects %s with ODATA_INVALID_VALUE', (raw) => {
      const error = catchError(() => sut(raw));
      expect(error).toBeInstanceOf(ODataSyntaxError);
      expect(error).toMatchObject({ code: ODataErrorCode.InvalidValue });
    });

    it.each([
      ['$top=11', '$top'],
      ['$skip=21', '$skip'],
      ['$top=99999999999999999999999', '$top'],
    ])('rejects %s above the limit', (raw, target) => {
      const error = catchError(() => sut(raw, new QueryLimits({ maxTop: 10, maxSkip: 20 })));
      expect(error).toBeInstanceOf(ODataLimitError);
      expect(error).toMatchObject({ code: ODataErrorCode.LimitExceeded, target });
    });
  });

  it.each(['$count=TRUE', '$count=1', '$count='])('rejects %s', (raw) => {
    expect(catchError(() => sut(raw))).toMatchObject({ code: ODataErrorCode.InvalidValue, target: '$count' });
  });

  describe('$select', () => {
    it.each([
      ['$select=*', undefined],
      ['$select=A,*', undefined],
      ['$select= A , B ', ['A', 'B']],
      ['$select=A/B', ['A/B']],
    ])('reads %s', (raw, select) => {
      expect(sut(raw).select).toEqual(select);
    });

    it.each(['$select=', '$select=A,,B', '$select=A B', '$select=1A', "$select='A'", '$select=A($select=B)'])('rejects %s', (raw) => {
      expect(catchError(() => sut(raw))).toMatchObject({ code: ODataErrorCode.Syntax, target: '$select' });
    });
  });

  describe('$orderby', () => {
    it('reads directions case-insensitively, whitespace separated', () => {
      expect(sut('$orderby=A  DESC,B Asc,C').orderBy).toEqual([
        { path: 'A', direction: 'desc' },
        { path: 'B', direction: 'asc' },
        { path: 'C', direction: 'asc' },
      ]);
    });

    it.each(['$orderby=', '$orderby=A,', '$orderby=A up', '$orderby=A asc desc', "$orderby='A'", '$orderby=A,A desc'])(
      'rejects %s as a syntax error',
      (raw) => {
        const error = catchError(() => sut(raw));
        expect(error).toBeInstanceOf(ODataSyntaxError);
        expect(error).toMatchObject({ target: '$orderby' });
      },
    );

    it.each(['$orderby=tolower(City)', '$orderby=substring(City,1) desc'])('answers %s with 501', (raw) => {
      expect(catchError(() => sut(raw))).toBeInstanceOf(ODataNotImplementedError);
    });

    it('limits the number of items', () => {
      const error = catchError(() => sut('$orderby=A,B,C', new QueryLimits({ maxOrderByItems: 2 })));
      expect(error).toBeInstanceOf(ODataLimitError);
      expect(error).toMatchObject({ target: '$orderby' });
    });
  });

  it.each(['$filter=', '$filter=%20%20'])('rejects the empty %s', (raw) => {
    expect(catchError(() => sut(raw))).toMatchObject({ code: ODataErrorCode.Syntax, target: '$filter' });
  });

  it('passes $format through for the gateway to negotiate', () => {
    expect(sut('$format=application/json;odata.metadata=minimal')).toMatchObject({ format: 'application/json;odata.metadata=minimal' });
    expect(catchError(() => sut('$format='))).toMatchObject({ code: ODataErrorCode.InvalidValue, target: '$format' });
  });

  it.each(['$levels=2', '$index=1', '$schemaversion=2', '$deltatoken=x', '$Top=1', '$=1'])(
    'rejects the unknown option %s, listing the supported ones',
    (raw) => {
      const error = catchError(() => sut(raw));
      expect(error).toBeInstanceOf(ODataSyntaxError);
      expect(error).toMatchObject({ code: ODataErrorCode.UnknownOption, target: raw.split('=')[0] });
      expect((error as Error).message).toContain('$filter, $select, $top, $skip, $orderby, $count, $skiptoken, $format');
    },
  );

  it('answers $expand with 501 on the connector and parses it for the feed', () => {
    expect(catchError(() => sut('$expand=Orders', limits, 'connector'))).toBeInstanceOf(ODataNotImplementedError);
    expect(sut("$expand=Orders($select=A,B;$filter=A eq 'x;y';$top=2),Lines", limits, 'feed').expand).toEqual([
      { path: 'Orders', options: expect.objectContaining({ select: ['A', 'B'], top: 2, filter: expect.objectContaining({ kind: 'compare' }) }) },
      { path: 'Lines', options: { count: false } },
    ]);
    for (const raw of ['$expand=Orders($expand=Lines)', '$expand=Orders($skip=1)', '$expand=*', '$expand=Orders/Lines']) {
      expect(catchError(() => sut(raw, limits, 'feed'))).toBeInstanceOf(ODataNotImplementedError);
    }
    for (const raw of ['$expand=Orders(', '$expand=Orders($top)', '$expand=,', "$expand=Orders($filter=A eq 'x)"]) {
      expect(catchError(() => sut(raw, limits, 'feed'))).toBeInstanceOf(ODataSyntaxError);
    }
  });

  it.each(['$apply=aggregate(A with sum as S)', '$search=blue', '$compute=A add 1 as B'])(
    'answers %s with 501 in both modes',
    (raw) => {
      for (const mode of ['connector', 'feed'] as const) {
        const error = catchError(() => sut(raw, limits, mode));
        expect(error).toBeInstanceOf(ODataNotImplementedError);
        expect(error).toMatchObject({ target: raw.split('=')[0] });
      }
    },
  );

  it('reports a syntax error of any option before a 501 option', () => {
    expect(catchError(() => sut('$apply=x&$top=-1'))).toBeInstanceOf(ODataSyntaxError);
  });
});
