import Database from 'better-sqlite3';
import {
  AttributeMetadata,
  bindQuery,
  BoundQuery,
  EdmType,
  EntityMetadata,
  parseQueryOptions,
  parseQueryString,
  QueryLimits,
  SqlCompiler,
  sqliteDialect,
  StorageValue,
} from '@app/odata';
import type { ItemValue } from '@app/storage';
import { storeFactories } from '../support/store-factories';
import { openSeededStore, SeededStore } from '../support/seeded-store';

/*
 * Execution tests of the OData core on real databases: parse → bind → compile → run,
 * then compare the row keys with HAND-COMPUTED expectations (never derived from the
 * compiler). They pin down null semantics, ordinal string comparison, startswith
 * escaping, Int64 exactness, DateTimeOffset offsets and keyset paging. The same cases run
 * on SQLite straight from the compiled SQL, and through every store driver (SQLite and
 * PostgreSQL `queryItems`/`countItems`), so the dialects must agree row for row.
 */

const attr = (name: string, type: EdmType, nullable = true): AttributeMetadata => ({ name, displayName: name, type, nullable });

/** Customer with every attribute filterable (rules are tested in libs/odata/src/bind). */
const customer: EntityMetadata = {
  name: 'Customer',
  displayName: 'Customer',
  kind: 'profile',
  attributes: [
    attr('CustomerId', 'String', false),
    attr('Email', 'String'),
    attr('FirstName', 'String'),
    attr('LastName', 'String'),
    attr('City', 'String'),
    attr('Country', 'String'),
    attr('BirthDate', 'Date'),
    attr('LoyaltyTier', 'String'),
    attr('LoyaltyPoints', 'Int32'),
    attr('LifetimeValue', 'Double'),
    attr('ExternalRef', 'Int64'),
    attr('IsActive', 'Boolean'),
    attr('CreatedOn', 'DateTimeOffset'),
    attr('ProfileGuid', 'Guid'),
  ],
  key: 'CustomerId',
  keyGenerated: false,
  filterableFields: [],
  sortFields: [],
  table: 'demo__Customer',
};
const openCustomer: EntityMetadata = { ...customer, filterableFields: customer.attributes.map((a) => a.name) };

const SQL_TYPES: Record<EdmType, string> = {
  String: 'TEXT',
  Guid: 'TEXT',
  Date: 'TEXT',
  DateTimeOffset: 'TEXT',
  Int32: 'INTEGER',
  Int64: 'INTEGER',
  Boolean: 'INTEGER',
  Double: 'REAL',
  Decimal: 'REAL',
};

type Row = readonly [
  id: string,
  email: string | null,
  firstName: string | null,
  lastName: string | null,
  city: string | null,
  country: string | null,
  birthDate: string | null,
  tier: string | null,
  points: number | null,
  lifetimeValue: number | null,
  externalRef: bigint | null,
  isActive: boolean | null,
  createdOn: string | null,
  guid: string | null,
];

// prettier-ignore
const ROWS: readonly Row[] = [
  ['C01', 'ann@example.com', 'Ann', 'Smith', 'Berlin', 'DE', '1990-05-01', 'Gold', 100, 10.5, 9007199254740993n, true, '2020-01-01T00:00:00.000Z', 'aaaaaaaa-0000-0000-0000-000000000001'],
  ['C02', null, 'ann', "O'Brien", 'Paris', 'FR', '1985-01-01', 'Silver', 50, null, 9007199254740992n, false, '2019-12-31T22:00:00.000Z', null],
  ['C03', 'x%y@example.com', '100%_done', 'Müller', null, 'DE', null, null, null, 99.5, 5n, null, '2019-12-31T21:59:59.999Z', null],
  ['C04', 'a/b#c?d%e&f', '100 percent', 'Obrien', 'Évry', 'FR', '2000-02-29', 'Gold', 100, 0, null, true, null, null],
  ['C05', null, 'a_b', 'Smith', 'Berlin', null, null, 'Silver', 200, null, -1n, false, '2021-06-01T12:00:00.000Z', null],
  ['C06', null, 'axb', null, null, 'CH', null, null, null, null, null, true, null, null],
  ['C07', null, 'Émile', "O'Neil", 'Zürich', 'CH', null, 'Gold', 50, null, null, false, '2020-01-01T00:00:00.001Z', null],
  ['C08', null, '€uro', 'Euro', 'berlin', 'DE', null, 'Bronze', 300, null, null, true, null, null],
  ['C09', null, null, 'Nobody', 'Bern', 'CH', null, null, 0, null, null, null, null, null],
  ['C10', null, 'C:\\dir', 'Path', 'Berlin', 'DE', null, 'Gold', null, null, null, true, null, null],
];
const ALL = ROWS.map((r) => r[0]);

/** The compiled SQL run straight on better-sqlite3, no driver in between (integers come back as bigint). */
async function openCompiledSqlite(): Promise<SeededStore> {
  const db = new Database(':memory:');
  const compiler = new SqlCompiler(sqliteDialect);
  const columns = customer.attributes.map(
    (a) => `${sqliteDialect.quoteIdent(a.name)} ${SQL_TYPES[a.type]}${a.name === customer.key ? ' NOT NULL PRIMARY KEY' : ''}`,
  );
  db.exec(`CREATE TABLE ${sqliteDialect.quoteIdent(customer.table)} (${columns.join(', ')})`);
  const insert = db.prepare(`INSERT INTO ${sqliteDialect.quoteIdent(customer.table)} VALUES (${customer.attributes.map(() => '?').join(', ')})`);
  for (const row of ROWS) insert.run(...row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
  return {
    rows: async (query, page) => {
      const { text, params } = compiler.select(query, page);
      return db.prepare(text).safeIntegers(true).all(...params) as Record<string, ItemValue>[];
    },
    count: async (query) => {
      const { text, params } = compiler.count(query);
      return Number(db.prepare(text).pluck().get(...params));
    },
    close: async () => void db.close(),
  };
}

const targets: [string, () => Promise<SeededStore>][] = [
  ['SQLite, compiled SQL', openCompiledSqlite],
  ...storeFactories.map((f): [string, () => Promise<SeededStore>] => [`the ${f.name} driver`, () => openSeededStore(f, 'demo', [{ entity: customer, rows: ROWS }])]),
];

describe.each(targets)('OData on %s (execution)', (_target, open) => {
  const limits = new QueryLimits();
  let target: SeededStore;

  beforeAll(async () => {
    target = await open();
  });

  afterAll(() => target.close());

  function bind(rawQuery: string): BoundQuery {
    return bindQuery(parseQueryOptions(parseQueryString(rawQuery), limits, 'connector'), openCustomer, 'connector');
  }

  function run(query: BoundQuery, page: { limit: number; offset?: number; after?: readonly (StorageValue | null)[] }): Promise<Record<string, ItemValue>[]> {
    return target.rows(query, page);
  }

  /** Keys matching a decoded filter (encoded here the way a client library would). */
  async function keysFor(filter: string): Promise<string[]> {
    return (await run(bind(`$filter=${encodeURIComponent(filter)}`), { limit: 1000 })).map((r) => String(r.CustomerId));
  }

  describe('null semantics (two-valued, as OData specifies)', () => {
    it.each([
      ["City eq 'Berlin'", ['C01', 'C05', 'C10']],
      ["City ne 'Berlin'", ['C02', 'C03', 'C04', 'C06', 'C07', 'C08', 'C09']],
      ["not (City eq 'Berlin')", ['C02', 'C03', 'C04', 'C06', 'C07', 'C08', 'C09']],
      ["not (City ne 'Berlin')", ['C01', 'C05', 'C10']],
      ['City eq null', ['C03', 'C06']],
      ['City ne null', ['C01', 'C02', 'C04', 'C05', 'C07', 'C08', 'C09', 'C10']],
      ['LoyaltyPoints gt null', []],
      ['LoyaltyPoints le null', []],
      ['not (LoyaltyPoints gt null)', ALL],
      ['LoyaltyPoints gt 50', ['C01', 'C04', 'C05', 'C08']],
      ['not (LoyaltyPoints gt 50)', ['C02', 'C03', 'C06', 'C07', 'C09', 'C10']],
      ['50 lt LoyaltyPoints', ['C01', 'C04', 'C05', 'C08']],
      ["not (City eq 'Berlin' or Country eq 'DE')", ['C02', 'C04', 'C06', 'C07', 'C09']],
      ["not (City eq 'Berlin' and Country eq 'DE')", ['C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09']],
      ["(City eq 'Berlin' or City eq 'Paris') and LoyaltyPoints ge 100", ['C01', 'C05']],
      ['IsActive', ['C01', 'C04', 'C06', 'C08', 'C10']],
      ['not IsActive', ['C02', 'C03', 'C05', 'C07', 'C09']],
      ['IsActive eq false', ['C02', 'C05', 'C07']],
    ])('%s', async (filter, expected) => {
      expect(await keysFor(filter)).toEqual(expected);
    });
  });

  describe('strings: ordinal, case-sensitive; startswith escaping', () => {
    it.each([
      ["City gt 'Berlin'", ['C02', 'C04', 'C07', 'C08', 'C09']],
      ["City eq 'Zürich'", ['C07']],
      ["startswith(FirstName,'100%')", ['C03']],
      ["startswith(FirstName,'100')", ['C03', 'C04']],
      ["startswith(FirstName,'a_')", ['C05']],
      ["startswith(FirstName,'a')", ['C02', 'C05', 'C06']],
      ["startswith(FirstName,'A')", ['C01']],
      ["startswith(FirstName,'C:\\')", ['C10']],
      ["startswith(FirstName,'É')", ['C07']],
      ["startswith(FirstName,'€')", ['C08']],
      ["startswith(FirstName,'')", ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C10']],
      ["not startswith(FirstName,'a')", ['C01', 'C03', 'C04', 'C07', 'C08', 'C09', 'C10']],
      ["startswith(FirstName,'a') eq false", ['C01', 'C03', 'C04', 'C07', 'C08', 'C09', 'C10']],
      ["startswith(LastName,'O''')", ['C02', 'C07']],
      ["LastName eq 'O''Brien'", ['C02']],
      ["Email eq 'x%y@example.com'", ['C03']],
    ])('%s', async (filter, expected) => {
      expect(await keysFor(filter)).toEqual(expected);
    });

    it('finds reserved characters sent percent-encoded inside a literal', async () => {
      const rows = await run(bind("$filter=Email+eq+'a%2Fb%23c%3Fd%25e%26f'"), { limit: 10 });
      expect(rows.map((r) => r.CustomerId)).toEqual(['C04']);
    });

    it('reads + as a space, as Power Apps sends it', async () => {
      expect((await run(bind("$filter=City+eq+'Berlin'+and+LoyaltyPoints+eq+100"), { limit: 10 })).map((r) => r.CustomerId)).toEqual(['C01']);
    });
  });

  describe('numbers, dates, guids', () => {
    it.each([
      ['ExternalRef eq 9007199254740993', ['C01']],
      ['ExternalRef eq 9007199254740992', ['C02']],
      ['ExternalRef gt 9007199254740992', ['C01']],
      ['ExternalRef lt 0', ['C05']],
      ['LifetimeValue gt 10', ['C01', 'C03']],
      ['CreatedOn ge 2020-01-01T00:00:00+02:00', ['C01', 'C02', 'C05', 'C07']],
      ['CreatedOn lt 2020-01-01T00:00:00Z', ['C02', 'C03']],
      ['CreatedOn eq 2020-01-01T01:00:00+01:00', ['C01']],
      ['CreatedOn gt 2020-01-01T00:00:00.0009999Z', ['C05', 'C07']],
      ['BirthDate lt 1990-01-01', ['C02']],
      ['BirthDate eq 2000-02-29', ['C04']],
      ['ProfileGuid eq AAAAAAAA-0000-0000-0000-000000000001', ['C01']],
    ])('%s', async (filter, expected) => {
      expect(await keysFor(filter)).toEqual(expected);
    });

    it('returns Int64 beyond 2^53 exactly', async () => {
      const [row] = await run(bind(`$filter=${encodeURIComponent("CustomerId eq 'C01'")}&$select=ExternalRef`), { limit: 1 });
      expect(row.ExternalRef).toBe(9007199254740993n);
    });
  });

  describe('select, top, skip, count', () => {
    it('projects the selected columns only', async () => {
      const [row] = await run(bind('$select=City,CustomerId&$top=1'), { limit: 1 });
      expect(Object.keys(row)).toEqual(['CustomerId', 'City']);
    });

    it('applies LIMIT/OFFSET in key order', async () => {
      const rows = await run(bind('$top=3&$skip=2'), { limit: 3, offset: 2 });
      expect(rows.map((r) => r.CustomerId)).toEqual(['C03', 'C04', 'C05']);
    });

    it('counts the filtered collection', async () => {
      expect(await target.count(bind(`$filter=${encodeURIComponent("Country eq 'DE'")}`))).toBe(4);
    });
  });

  describe('ORDER BY and keyset paging with nulls in both directions', () => {
    it.each([
      ['City desc,LoyaltyPoints asc', ['C04', 'C08', 'C07', 'C02', 'C09', 'C10', 'C01', 'C05', 'C03', 'C06']],
      ['LoyaltyPoints desc,FirstName asc', ['C08', 'C05', 'C04', 'C01', 'C02', 'C07', 'C09', 'C03', 'C10', 'C06']],
      ['Country asc,FirstName desc', ['C05', 'C07', 'C06', 'C09', 'C08', 'C10', 'C01', 'C03', 'C02', 'C04']],
      ['CustomerId desc', ['C10', 'C09', 'C08', 'C07', 'C06', 'C05', 'C04', 'C03', 'C02', 'C01']],
    ])('$orderby=%s', async (orderBy, expected) => {
      const query = bind(`$orderby=${encodeURIComponent(orderBy)}`);
      const full = (await run(query, { limit: 1000 })).map((r) => String(r.CustomerId));
      expect(full).toEqual(expected);

      for (const pageSize of [1, 2, 3]) {
        expect(await pageThrough(query, pageSize)).toEqual(expected);
      }
    });

    it('pages through a filtered query', async () => {
      const query = bind(`$filter=${encodeURIComponent("City ne 'Berlin'")}&$orderby=${encodeURIComponent('City desc,LoyaltyPoints')}`);
      expect(await pageThrough(query, 2)).toEqual(['C04', 'C08', 'C07', 'C02', 'C09', 'C03', 'C06']);
    });

    /** Follows `after` = the last row's order values, as the gateway's $skiptoken does. */
    async function pageThrough(query: BoundQuery, limit: number): Promise<string[]> {
      const keys: string[] = [];
      let after: (StorageValue | null)[] | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const rows = await run(query, { limit, ...(after ? { after } : {}) });
        keys.push(...rows.map((r) => String(r.CustomerId)));
        if (rows.length < limit) return keys;
        const last = rows[rows.length - 1];
        after = query.orderBy.map((o) => toStorageValue(last[o.property.column]));
      }
      throw new Error('paging did not terminate');
    }
  });
});

function toStorageValue(value: unknown): StorageValue | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return value;
  }
  throw new Error(`unexpected column value ${String(value)}`);
}
