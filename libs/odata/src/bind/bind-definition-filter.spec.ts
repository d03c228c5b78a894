import { customerEntity } from '../testing/fixtures';
import { QueryLimits } from '../limits/query-limits';
import { ODataError } from '../errors/odata-errors';
import { bindDefinitionFilter } from './bind-definition-filter';

describe(bindDefinitionFilter.name, () => {
  const limits = new QueryLimits();

  it('binds any attribute of the entity, not only the filterable ones', () => {
    const bound = bindDefinitionFilter("LoyaltyPoints gt 500 and startswith(LastName, 'A')", customerEntity, limits);
    expect(bound.kind).toBe('and');
  });

  it.each([
    ['', 'ODATA_SYNTAX'],
    ['LoyaltyPoints gt', 'ODATA_SYNTAX'],
    ['Nope eq 1', 'ODATA_UNKNOWN_PROPERTY'],
    ["contains(LastName, 'a')", 'ODATA_FILTER_FUNCTION'],
    ["LoyaltyPoints eq 'many'", 'ODATA_TYPE_MISMATCH'],
  ])('rejects %j with %s', (text, code) => {
    let caught: unknown;
    try {
      bindDefinitionFilter(text, customerEntity, limits);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ODataError);
    expect((caught as ODataError).code).toBe(code);
  });
});
