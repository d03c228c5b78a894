import type { BoundQuery } from '../ast/bound';
import { bindQuery } from '../bind/bind-query';
import { QueryLimits } from '../limits/query-limits';
import { parseQueryOptions } from '../parse/parse-query-options';
import { parseQueryString } from '../query-string/parse-query-string';
import { openCustomerEntity } from '../testing/fixtures';
import { SqlCompiler } from './compiler';
import { postgresDialect } from './dialects/postgres.dialect';
import { sqliteDialect } from './dialects/sqlite.dialect';

const bind = (raw: string): BoundQuery =>
  bindQuery(parseQueryOptions(parseQueryString(raw), new QueryLimits(), 'connector'), openCustomerEntity, 'connector');

const whereOf = (sut: SqlCompiler, filter: string) => {
  const query = bind(`$filter=${encodeURIComponent(filter)}`);
  if (!query.filter) throw new Error('no filter');
  return sut.where(query.filter);
};

describe(SqlCompiler.name, () => {
  describe('SQLite', () => {
    const sut = new SqlCompiler(sqliteDialect);

    it.each<[string, string, unknown[]]>([
      ["FirstName eq 'Sam'", '"FirstName" = ?', ['Sam']],
      ["FirstName ne 'Sam'", '("FirstName" <> ? OR "FirstName" IS NULL)', ['Sam']],
      ['LoyaltyPoints gt 5', '"LoyaltyPoints" > ?', [5]],
      ['LoyaltyPoints ge 5', '"LoyaltyPoints" >= ?', [5]],
      ['LoyaltyPoints lt 5', '"LoyaltyPoints" < ?', [5]],
      ['LoyaltyPoints le 5', '"LoyaltyPoints" <= ?', [5]],
      ['not (LoyaltyPoints gt 5)', '("LoyaltyPoints" <= ? OR "LoyaltyPoints" IS NULL)', [5]],
      ['not (LoyaltyPoints ge 5)', '("LoyaltyPoints" < ? OR "LoyaltyPoints" IS NULL)', [5]],
      ['not (LoyaltyPoints lt 5)', '("LoyaltyPoints" >= ? OR "LoyaltyPoints" IS NULL)', [5]],
      ['not (LoyaltyPoints le 5)', '("LoyaltyPoints" > ? OR "LoyaltyPoints" IS NULL)', [5]],
      ["not (FirstName eq 'Sam')", '("FirstName" <> ? OR "FirstName" IS NULL)', ['Sam']],
      ["not (FirstName ne 'Sam')", '"FirstName" = ?', ['Sam']],
      ['City eq null', '"City" IS NULL', []],
      ['City ne null', '"City" IS NOT NULL', []],
      ['not (City eq null)', '"City" IS NOT NULL', []],
      ['not (City ne null)', '"City" IS NULL', []],
      ['City gt null', '1 = 0', []],
      ['City le null', '1 = 0', []],
      ['not (City lt null)', '1 = 1', []],
      ['IsActive', '"IsActive" = ?', [1]],
      ['IsActive eq false', '"IsActive" = ?', [0]],
      ['ExternalRef eq 9007199254740993', '"ExternalRef" = ?', [9007199254740993n]],
      ["City eq 'A' and Country eq 'B' and Email eq 'C'", '"City" = ? AND "Country" = ? AND "Email" = ?', ['A', 'B', 'C']],
      ["City eq 'A' or City eq 'B' or City eq 'C'", '"City" = ? OR "City" = ? OR "City" = ?', ['A', 'B', 'C']],
      ["(City eq 'A' or City eq 'B') and Country eq 'C'", '("City" = ? OR "City" = ?) AND "Country" = ?', ['A', 'B', 'C']],
      ["City eq 'A' or City eq 'B' and Country eq 'C'", '"City" = ? OR ("City" = ? AND "Country" = ?)', ['A', 'B', 'C']],
      [
        "not (City eq 'A' and Country eq 'B')",
        '("City" <> ? OR "City" IS NULL) OR ("Country" <> ? OR "Country" IS NULL)',
        ['A', 'B'],
      ],
      ["not (City eq 'A' or startswith(Country,'B'))", '("City" <> ? OR "City" IS NULL) AND ("Country" < ? OR "Country" >= ? OR "Country" IS NULL)', ['A', 'B', 'C']],
      ["not not (City eq 'A')", '"City" = ?', ['A']],
      ["startswith(City,'Ber')", '("City" >= ? AND "City" < ?)', ['Ber', 'Bes']],
      ["startswith(City,'Ber') eq false", '("City" < ? OR "City" >= ? OR "City" IS NULL)', ['Ber', 'Bes']],
      ["startswith(City,'')", '"City" IS NOT NULL', []],
      ["not startswith(City,'')", '"City" IS NULL', []],
      ['true', '1 = 1', []],
      ['not true', '1 = 0', []],
    ])('%s → %s', (filter, text, params) => {
      expect(whereOf(sut, filter)).toEqual({ text, params });
    });
  });

  describe('PostgreSQL', () => {
    const sut = new SqlCompiler(postgresDialect);

    it.each<[string, string, unknown[]]>([
      ["FirstName eq 'Sam'", '"FirstName" = $1', ['Sam']],
      ["FirstName ne 'Sam' and LoyaltyPoints gt 5", '("FirstName" <> $1 OR "FirstName" IS NULL) AND "LoyaltyPoints" > $2', ['Sam', 5]],
      ['IsActive', '"IsActive" = $1', [true]],
      ['ExternalRef eq 9007199254740993', '"ExternalRef" = $1', ['9007199254740993']],
      ['City gt null', 'FALSE', []],
      ["startswith(FirstName,'100%_\\')", `"FirstName" LIKE $1 ESCAPE '\\'`, ['100\\%\\_\\\\%']],
      ["not startswith(FirstName,'a')", `("FirstName" NOT LIKE $1 ESCAPE '\\' OR "FirstName" IS NULL)`, ['a%']],
      ['not (City eq null)', '"City" IS NOT NULL', []],
    ])('%s → %s', (filter, text, params) => {
      expect(whereOf(sut, filter)).toEqual({ text, params });
    });
  });

  describe.each([
    [sqliteDialect, '?', '"City" DESC, "LoyaltyPoints" ASC, "CustomerId" ASC'],
    [postgresDialect, '$', '"City" DESC NULLS LAST, "LoyaltyPoints" ASC NULLS FIRST, "CustomerId" ASC'],
  ])('select on $name', (dialect, marker, orderBy) => {
    const sut = new SqlCompiler(dialect);
    const query = bind("$select=Email,CustomerId&$filter=Country eq 'DE' or Country eq 'FR'&$orderby=City desc,LoyaltyPoints");

    it('numbers placeholders across filter, keyset and LIMIT/OFFSET', () => {
      const { text, params } = sut.select(query, { limit: 10, offset: 20 });
      // SQLite writes LIMIT/OFFSET as literals (a bound LIMIT makes it re-prepare on every run).
      const paging = marker === '?' ? 'LIMIT 10 OFFSET 20' : `LIMIT ${p(3)} OFFSET ${p(4)}`;
      expect(text).toBe(`SELECT "CustomerId", "Email" FROM "demo__Customer" WHERE "Country" = ${p(1)} OR "Country" = ${p(2)} ORDER BY ${orderBy} ${paging}`);
      expect(params).toEqual(marker === '?' ? ['DE', 'FR'] : ['DE', 'FR', 10, 20]);
    });

    it('refuses a negative or fractional page size', () => {
      expect(() => sut.select(query, { limit: -1 })).toThrow();
      expect(() => sut.select(query, { limit: 1.5 })).toThrow();
    });

    it('adds the keyset condition after the filter', () => {
      const { text, params } = sut.select(query, { limit: 10, after: ['Berlin', null, 'C-9'] });
      expect(text).toContain(
        `WHERE ("Country" = ${p(1)} OR "Country" = ${p(2)}) AND ("City" < ${p(3)} OR "City" IS NULL OR ("City" = ${p(4)} AND ("LoyaltyPoints" IS NOT NULL OR ("LoyaltyPoints" IS NULL AND "CustomerId" > ${p(5)}))))`,
      );
      expect(params).toEqual(['DE', 'FR', 'Berlin', 'Berlin', 'C-9', ...(marker === '?' ? [] : [10])]);
    });

    it('counts the filtered collection', () => {
      expect(sut.count(query)).toEqual({
        text: `SELECT COUNT(*) FROM "demo__Customer" WHERE "Country" = ${p(1)} OR "Country" = ${p(2)}`,
        params: ['DE', 'FR'],
      });
    });

    it('refuses a keyset that does not match the order', () => {
      expect(() => sut.select(query, { limit: 1, after: ['x'] })).toThrow(/keyset has 1 values for 3 order items/);
    });

    function p(n: number): string {
      return marker === '?' ? '?' : `$${n}`;
    }
  });

  it('quotes identifiers from metadata, doubling embedded quotes', () => {
    const odd = { ...openCustomerEntity, table: 'weird"table' };
    const query = bindQuery({ count: false }, odd, 'connector');
    expect(new SqlCompiler(sqliteDialect).count(query).text).toBe('SELECT COUNT(*) FROM "weird""table"');
  });
});

describe('SqlCompiler membership (in)', () => {
  const attribute = openCustomerEntity.attributes[0];
  const property = { kind: 'property', attribute, column: attribute.name } as const;

  it.each([
    [sqliteDialect, '"CustomerId" IN (?, ?)', '("CustomerId" NOT IN (?, ?) OR "CustomerId" IS NULL)', '1 = 0'],
    [postgresDialect, '"CustomerId" IN ($1, $2)', '("CustomerId" NOT IN ($1, $2) OR "CustomerId" IS NULL)', 'FALSE'],
  ])('compiles a key list for %#', (dialect, positive, negated, empty) => {
    const sut = new SqlCompiler(dialect);
    expect(sut.where({ kind: 'in', property, values: ['C-1', 'C-2'] })).toEqual({ text: positive, params: ['C-1', 'C-2'] });
    expect(sut.where({ kind: 'not', operand: { kind: 'in', property, values: ['C-1', 'C-2'] } }).text).toBe(negated);
    expect(sut.where({ kind: 'in', property, values: [] }).text).toBe(empty);
  });
});
