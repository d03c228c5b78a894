import Database from 'better-sqlite3';
import {
  BoundExpr,
  BoundQuery,
  bindQuery,
  EntityMetadata,
  parseQueryOptions,
  parseQueryString,
  QueryLimits,
  sqliteDialect,
  StorageValue,
} from '@app/odata';
import { compileGoldenCase, GOLDEN_CASES, GoldenCase, openCustomerEntity, unifiedActivityEntity } from '@app/odata/testing';
import type { PageRequest } from '@app/storage';
import { storeFactories } from '../support/store-factories';
import { openSeededStore, SeededStore } from '../support/seeded-store';

/**
 * Every golden case, executed against seeded rows and checked against an independent
 * evaluator of OData semantics written here in plain TypeScript: two-valued logic with
 * nulls, ordinal (code point) string order, nulls first ascending, literal `startswith`.
 * A compiler change that alters results — not just text — fails here. The cases run as
 * golden SQL on SQLite, and as bound queries through every store driver (SQLite and
 * PostgreSQL), so the dialects must agree with the evaluator and with each other.
 */
type Row = Record<string, StorageValue | null>;

const customers: Row[] = [
  { CustomerId: 'C-1', Email: 'ann@example.com', FirstName: 'Ann', LastName: "O'Brien", City: 'Berlin', Country: 'DE', PostalCode: '10115', BirthDate: '1985-03-01', LoyaltyTier: 'Gold', LoyaltyPoints: 1200, LifetimeValue: 99.5, ExternalRef: 9007199254740993n, IsActive: true, CreatedOn: '2019-12-31T22:00:00.000Z', ProfileGuid: '0123abcd-89ab-cdef-0123-456789abcdef' },
  { CustomerId: 'C-2', Email: 'a%20b', FirstName: '100% done', LastName: 'McDonald', City: 'Paris', Country: 'FR', PostalCode: '75001', BirthDate: '1990-01-01', LoyaltyTier: 'Silver', LoyaltyPoints: 250, LifetimeValue: 12, ExternalRef: 9007199254740992n, IsActive: false, CreatedOn: '2019-12-31T21:59:59.999Z', ProfileGuid: null },
  { CustomerId: 'C-3', Email: null, FirstName: '100 percent', LastName: null, City: null, Country: null, PostalCode: null, BirthDate: null, LoyaltyTier: null, LoyaltyPoints: null, LifetimeValue: null, ExternalRef: null, IsActive: null, CreatedOn: null, ProfileGuid: null },
  { CustomerId: 'C-4', Email: 'a/b#c?d%e&f', FirstName: 'a_b', LastName: 'Mcx', City: 'Berlin', Country: 'DE', PostalCode: '19999', BirthDate: '1989-12-31', LoyaltyTier: 'Bronze', LoyaltyPoints: 100, LifetimeValue: 100, ExternalRef: -9007199254740994n, IsActive: true, CreatedOn: '2024-06-30T23:59:59.999Z', ProfileGuid: null },
  { CustomerId: 'C-5', Email: 'a%2520b', FirstName: 'axb', LastName: 'Smith', City: 'Évry', Country: 'FR', PostalCode: '20000', BirthDate: null, LoyaltyTier: 'Gold', LoyaltyPoints: 1001, LifetimeValue: 99.6, ExternalRef: 1n, IsActive: false, CreatedOn: '2025-01-01T00:00:00.000Z', ProfileGuid: null },
  { CustomerId: 'C-6', Email: 'x', FirstName: 'C:\\dir', LastName: 'mcdonald', City: 'New York', Country: 'US', PostalCode: '10001', BirthDate: '2000-02-29', LoyaltyTier: 'Silver', LoyaltyPoints: 0, LifetimeValue: 0, ExternalRef: 0n, IsActive: true, CreatedOn: '2020-01-01T00:00:00.000Z', ProfileGuid: null },
  { CustomerId: 'C-7', Email: 'y', FirstName: 'C:dir', LastName: 'Zed', City: 'berlin', Country: 'DE', PostalCode: '1', BirthDate: null, LoyaltyTier: null, LoyaltyPoints: 250, LifetimeValue: null, ExternalRef: null, IsActive: null, CreatedOn: null, ProfileGuid: null },
  { CustomerId: 'C-8', Email: 'z', FirstName: null, LastName: 'O', City: 'Bern', Country: 'CH', PostalCode: null, BirthDate: null, LoyaltyTier: 'Gold', LoyaltyPoints: 5000, LifetimeValue: 1e6, ExternalRef: null, IsActive: false, CreatedOn: null, ProfileGuid: null },
  { CustomerId: 'C-10', Email: 'w', FirstName: 'A', LastName: 'B', City: 'Berlin', Country: 'DE', PostalCode: '10000', BirthDate: null, LoyaltyTier: 'Gold', LoyaltyPoints: 10, LifetimeValue: null, ExternalRef: null, IsActive: null, CreatedOn: null, ProfileGuid: null },
  { CustomerId: 'C-11', Email: 'v', FirstName: 'B', LastName: 'C', City: 'Berlin', Country: 'DE', PostalCode: null, BirthDate: null, LoyaltyTier: null, LoyaltyPoints: null, LifetimeValue: null, ExternalRef: null, IsActive: null, CreatedOn: null, ProfileGuid: null },
  { CustomerId: 'C-12', Email: 'u', FirstName: 'C', LastName: 'D', City: 'New York', Country: 'FR', PostalCode: null, BirthDate: null, LoyaltyTier: null, LoyaltyPoints: 300, LifetimeValue: null, ExternalRef: null, IsActive: null, CreatedOn: null, ProfileGuid: null },
];

const activities: Row[] = Array.from({ length: 12 }, (_, i) => ({
  ActivityId: `A-${String(i).padStart(2, '0')}`,
  CustomerId: i % 3 === 0 ? 'C-2' : 'C-1',
  ActivityType: i % 2 ? 'Purchase' : 'WebVisit',
  ActivityTypeDisplay: null,
  ActivityTime: i === 5 ? null : `2025-0${1 + (i % 9)}-01T00:00:00.000Z`,
  ActivityName: null,
  Title: null,
  SourceEntityName: null,
  SourceActivityId: null,
}));

const COLUMN_TYPES: Record<string, string> = { Int32: 'INTEGER', Int64: 'INTEGER', Boolean: 'INTEGER', Double: 'REAL', Decimal: 'REAL' };

function seed(db: Database.Database, entity: EntityMetadata, rows: readonly Row[]): void {
  const columns = entity.attributes.map((a) => `"${a.name}" ${COLUMN_TYPES[a.type] ?? 'TEXT'}`).join(', ');
  db.exec(`CREATE TABLE "${entity.table}" (${columns}, PRIMARY KEY ("${entity.key}")) WITHOUT ROWID`);
  const insert = db.prepare(`INSERT INTO "${entity.table}" VALUES (${entity.attributes.map(() => '?').join(', ')})`);
  for (const row of rows) insert.run(...entity.attributes.map((a) => toSqlite(row[a.name] ?? null)));
}

const toSqlite = (v: StorageValue | null) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Code point order, as SQLite's BINARY collation over UTF-8 and PostgreSQL's "C" give. */
function compareText(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const isInteger = (v: StorageValue) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

function compareValues(a: StorageValue, b: StorageValue): number {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  if (isInteger(a) && isInteger(b)) {
    // Exact for Int64 beyond 2^53, where Number() would round.
    const [x, y] = [BigInt(a as number | bigint), BigInt(b as number | bigint)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

function holds(expr: BoundExpr, row: Row): boolean {
  switch (expr.kind) {
    case 'and':
      return holds(expr.left, row) && holds(expr.right, row);
    case 'or':
      return holds(expr.left, row) || holds(expr.right, row);
    case 'not':
      return !holds(expr.operand, row);
    case 'constant':
      return expr.value;
    case 'startswith': {
      const value = row[expr.property.column];
      return typeof value === 'string' && value.startsWith(expr.prefix);
    }
    case 'in': {
      const value = row[expr.property.column] ?? null;
      return value !== null && expr.values.some((v) => compareValues(value, v) === 0);
    }
    case 'compare': {
      const value = row[expr.property.column] ?? null;
      if (expr.value === null) return expr.op === 'eq' ? value === null : expr.op === 'ne' ? value !== null : false;
      if (value === null) return expr.op === 'ne';
      const c = compareValues(value, expr.value);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[expr.op];
    }
  }
}

/** OData order: nulls first ascending, last descending. */
function compareRows(query: BoundQuery, a: readonly (StorageValue | null)[], b: readonly (StorageValue | null)[]): number {
  for (let i = 0; i < query.orderBy.length; i++) {
    const [x, y] = [a[i], b[i]];
    const c = x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : compareValues(x, y);
    if (c !== 0) return query.orderBy[i].direction === 'asc' ? c : -c;
  }
  return 0;
}

function expected(query: BoundQuery, rows: readonly Row[], page: { limit: number; offset?: number; after?: readonly (StorageValue | null)[] }): string[] {
  const sortKey = (row: Row) => query.orderBy.map((o) => row[o.property.column] ?? null);
  let matching = rows.filter((row) => (query.filter ? holds(query.filter, row) : true));
  matching.sort((a, b) => compareRows(query, sortKey(a), sortKey(b)));
  if (page.after) matching = matching.filter((row) => compareRows(query, sortKey(row), page.after ?? []) > 0);
  return matching.slice(page.offset ?? 0, (page.offset ?? 0) + page.limit).map((row) => String(row[query.entity.key]));
}

/** Where a case runs: `rows` and `count` of the case's bound query and page. */
interface GoldenTarget {
  rows(testCase: GoldenCase, query: BoundQuery, page: PageRequest): Promise<Record<string, unknown>[]>;
  count(testCase: GoldenCase, query: BoundQuery): Promise<number>;
  close(): Promise<void>;
}

/** The golden SQL text itself, on better-sqlite3. */
async function openGoldenSqlite(): Promise<GoldenTarget> {
  const db = new Database(':memory:');
  seed(db, openCustomerEntity, customers);
  seed(db, unifiedActivityEntity, activities);
  const prepare = (testCase: GoldenCase) => {
    const { text, params } = compileGoldenCase(testCase, sqliteDialect);
    return { statement: db.prepare(text).safeIntegers(true), params };
  };
  return {
    rows: async (testCase) => {
      const { statement, params } = prepare(testCase);
      return statement.all(...params) as Record<string, unknown>[];
    },
    count: async (testCase) => {
      const { statement, params } = prepare(testCase);
      return Number(Object.values(statement.get(...params) as Record<string, bigint>)[0]);
    },
    close: async () => void db.close(),
  };
}

/** The bound query through a store driver, as the gateway runs it. */
async function openGoldenStore(open: () => Promise<SeededStore>): Promise<GoldenTarget> {
  const store = await open();
  return { rows: (_case, query, page) => store.rows(query, page), count: (_case, query) => store.count(query), close: () => store.close() };
}

const inAttributeOrder = (entity: EntityMetadata, rows: readonly Row[]) => rows.map((row) => entity.attributes.map((a) => row[a.name] ?? null));
const seeds = [
  { entity: openCustomerEntity, rows: inAttributeOrder(openCustomerEntity, customers) },
  { entity: unifiedActivityEntity, rows: inAttributeOrder(unifiedActivityEntity, activities) },
];
const targets: [string, () => Promise<GoldenTarget>][] = [
  ['as golden SQL on SQLite', openGoldenSqlite],
  ...storeFactories.map((f): [string, () => Promise<GoldenTarget>] => [`through the ${f.name} driver`, () => openGoldenStore(() => openSeededStore(f, 'demo', seeds))]),
];

describe.each(targets)('golden cases executed %s', (_target, open) => {
  let target: GoldenTarget;
  beforeAll(async () => {
    target = await open();
  });
  afterAll(() => target.close());

  const bind = (testCase: GoldenCase) =>
    bindQuery(parseQueryOptions(parseQueryString(testCase.query), new QueryLimits(), 'connector'), testCase.entity ?? openCustomerEntity, 'connector');
  const pageOf = (testCase: GoldenCase, query: BoundQuery): PageRequest => ({
    limit: query.top ?? 100,
    ...(query.skip !== undefined ? { offset: query.skip } : {}),
    ...testCase.page,
  });

  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const entity = testCase.entity ?? openCustomerEntity;
    const rows = entity === openCustomerEntity ? customers : activities;
    const query = bind(testCase);
    if (testCase.statement === 'count') {
      expect(await target.count(testCase, query)).toBe(rows.filter((r) => (query.filter ? holds(query.filter, r) : true)).length);
      return;
    }
    const page = pageOf(testCase, query);
    const got = (await target.rows(testCase, query, page)).map((r) => String(r[entity.key]));
    expect(got).toEqual(expected(query, rows, page));
  });

  it('covers cases that select rows and cases that select none', async () => {
    const cases = GOLDEN_CASES.filter((c) => c.statement !== 'count' && !c.entity);
    const sizes = await Promise.all(cases.map(async (c) => (await target.rows(c, bind(c), pageOf(c, bind(c)))).length));
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(30);
    expect(sizes.filter((n) => n === 0).length).toBeGreaterThan(0);
  });
});
