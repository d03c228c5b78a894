import { StorageDriver } from '@app/storage';
import { call, RunningGateway, startGateway } from './support/gateway-harness';

/** `$expand` on the feed (§4): Customer → UnifiedActivity (many) and → Customer_Measure (one). */
describe('OData feed $expand (e2e)', () => {
  let gw: RunningGateway;
  let root: string;
  const get = (path: string) => call(`${root}${path}`, { headers: gw.admin });
  beforeAll(async () => {
    gw = await startGateway({ MAX_EXPAND_ROWS: '400' });
    root = `${gw.url}/odata/demo/`;
  });
  afterAll(() => gw.close());

  it('declares the navigations in $metadata', async () => {
    const xml = (await get('$metadata')).text;
    expect(xml).toContain('<NavigationProperty Name="UnifiedActivity" Type="Collection(InsightsGateway.demo.UnifiedActivity)"/>');
    expect(xml).toContain('<NavigationProperty Name="Customer_Measure" Type="InsightsGateway.demo.Customer_Measure"/>');
    expect(xml).toContain('<NavigationPropertyBinding Path="UnifiedActivity" Target="UnifiedActivity"/>');
    const customerSet = /<EntitySet Name="Customer"[\s\S]*?<\/EntitySet>/.exec(xml)?.[0] ?? '';
    expect(customerSet).toContain('<PropertyValue Property="Expandable" Bool="true"/>');
  });

  it('expands both navigations with nested options, matching direct queries', async () => {
    const res = await get(
      'Customer?$top=5&$select=Email&$expand=UnifiedActivity($select=ActivityId,ActivityTime;$orderby=ActivityTime desc;$top=2),Customer_Measure($select=CustomerId,PurchaseCount)',
    );
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(5);
    for (const customer of res.body.value) {
      expect(Object.keys(customer)).toEqual(['Email', 'UnifiedActivity', 'Customer_Measure']);
      const id = customer.Customer_Measure.CustomerId;
      const direct = await get(`UnifiedActivity?$filter=CustomerId eq '${id}'&$orderby=ActivityTime desc&$top=2&$select=ActivityId,ActivityTime`);
      expect(customer.UnifiedActivity).toEqual(direct.body.value);
      const measure = await get(`Customer_Measure('${id}')?$select=CustomerId,PurchaseCount`);
      const { '@odata.context': _context, ...values } = measure.body;
      expect(customer.Customer_Measure).toEqual(values);
    }
  });

  it('runs one query per expansion for a whole page, not one per customer', async () => {
    const storage = gw.app.get<StorageDriver>(StorageDriver);
    const spy = jest.spyOn(storage, 'queryItems');
    try {
      const res = await get('Customer?$top=50&$select=CustomerId&$expand=UnifiedActivity($select=ActivityId),Customer_Measure');
      expect(res.status).toBe(200);
      expect(res.body.value).toHaveLength(50);
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('expands a single entity addressed by key', async () => {
    const res = await get("Customer('C-000003')?$select=CustomerId&$expand=Customer_Measure($select=CustomerId)");
    expect(res.body).toEqual({
      '@odata.context': `${root}$metadata#Customer/$entity`,
      CustomerId: 'C-000003',
      Customer_Measure: { CustomerId: 'C-000003' },
    });
  });

  it('answers what it cannot do with the right status, never a silent cut', async () => {
    expect((await get('Customer?$expand=Nope')).body.error).toMatchObject({ code: 'ODATA_UNKNOWN_PROPERTY', target: 'Nope' });
    expect((await get('Customer?$expand=UnifiedActivity($expand=Customer)')).status).toBe(501);
    const rule = await get("Customer?$expand=UnifiedActivity($filter=ActivityType eq 'Purchase')");
    expect(rule.status).toBe(501);
    expect(rule.body.error).toMatchObject({ code: 'ODATA_FILTER_FIELD', target: 'ActivityType' });
    const tooMany = await get('Customer?$expand=UnifiedActivity');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'ODATA_LIMIT_EXCEEDED', target: '$expand' });
    const connector = await call(`${gw.url}/datasets/demo/tables/Customer/items?$expand=UnifiedActivity`, { headers: gw.admin });
    expect(connector.status).toBe(501);
    const path = await get("Customer('C-000001')/UnifiedActivity");
    expect(path.status).toBe(501);
    expect(path.body.error.message).toContain('$expand=UnifiedActivity');
    expect((await get("Customer('C-000001')/Nope")).status).toBe(404);
  });
});
