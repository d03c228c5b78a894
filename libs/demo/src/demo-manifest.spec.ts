import { demoManifest } from './demo-manifest';

describe(demoManifest.name, () => {
  const sut = demoManifest();
  const entity = (name: string) => {
    const found = sut.entities.find((e) => e.name === name);
    if (!found) throw new Error(`missing ${name}`);
    return found;
  };
  const names = (name: string) => entity(name).attributes.map((a) => a.name);

  it('declares the demo instance with its search index', () => {
    expect(sut.name).toBe('demo');
    expect(sut.displayName).toBe('Demo Customer Insights');
    expect(sut.searchIndex).toEqual(['Email', 'City', 'Country', 'LoyaltyTier']);
    expect(sut.entities.map((e) => [e.name, e.kind, e.key])).toEqual([
      ['Customer', 'profile', 'CustomerId'],
      ['UnifiedActivity', 'unifiedActivity', 'ActivityId'],
      ['Customer_Measure', 'measure', 'CustomerId'],
      ['PosPurchases', 'source', 'PurchaseId'],
    ]);
  });

  it('puts each key first, non-nullable, with unique attribute names', () => {
    for (const e of sut.entities) {
      expect(e.attributes[0]).toMatchObject({ name: e.key, nullable: false });
      expect(new Set(e.attributes.map((a) => a.name)).size).toBe(e.attributes.length);
      for (const a of e.attributes) expect(a.displayName).toBeTruthy();
    }
  });

  it('puts the filterable Customer fields right after the key (§3.4)', () => {
    expect(names('Customer').slice(0, 5)).toEqual(['CustomerId', ...sut.searchIndex]);
    expect(names('Customer')).toHaveLength(17);
  });

  it('declares the system activity fields, the ActivityTime sort field and a custom Amount', () => {
    expect(names('UnifiedActivity')).toEqual([
      'ActivityId', 'CustomerId', 'ActivityType', 'ActivityTypeDisplay', 'ActivityTime',
      'ActivityName', 'Title', 'SourceEntityName', 'SourceActivityId', 'Amount',
    ]);
    expect(entity('UnifiedActivity').sortFields).toEqual(['ActivityTime']);
    expect(names('Customer_Measure')).toEqual([
      'CustomerId', 'TotalSpend', 'PurchaseCount', 'LastPurchaseDate', 'AverageOrderValue', 'ActivityCount',
    ]);
    expect(entity('PosPurchases').attributes.find((a) => a.name === 'ExternalOrderNumber')?.type).toBe('Int64');
  });

  it('generates keys for entities that accept creates, not for the measure entity', () => {
    expect(sut.entities.map((e) => e.keyGenerated ?? false)).toEqual([true, true, false, true]);
  });
});
