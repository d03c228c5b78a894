import { ODataErrorCode, ODataLimitError } from '../errors/odata-errors';
import { parseQueryOptions } from '../parse/parse-query-options';
import { catchError } from '../testing/catch-error';
import { parenthesisDepth } from './filter-limits';
import { QueryLimits } from './query-limits';

describe('$filter limits', () => {
  const sut = (filter: string, limits = new QueryLimits()) => parseQueryOptions(new Map([['$filter', filter]]), limits, 'connector');

  function expectLimit(filter: string, limits: QueryLimits, message: RegExp): void {
    const error = catchError(() => sut(filter, limits));
    expect(error).toBeInstanceOf(ODataLimitError);
    expect(error).toMatchObject({ code: ODataErrorCode.LimitExceeded, target: '$filter' });
    expect((error as Error).message).toMatch(message);
  }

  it('rejects a filter longer than maxFilterLength before parsing it', () => {
    // Not even valid syntax: the length check comes first.
    expectLimit('x'.repeat(101), new QueryLimits({ maxFilterLength: 100 }), /101 characters long; the limit is 100/);
  });

  it('accepts a filter of exactly maxFilterLength', () => {
    const filter = `A eq '${'x'.repeat(93)}'`;
    expect(filter).toHaveLength(100);
    expect(() => sut(filter, new QueryLimits({ maxFilterLength: 100 }))).not.toThrow();
  });

  it('rejects deep parentheses before the parser runs (no stack blow-up)', () => {
    const hostile = `${'('.repeat(4000)}A eq 1${')'.repeat(4000)}`;
    expectLimit(hostile, new QueryLimits(), /parentheses 4000 deep; the limit is 32/);
  });

  it('rejects unbalanced hostile nesting the same way', () => {
    expectLimit('('.repeat(3000), new QueryLimits(), /parentheses 3000 deep/);
  });

  it('ignores parentheses inside string literals', () => {
    expect(parenthesisDepth(`A eq '${'('.repeat(50)}' and (B eq 'it''s)')`)).toBe(1);
    expect(() => sut(`A eq '${'('.repeat(50)}'`)).not.toThrow();
  });

  it('counts nodes after parsing', () => {
    // 3 nodes per comparison + 1 per `and`: 4 comparisons = 15 nodes.
    const filter = 'A eq 1 and B eq 2 and C eq 3 and D eq 4';
    expect(() => sut(filter, new QueryLimits({ maxNodeCount: 15 }))).not.toThrow();
    expectLimit(filter, new QueryLimits({ maxNodeCount: 14 }), /15 nodes; the limit is 14/);
  });

  it('limits the depth of the tree (not and and/or chains), not only parentheses', () => {
    const filter = `${'not '.repeat(10)}A`;
    expectLimit(filter, new QueryLimits({ maxDepth: 10 }), /nests 11 levels deep; the limit is 10/);
  });

  it('rejects long and/or/not chains before parsing them (the parser is quadratic)', () => {
    const chain = Array.from({ length: 2000 }, (_, i) => `A${i} eq 1`).join(' and ');
    const started = Date.now();
    expectLimit(chain, new QueryLimits({ maxFilterLength: 100_000 }), /more than 100 nodes/);
    expectLimit(`${'not '.repeat(2000)}A`, new QueryLimits({ maxFilterLength: 100_000 }), /more than 100 nodes/);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('does not count and/or/not inside string literals', () => {
    const filter = `A eq '${'and '.repeat(200)}'`;
    expect(() => sut(filter)).not.toThrow();
  });
});
