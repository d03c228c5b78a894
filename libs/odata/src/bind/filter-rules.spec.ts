import {
  ODataError,
  ODataErrorCode,
  ODataNotImplementedError,
  ODataRuleViolationError,
  ODataSemanticError,
  ODataSyntaxError,
} from '../errors/odata-errors';
import { QueryLimits } from '../limits/query-limits';
import type { EntityMetadata } from '../metadata/entity-metadata';
import { parseQueryOptions } from '../parse/parse-query-options';
import { parseQueryString } from '../query-string/parse-query-string';
import { catchError } from '../testing/catch-error';
import { customerEntity, customerMeasureEntity, unifiedActivityEntity } from '../testing/fixtures';
import { bindQuery } from './bind-query';

type ErrorClass = new (...args: never[]) => ODataError;

/** §3.3 per-entity filter rules, the error precedence between them, on both modes. */
describe('filter rules (§3.3)', () => {
  const run = (entity: EntityMetadata, raw: string, mode: 'connector' | 'feed' = 'connector') =>
    bindQuery(parseQueryOptions(parseQueryString(raw), new QueryLimits(), mode), entity, mode);

  function expectError(entity: EntityMetadata, raw: string, errorClass: ErrorClass, code: string, target: string): ODataError {
    const error = catchError(() => run(entity, raw));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ code, target });
    return error as ODataError;
  }

  describe('Customer (filterable: CustomerId + search index Email, City, Country, LoyaltyTier)', () => {
    it.each([
      "CustomerId eq 'C-1'",
      "Email eq 'ann@example.com'",
      "City eq 'Berlin' and Country ne 'DE'",
      "startswith(Email,'ann')",
      "startswith(City,'B') eq false",
      'LoyaltyTier eq null',
      "City gt 'A' or City le 'C'",
      "not (City eq 'B' or Country eq 'C')",
      "'Berlin' eq City",
    ])('allows %s', (filter) => {
      expect(run(customerEntity, `$filter=${filter}`).filter).toBeDefined();
    });

    it.each([
      ["FirstName eq 'Ann'", ODataRuleViolationError, ODataErrorCode.FilterField, 'FirstName'],
      ['BirthDate lt 2000-01-01', ODataRuleViolationError, ODataErrorCode.FilterField, 'BirthDate'],
      ["City eq 'B' or LoyaltyPoints gt 5", ODataRuleViolationError, ODataErrorCode.FilterField, 'LoyaltyPoints'],
      ["startswith(FirstName,'A')", ODataRuleViolationError, ODataErrorCode.FilterField, 'FirstName'],
      ["contains(Email,'x')", ODataRuleViolationError, ODataErrorCode.FilterFunction, 'contains'],
      ["endswith(Email,'x') eq true", ODataRuleViolationError, ODataErrorCode.FilterFunction, 'endswith'],
      ["tolower(City) eq 'b'", ODataRuleViolationError, ODataErrorCode.FilterFunction, 'tolower'],
      ['length(City) gt 3', ODataRuleViolationError, ODataErrorCode.FilterFunction, 'length'],
      ['year(CreatedOn) eq 2020', ODataRuleViolationError, ODataErrorCode.FilterFunction, 'year'],
      ["cast(City,Edm.String) eq 'x'", ODataRuleViolationError, ODataErrorCode.FilterFunction, 'cast'],
      ['isof(City,Edm.String)', ODataRuleViolationError, ODataErrorCode.FilterFunction, 'isof'],
      ["matchespattern(City,'^B')", ODataRuleViolationError, ODataErrorCode.FilterFunction, 'matchespattern'],
      ["foo(City) eq 'x'", ODataSyntaxError, ODataErrorCode.UnknownFunction, 'foo'],
      ['Foo eq 1', ODataSemanticError, ODataErrorCode.UnknownProperty, 'Foo'],
      ["email eq 'x'", ODataSemanticError, ODataErrorCode.UnknownProperty, 'email'],
      ['Tags/any(t:t eq 1)', ODataSemanticError, ODataErrorCode.UnknownProperty, 'Tags'],
      ['City add 1 eq 2', ODataNotImplementedError, ODataErrorCode.NotImplemented, '$filter'],
      ["City/Name eq 'x'", ODataNotImplementedError, ODataErrorCode.NotImplemented, 'City/Name'],
      ['City eq Country', ODataNotImplementedError, ODataErrorCode.NotImplemented, '$filter'],
      ['1 eq 1', ODataNotImplementedError, ODataErrorCode.NotImplemented, '$filter'],
      ['Email eq 5', ODataSemanticError, ODataErrorCode.TypeMismatch, 'Email'],
      ['City', ODataSemanticError, ODataErrorCode.TypeMismatch, 'City'],
      ["startswith(City,'B') eq 'x'", ODataSemanticError, ODataErrorCode.TypeMismatch, 'City'],
    ])('rejects %s', (filter, errorClass, code, target) => {
      expectError(customerEntity, `$filter=${filter}`, errorClass, code, target);
    });

    it('lists the filterable fields in the message', () => {
      const error = expectError(customerEntity, "$filter=FirstName eq 'Ann'", ODataRuleViolationError, ODataErrorCode.FilterField, 'FirstName');
      expect(error.message).toBe(
        "Field 'FirstName' cannot be used in $filter on entity 'Customer'. Filterable fields: CustomerId, Email, City, Country, LoyaltyTier.",
      );
    });

    it('lists what is allowed when a function is refused', () => {
      const error = expectError(customerEntity, "$filter=contains(Email,'x')", ODataRuleViolationError, ODataErrorCode.FilterFunction, 'contains');
      expect(error.message).toMatch(/eq, ne, gt, ge, lt, le, and, or, not, comparisons with null, and startswith/);
    });

    it.each([
      ['$orderby=City desc,Email', undefined],
      ['$orderby=CustomerId desc', undefined],
      ['$orderby=FirstName', 'FirstName'],
      ['$orderby=City,LoyaltyPoints desc', 'LoyaltyPoints'],
    ])('%s', (raw, rejected) => {
      if (rejected === undefined) expect(() => run(customerEntity, raw)).not.toThrow();
      else expectError(customerEntity, raw, ODataRuleViolationError, ODataErrorCode.OrderByField, rejected);
    });

    it('allows every field in $select', () => {
      expect(run(customerEntity, '$select=FirstName,BirthDate,ProfileGuid').select.map((a) => a.name)).toEqual([
        'FirstName',
        'BirthDate',
        'ProfileGuid',
      ]);
    });
  });

  describe('UnifiedActivity (filterable: ActivityId, CustomerId; sortFields: ActivityTime)', () => {
    it.each(["CustomerId eq 'C-1'", "ActivityId eq 'A-1' or ActivityId eq 'A-2'", "startswith(ActivityId,'A-')"])('allows %s', (filter) => {
      expect(() => run(unifiedActivityEntity, `$filter=${filter}`)).not.toThrow();
    });

    it('refuses a sort field in $filter, listing the filterable fields', () => {
      const error = expectError(
        unifiedActivityEntity,
        '$filter=ActivityTime gt 2020-01-01T00:00:00Z',
        ODataRuleViolationError,
        ODataErrorCode.FilterField,
        'ActivityTime',
      );
      expect(error.message).toBe(
        "Field 'ActivityTime' cannot be used in $filter on entity 'UnifiedActivity'. Filterable fields: ActivityId, CustomerId.",
      );
    });

    it('refuses an unknown property before anything else', () => {
      expectError(unifiedActivityEntity, "$filter=City eq 'x'", ODataSemanticError, ODataErrorCode.UnknownProperty, 'City');
    });

    it('allows $orderby on the declared sort field', () => {
      const query = run(unifiedActivityEntity, "$filter=CustomerId eq 'C-1'&$orderby=ActivityTime desc");
      expect(query.orderBy.map((o) => `${o.property.column} ${o.direction}`)).toEqual(['ActivityTime desc', 'ActivityId asc']);
    });

    it('refuses $orderby on other fields, listing the sortable ones', () => {
      const error = expectError(unifiedActivityEntity, '$orderby=ActivityType', ODataRuleViolationError, ODataErrorCode.OrderByField, 'ActivityType');
      expect(error.message).toBe(
        "Field 'ActivityType' cannot be used in $orderby on entity 'UnifiedActivity'. Sortable fields: ActivityId, CustomerId, ActivityTime.",
      );
    });
  });

  describe('Customer_Measure (filterable: CustomerId, the key)', () => {
    it('allows the key', () => {
      expect(() => run(customerMeasureEntity, "$filter=CustomerId eq 'C-1'&$orderby=CustomerId desc")).not.toThrow();
    });

    it.each([
      ['$filter=TotalSpend gt 100', ODataErrorCode.FilterField, 'TotalSpend'],
      ['$filter=OrderCount eq 3', ODataErrorCode.FilterField, 'OrderCount'],
      ['$orderby=TotalSpend desc', ODataErrorCode.OrderByField, 'TotalSpend'],
    ])('rejects %s', (raw, code, target) => {
      expectError(customerMeasureEntity, raw, ODataRuleViolationError, code, target);
    });
  });

  describe('precedence: syntax > unknown property > unsupported > rule > type', () => {
    it.each([
      ["$filter=Foo eq 1 and contains(Email,'x')", ODataSemanticError, 'Foo'],
      ["$filter=contains(Email,'x') and Foo eq 1", ODataSemanticError, 'Foo'],
      ['$filter=City add 1 eq 2 and Foo eq 1', ODataSemanticError, 'Foo'],
      ["$filter=FirstName eq 'x'&$select=Foo", ODataSemanticError, 'Foo'],
      ["$filter=FirstName eq 'x'&$orderby=Bar", ODataSemanticError, 'Bar'],
      ["$filter=FirstName eq 'x' and City add 1 eq 2", ODataNotImplementedError, '$filter'],
      ["$filter=contains(FirstName,'x') or -LoyaltyPoints eq 1", ODataNotImplementedError, '$filter'],
      ["$filter=FirstName eq 'x'&$orderby=City/Name", ODataNotImplementedError, 'City/Name'],
      ['$orderby=FirstName&$select=City/Name', ODataNotImplementedError, 'City/Name'],
      ["$filter=contains(FirstName,'x')", ODataRuleViolationError, 'contains'],
      ["$filter=FirstName eq 'x' and contains(Email,'y')", ODataRuleViolationError, 'FirstName'],
      ["$filter=City eq 'x'&$orderby=FirstName", ODataRuleViolationError, 'FirstName'],
      ['$filter=FirstName eq 5', ODataRuleViolationError, 'FirstName'],
      ["$filter=foo(City) eq 1&$select=Foo", ODataSyntaxError, 'foo'],
      ["$filter=City eq&$select=Foo", ODataSyntaxError, '$filter'],
    ])('%s', (raw, errorClass, target) => {
      const error = catchError(() => run(customerEntity, raw));
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ target });
    });
  });

  it('throws the same errors in feed mode (the gateway maps rule violations to 501 there)', () => {
    const error = catchError(() => run(customerEntity, "$filter=FirstName eq 'x'", 'feed'));
    expect(error).toBeInstanceOf(ODataRuleViolationError);
    expect(error).toMatchObject({ code: ODataErrorCode.FilterField, target: 'FirstName' });
  });
});
