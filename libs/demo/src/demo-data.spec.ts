import type { EdmType } from '@app/odata';
import { DEMO_NOW_MS, generateDemoData, type DemoData, type DemoRow, type DemoValue } from '@app/demo';

const SAMPLE = 2000;
const DAY = 86_400_000;

function collect(data: DemoData): Map<string, DemoRow[]> {
  return new Map(data.entities.map((e) => [e.name, [...e.rows()]]));
}

/** Text that differs whenever any value or its type differs (bigint ≠ number). */
function serialise(rows: readonly DemoRow[]): string {
  return JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

function matchesEdmType(value: DemoValue, type: EdmType): boolean {
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Int32':
      return typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
    case 'Int64':
      return typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n;
    case 'Double':
    case 'Decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'DateTimeOffset':
      return (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
        new Date(value).toISOString() === value
      );
    case 'Date':
      return (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        new Date(`${value}T00:00:00.000Z`).toISOString().slice(0, 10) === value
      );
    case 'Guid':
      return typeof value === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value);
  }
}

function groupBy(rows: readonly DemoRow[], column: number): Map<DemoValue, DemoRow[]> {
  const groups = new Map<DemoValue, DemoRow[]>();
  for (const row of rows) {
    const group = groups.get(row[column]);
    if (group) group.push(row);
    else groups.set(row[column], [row]);
  }
  return groups;
}

describe(generateDemoData.name, () => {
  const sut = generateDemoData({ customers: SAMPLE, seed: 42 });
  const rows = collect(sut);
  const of = (name: string): DemoRow[] => rows.get(name) ?? [];
  const customers = of('Customer');
  const activities = of('UnifiedActivity');
  const measures = of('Customer_Measure');
  const purchases = of('PosPurchases');

  it('is deterministic: same options, identical rows', () => {
    const again = collect(generateDemoData({ customers: SAMPLE, seed: 42 }));
    for (const [name, expected] of rows) expect(serialise(again.get(name) ?? [])).toBe(serialise(expected));
  });

  it('differs for a different seed', () => {
    const other = collect(generateDemoData({ customers: SAMPLE, seed: 43 }));
    for (const [name, expected] of rows) expect(serialise(other.get(name) ?? [])).not.toBe(serialise(expected));
  });

  it('yields the same rows for customer ranges as for the whole set', () => {
    for (const entity of sut.entities) {
      const split = [...entity.rows({ from: 0, to: 777 }), ...entity.rows({ from: 777, to: SAMPLE })];
      expect(serialise(split)).toBe(serialise(of(entity.name)));
    }
  });

  it('reports the row count each stream yields', () => {
    expect(sut.entities.map((e) => e.rowCount)).toEqual(sut.entities.map((e) => of(e.name).length));
    expect(customers).toHaveLength(SAMPLE);
    expect(measures).toHaveLength(SAMPLE);
  });

  it('emits rows matching the manifest: attribute count, EDM type, nullability', () => {
    for (const definition of sut.manifest.entities) {
      for (const row of of(definition.name)) {
        expect(row).toHaveLength(definition.attributes.length);
        definition.attributes.forEach((attribute, i) => {
          const value = row[i];
          const nullable = attribute.nullable !== false && attribute.name !== definition.key;
          const ok = value === null ? nullable : matchesEdmType(value, attribute.type);
          if (!ok) throw new Error(`${definition.name}.${attribute.name} = ${String(value)} is not ${attribute.type}`);
        });
      }
    }
  });

  it('has unique keys in every entity and unique e-mails', () => {
    for (const definition of sut.manifest.entities) {
      const keyColumn = definition.attributes.findIndex((a) => a.name === definition.key);
      const keys = of(definition.name).map((r) => r[keyColumn]);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(new Set(customers.map((r) => r[1])).size).toBe(SAMPLE);
    expect(customers[0][0]).toBe('C-000001');
    expect(customers[0][1]).toMatch(/^[a-z]+\.[a-z]+1@example\.com$/);
  });

  it('pads customer ids to the width of the count', () => {
    const big = generateDemoData({ customers: 1_234_567 }).entity('Customer');
    expect([...big.rows({ from: 1_234_566, to: 1_234_567 })][0][0]).toBe('C-1234567');
  });

  it('gives about five activities per customer, sorted in time within the last three years', () => {
    const average = activities.length / SAMPLE;
    expect(average).toBeGreaterThan(4);
    expect(average).toBeLessThan(6);
    const createdOn = new Map(customers.map((c) => [c[0], Date.parse(String(c[15]))]));
    for (const [customerId, own] of groupBy(activities, 1)) {
      const times = own.map((a) => Date.parse(String(a[4])));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      const windowStart = Math.max(createdOn.get(customerId) ?? Infinity, DEMO_NOW_MS - 1096 * DAY);
      expect(times[0]).toBeGreaterThanOrEqual(windowStart);
      expect(times[times.length - 1]).toBeLessThan(DEMO_NOW_MS);
      expect(own.length).toBeLessThanOrEqual(12);
    }
    expect(new Set(activities.map((a) => a[2]))).toEqual(
      new Set(['Purchase', 'WebVisit', 'EmailOpen', 'EmailClick', 'SupportCase', 'StoreVisit', 'Review', 'Return']),
    );
  });

  it("computes measures from the customer's activities", () => {
    const byCustomer = groupBy(activities, 1);
    for (const [customerId, totalSpend, purchaseCount, lastPurchase, average, activityCount] of measures) {
      const own = byCustomer.get(customerId) ?? [];
      const bought = own.filter((a) => a[2] === 'Purchase');
      const spend = bought.reduce((sum, a) => sum + Number(a[9]), 0);
      expect(activityCount).toBe(own.length);
      expect(purchaseCount).toBe(bought.length);
      expect(totalSpend).toBeCloseTo(spend, 6);
      expect(lastPurchase).toBe(bought.length ? bought[bought.length - 1][4] : null);
      const spendCents = Math.round(spend * 100);
      if (bought.length) expect(average).toBe(Math.round(spendCents / bought.length) / 100);
      else expect(average).toBeNull();
    }
  });

  it('makes PosPurchases exactly the Purchase activities they are the source of', () => {
    const bought = activities.filter((a) => a[2] === 'Purchase');
    expect(purchases.map((p) => [p[0], p[1], p[3], p[4]])).toEqual(bought.map((a) => [a[8], a[1], a[4], a[9]]));
    expect(new Set(bought.map((a) => a[7]))).toEqual(new Set(['PosPurchases']));
    const customerIds = new Set(customers.map((c) => c[0]));
    expect(purchases.every((p) => customerIds.has(p[1]))).toBe(true);
    expect(purchases.every((p) => Number.isInteger(Math.round(Number(p[4]) * 100)) && Number(p[4]) > 0)).toBe(true);
  });

  it('leaves optional customer fields empty at realistic rates, with a skewed loyalty tier', () => {
    const nullShare = (column: number) => customers.filter((c) => c[column] === null).length / SAMPLE;
    expect(nullShare(8)).toBeGreaterThan(0.06);
    expect(nullShare(8)).toBeLessThan(0.14);
    expect(nullShare(11)).toBeGreaterThan(0.02);
    expect(nullShare(11)).toBeLessThan(0.08);
    expect(nullShare(12)).toBeGreaterThan(0.15);
    expect(nullShare(12)).toBeLessThan(0.25);
    const tiers = ['Bronze', 'Silver', 'Gold', 'Platinum'].map((t) => customers.filter((c) => c[4] === t).length);
    expect(tiers.reduce((a, b) => a + b, 0)).toBe(SAMPLE);
    expect(tiers).toEqual([...tiers].sort((a, b) => b - a));
  });

  it.each([
    [{ customers: -1 }],
    [{ customers: 1.5 }],
    [{ customers: 10, seed: -1 }],
    [{ customers: 10, seed: 2 ** 32 }],
  ])('rejects %j', (options) => {
    expect(() => generateDemoData(options)).toThrow(RangeError);
  });

  it('rejects a customer range outside the set', () => {
    expect(() => [...sut.entity('Customer').rows({ from: 0, to: SAMPLE + 1 })]).toThrow(RangeError);
  });
});
