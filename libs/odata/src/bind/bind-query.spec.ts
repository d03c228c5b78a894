import type { BoundExpr } from '../ast/bound';
import { QueryLimits } from '../limits/query-limits';
import { parseQueryOptions } from '../parse/parse-query-options';
import { parseQueryString } from '../query-string/parse-query-string';
import { openCustomerEntity } from '../testing/fixtures';
import { bindQuery } from './bind-query';

describe(bindQuery.name, () => {
  const sut = (raw: string) => bindQuery(parseQueryOptions(parseQueryString(raw), new QueryLimits(), 'connector'), openCustomerEntity, 'connector');
  const filterOf = (raw: string): BoundExpr | undefined => sut(raw).filter;

  /** `{ op, column, value }` of a bound comparison, for compact expectations. */
  function comparison(expr: BoundExpr | undefined) {
    if (expr?.kind !== 'compare') throw new Error(`expected a comparison, got ${expr?.kind}`);
    return { op: expr.op, column: expr.property.column, value: expr.value };
  }

  it('selects every attribute in entity order and orders by the key when nothing is asked', () => {
    const query = sut('');
    expect(query.select).toBe(openCustomerEntity.attributes);
    expect(query.orderBy.map((o) => [o.property.column, o.direction])).toEqual([['CustomerId', 'asc']]);
    expect(query).toMatchObject({ count: false });
    expect(query.filter).toBeUndefined();
  });

  it('projects $select in entity order, once each', () => {
    expect(sut('$select=City,Email,CustomerId,City').select.map((a) => a.name)).toEqual(['CustomerId', 'Email', 'City']);
  });

  it('appends the key to $orderby unless it is there', () => {
    expect(sut('$orderby=City desc,LoyaltyPoints').orderBy.map((o) => `${o.property.column} ${o.direction}`)).toEqual([
      'City desc',
      'LoyaltyPoints asc',
      'CustomerId asc',
    ]);
    expect(sut('$orderby=CustomerId desc,City').orderBy.map((o) => `${o.property.column} ${o.direction}`)).toEqual([
      'CustomerId desc',
      'City asc',
    ]);
  });

  it('passes $top, $skip and $count through', () => {
    expect(sut('$top=5&$skip=7&$count=true')).toMatchObject({ top: 5, skip: 7, count: true });
  });

  it.each([
    ['100 lt LoyaltyPoints', { op: 'gt', column: 'LoyaltyPoints', value: 100 }],
    ['100 ge LoyaltyPoints', { op: 'le', column: 'LoyaltyPoints', value: 100 }],
    ["'B' ne City", { op: 'ne', column: 'City', value: 'B' }],
    ['IsActive', { op: 'eq', column: 'IsActive', value: true }],
    ['ExternalRef eq 9007199254740993', { op: 'eq', column: 'ExternalRef', value: 9007199254740993n }],
    ['City eq null', { op: 'eq', column: 'City', value: null }],
  ])('binds %s', (filter, expected) => {
    expect(comparison(filterOf(`$filter=${filter}`))).toEqual(expected);
  });

  it.each([
    ["startswith(City,'B')", { kind: 'startswith', prefix: 'B' }],
    ["startswith(City,'B') eq true", { kind: 'startswith', prefix: 'B' }],
    ["startswith(City,'B') ne false", { kind: 'startswith', prefix: 'B' }],
    ["startswith(City,'B') eq false", { kind: 'not', operand: { kind: 'startswith', prefix: 'B' } }],
    ["true eq startswith(City,'B')", { kind: 'startswith', prefix: 'B' }],
    ['true', { kind: 'constant', value: true }],
  ])('binds %s', (filter, expected) => {
    expect(filterOf(`$filter=${filter}`)).toMatchObject(expected);
  });

  // The §3.2 encoding table, end to end: what the client meant arrives in the bound value.
  it.each([
    ["$filter=City+eq+'New+York'", 'New York'],
    ["$filter=City eq 'x%2By'", 'x+y'],
    ["$filter=Email eq 'a%2Fb'", 'a/b'],
    ["$filter=Email eq 'a%23b'", 'a#b'],
    ["$filter=Email eq 'a%3Fb'", 'a?b'],
    ["$filter=Email eq '100%25'", '100%'],
    ["$filter=Email eq 'a%26b'", 'a&b'],
    ["$filter=City eq 'Caf%C3%A9'", 'Café'],
    ["$filter=City eq '%E2%82%AC'", '€'],
    ["$filter=City eq 'a%2520b'", 'a%20b'],
    ["$filter=LastName eq 'O''Brien'", "O'Brien"],
    ["$filter=LastName eq 'O%27%27Brien'", "O'Brien"],
  ])('%s binds the value %j', (raw, value) => {
    expect(comparison(filterOf(raw)).value).toBe(value);
  });

  it('reads %2B as the offset sign of a DateTimeOffset', () => {
    expect(comparison(filterOf('$filter=CreatedOn ge 2020-01-01T00:00:00%2B02:00')).value).toBe('2019-12-31T22:00:00.000Z');
  });

  it('reads an unencoded + as a space, so such a date is a syntax error', () => {
    expect(() => sut('$filter=CreatedOn ge 2020-01-01T00:00:00+02:00')).toThrow(/Syntax error/);
  });
});
