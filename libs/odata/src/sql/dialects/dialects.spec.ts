import { escapeLike, postgresDialect } from './postgres.dialect';
import { prefixUpperBound, sqliteDialect } from './sqlite.dialect';

describe('sqliteDialect', () => {
  it.each([
    ['abc', 'abd'],
    ['a_', 'a`'],
    ['100%', '100&'],
    ['\u{D7FF}', '\u{E000}'],
    ['a\u{FFFF}', 'a\u{10000}'],
    ['a\u{10FFFF}', 'b'],
    ['ab\u{10FFFF}\u{10FFFF}', 'ac'],
    ['😀', '😁'],
  ])('the upper bound of prefix %j is %j', (prefix, upper) => {
    expect(prefixUpperBound(prefix)).toBe(upper);
  });

  it('has no upper bound for a prefix made of U+10FFFF only', () => {
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
    expect(sqliteDialect.startsWith('"A"', '\u{10FFFF}', false)).toEqual({ text: '"A" >= \u0000', params: ['\u{10FFFF}'] });
  });

  it.each([
    [true, 'String', 1],
    [false, 'Boolean', 0],
    [9007199254740993n, 'Int64', 9007199254740993n],
    ['1.5', 'Decimal', '1.5'],
  ] as const)('binds %p (%s) as %p', (value, type, param) => {
    expect(sqliteDialect.toParam(value, type)).toBe(param);
  });
});

describe('postgresDialect', () => {
  it.each([
    ['plain', 'plain'],
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['C:\\dir', 'C:\\\\dir'],
  ])('escapes LIKE metacharacters in %j', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
  });

  it('numbers placeholders $n and sends bigint as text', () => {
    expect(postgresDialect.placeholder(3)).toBe('$3');
    expect(postgresDialect.toParam(9007199254740993n, 'Int64')).toBe('9007199254740993');
    expect(postgresDialect.toParam(true, 'Boolean')).toBe(true);
  });

  it('places nulls first ascending and last descending explicitly', () => {
    expect(postgresDialect.orderByItem('"A"', 'asc', true)).toBe('"A" ASC NULLS FIRST');
    expect(postgresDialect.orderByItem('"A"', 'desc', true)).toBe('"A" DESC NULLS LAST');
    expect(postgresDialect.orderByItem('"A"', 'asc', false)).toBe('"A" ASC');
    expect(postgresDialect.orderByItem('"A"', 'desc', false)).toBe('"A" DESC');
  });
});
