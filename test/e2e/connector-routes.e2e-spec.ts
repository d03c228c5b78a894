import { call, jsonInit, JsonResponse, RunningGateway, startGateway } from './support/gateway-harness';

/** Every connector route of §3.1 that the foundation serves, over real HTTP. */
describe('connector routes (e2e)', () => {
  let gw: RunningGateway;
  let auth: { authorization: string };
  beforeAll(async () => {
    gw = await startGateway();
    auth = gw.admin;
  });
  afterAll(() => gw.close());

  const get = (path: string, headers: Record<string, string> = {}) => call(`${gw.url}${path}`, { headers: { ...auth, ...headers } });

  it('serves dataset metadata', async () => {
    const res = await get('/$metadata.json/datasets');
    expect(res.status).toBe(200);
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(res.body).toEqual({
      tabular: { source: 'mru', displayName: 'Instance', urlEncoding: 'double', tableDisplayName: 'Entity', tablePluralName: 'Entities' },
      blob: null,
    });
  });

  it('lists instances', async () => {
    const res = await get('/datasets?api-version=2024-01-01');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: [{ Name: 'demo', DisplayName: 'Demo Customer Insights' }] });
  });

  it('gets entities with their dynamic properties', async () => {
    const res = await get('/datasets/demo/tables');
    expect(res.status).toBe(200);
    expect(res.body.value.map((t: { Name: string }) => t.Name)).toEqual(['Customer', 'UnifiedActivity', 'Customer_Measure', 'PosPurchases', 'HighValue', 'GoldAndPlatinum', 'Segments']);
    const customer = res.body.value[0];
    expect(customer).toEqual({
      Name: 'Customer',
      DisplayName: 'Customer',
      DynamicProperties: {
        kind: 'profile',
        rowCount: 200,
        refreshTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        filterableFields: ['CustomerId', 'Email', 'City', 'Country', 'LoyaltyTier'],
        keyField: 'CustomerId',
      },
    });
    expect(res.body.value[1].DynamicProperties.filterableFields).toEqual(['ActivityId', 'CustomerId']);
    expect(res.body.value[2].DynamicProperties.filterableFields).toEqual(['CustomerId']);
    // Segments (§6.3): one membership entity per segment, named after it, and the list of segments.
    expect(res.body.value[4].DynamicProperties).toMatchObject({ kind: 'segment', keyField: 'CustomerId', filterableFields: ['CustomerId'] });
    expect(res.body.value[6].DynamicProperties).toMatchObject({ kind: 'other', keyField: 'Name', rowCount: 2 });
  });

  it('serves the derived segment entities read-only (§3.1, §6.3)', async () => {
    for (const table of ['HighValue', 'Segments']) {
      const metadata = await get(`/$metadata.json/datasets/demo/tables/${table}`);
      expect(metadata.body['x-ms-permission']).toBe('read-only');
    }
    const segments = await get('/datasets/demo/tables/Segments/items');
    expect(segments.body.value.map((s: { Name: string; Filter: string; State: string }) => [s.Name, s.Filter, s.State])).toEqual([
      ['GoldAndPlatinum', "LoyaltyTier eq 'Gold' or LoyaltyTier eq 'Platinum'", 'active'],
      ['HighValue', 'LoyaltyPoints gt 15000', 'active'],
    ]);
  });

  it('serves table metadata with capabilities (§3.4)', async () => {
    const res = await get('/$metadata.json/datasets/demo/tables/Customer');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Customer');
    expect(res.body['x-ms-permission']).toBe('read-write');
    const caps = res.body['x-ms-capabilities'];
    expect(caps.filterRestrictions.filterable).toBe(true);
    expect(caps.filterRestrictions.nonFilterableProperties).toContain('FirstName');
    expect(caps.filterRestrictions.nonFilterableProperties).not.toContain('Email');
    expect(caps).toMatchObject({
      selectRestrictions: { selectable: true },
      countRestrictions: { countable: true },
      isOnlyServerPagable: true,
      serverPagingOptions: ['top', 'skiptoken'],
      filterFunctionSupport: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'startswith'],
      odataVersion: 4,
    });
    const { properties, required } = res.body.schema.items;
    expect(res.body.schema.type).toBe('array');
    expect(Object.keys(properties)[0]).toBe('CustomerId');
    expect(properties.CustomerId).toMatchObject({ type: 'string', 'x-ms-keyType': 'primary', 'x-ms-keyOrder': 1, 'x-ms-sort': 'asc,desc' });
    expect(properties.Email['x-ms-capabilities'].filterFunctions).toEqual(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'startswith']);
    expect(properties.FirstName).toMatchObject({ 'x-ms-keyType': 'none', 'x-ms-sort': 'none', 'x-ms-capabilities': { filterFunctions: [] } });
    expect(properties.BirthDate).toMatchObject({ type: 'string', format: 'date' });
    expect(properties.CreatedOn).toMatchObject({ type: 'string', format: 'date-time' });
    expect(properties.LoyaltyPoints).toMatchObject({ type: 'integer', format: 'int32' });
    expect(required).not.toContain('CustomerId');

    const measure = await get('/$metadata.json/datasets/demo/tables/Customer_Measure');
    expect(measure.body['x-ms-permission']).toBe('read-only');
    const activity = await get('/$metadata.json/datasets/demo/tables/UnifiedActivity');
    expect(activity.body.schema.items.properties.ActivityTime['x-ms-sort']).toBe('asc,desc');
  });

  it('finds tables by display name and through double encoding', async () => {
    const byDisplay = await get('/$metadata.json/datasets/demo/tables/Customer%20measures');
    expect(byDisplay.status).toBe(200);
    expect(byDisplay.body.name).toBe('Customer_Measure');
    const doubleEncoded = await get('/datasets/demo/tables/Customer%2520measures/items?$top=1');
    expect(doubleEncoded.status).toBe(200);
    expect(doubleEncoded.body.value).toHaveLength(1);
    const doubleDataset = await get('/datasets/%2564emo/tables');
    expect(doubleDataset.status).toBe(200);
  });

  it('answers unknown datasets, tables and items with 404 envelopes', async () => {
    const dataset = await get('/datasets/nope/tables');
    expect(dataset.status).toBe(404);
    expect(dataset.headers.get('odata-version')).toBe('4.0');
    expect(dataset.body).toEqual({
      error: { code: 'DATASET_NOT_FOUND', message: "Dataset 'nope' does not exist.", target: 'nope', details: [] },
      statusCode: 404,
      message: "Dataset 'nope' does not exist.",
    });
    const table = await get('/datasets/demo/tables/Nope/items');
    expect(table.status).toBe(404);
    expect(table.body.error.code).toBe('TABLE_NOT_FOUND');
    const item = await get('/datasets/demo/tables/Customer/items/C-nope');
    expect(item.status).toBe(404);
    expect(item.body.error).toMatchObject({ code: 'ITEM_NOT_FOUND', target: 'CustomerId' });
    const route = await get('/no/such/route');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  describe('Get items', () => {
    it('filters customers by e-mail and selects fields', async () => {
      const first = await get('/datasets/demo/tables/Customer/items?$top=1');
      const email: string = first.body.value[0].Email;
      const res = await get(`/datasets/demo/tables/Customer/items?$filter=Email+eq+'${encodeURIComponent(email)}'&$select=CustomerId,Email,City`);
      expect(res.status).toBe(200);
      expect(res.body.value).toHaveLength(1);
      expect(Object.keys(res.body.value[0])).toEqual(['@odata.etag', 'CustomerId', 'Email', 'City']);
      expect(res.body.value[0].Email).toBe(email);
    });

    it('pages with keyset next links carrying every option and counts the whole set', async () => {
      const customer = (await get('/datasets/demo/tables/Customer/items?$top=1&$orderby=CustomerId desc')).body.value[0].CustomerId;
      const all = await get(`/datasets/demo/tables/UnifiedActivity/items?$filter=CustomerId eq '${customer}'`);
      const expected = all.body.value.map((a: { ActivityId: string }) => a.ActivityId);
      let url: string | undefined = `${gw.url}/datasets/demo/tables/UnifiedActivity/items?$filter=CustomerId+eq+'${customer}'&$select=ActivityId,ActivityTime&$count=true`;
      const seen: string[] = [];
      let pages = 0;
      while (url) {
        const res: JsonResponse = await call(url, { headers: { ...auth, prefer: 'odata.maxpagesize=2' } });
        expect(res.status).toBe(200);
        expect(res.body['@odata.count']).toBe(expected.length);
        expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
        seen.push(...res.body.value.map((a: { ActivityId: string }) => a.ActivityId));
        url = res.body['@odata.nextLink'];
        if (url) {
          expect(url.startsWith(`${gw.url}/datasets/demo/tables/UnifiedActivity/items?`)).toBe(true);
          expect(url).toContain('$filter=CustomerId+eq+%27');
          expect(url).toContain('$select=ActivityId,ActivityTime');
          expect(url).toContain('$skiptoken=');
        }
        pages++;
      }
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 2)));
    });

    it('honours $top across pages and $skip on the first page', async () => {
      const top = await get('/datasets/demo/tables/Customer/items?$top=3&$select=CustomerId', { prefer: 'odata.maxpagesize=2' });
      expect(top.body.value).toHaveLength(2);
      const next = await call(top.body['@odata.nextLink'], { headers: auth });
      expect(next.body.value).toHaveLength(1);
      expect(next.body['@odata.nextLink']).toBeUndefined();
      const tooLarge = await get('/datasets/demo/tables/Customer/items?$select=CustomerId', { prefer: 'odata.maxpagesize=5000' });
      expect(tooLarge.headers.get('preference-applied')).toBeNull();
      expect(tooLarge.body.value).toHaveLength(200);
      const skipped = await get('/datasets/demo/tables/Customer/items?$skip=2&$top=1&$select=CustomerId');
      const third = (await get('/datasets/demo/tables/Customer/items?$top=3&$select=CustomerId')).body.value[2];
      expect(skipped.body.value).toEqual([third]);
    });

    it('sorts activities by time within a customer', async () => {
      const customer = (await get('/datasets/demo/tables/Customer/items?$top=1')).body.value[0].CustomerId;
      const res = await get(`/datasets/demo/tables/UnifiedActivity/items?$filter=CustomerId eq '${customer}'&$orderby=ActivityTime desc`);
      const times = res.body.value.map((a: { ActivityTime: string }) => a.ActivityTime);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('rejects filters on non-indexed fields with the §3.3 error', async () => {
      const res = await get("/datasets/demo/tables/Customer/items?$filter=FirstName eq 'Ann'");
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ODATA_FILTER_FIELD');
      expect(res.body.error.target).toBe('FirstName');
      expect(res.body.error.message).toContain('CustomerId, Email, City, Country, LoyaltyTier');
      const fn = await get("/datasets/demo/tables/Customer/items?$filter=contains(Email,'a')");
      expect(fn.status).toBe(400);
      expect(fn.body.error).toMatchObject({ code: 'ODATA_FILTER_FUNCTION', target: 'contains' });
      const expand = await get('/datasets/demo/tables/Customer/items?$expand=UnifiedActivity');
      expect(expand.status).toBe(501);
      const unknown = await get("/datasets/demo/tables/Customer/items?$filter=Nope eq 'x'");
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('ODATA_UNKNOWN_PROPERTY');
    });
  });

  describe('item writes', () => {
    it('creates, reads, updates with ETags and deletes a customer', async () => {
      const created = await call(
        `${gw.url}/datasets/demo/tables/Customer/items`,
        jsonInit('POST', { Email: 'new.person@example.com', FirstName: "O'Brien", LoyaltyTier: 'Gold', LoyaltyPoints: 10 }, auth),
      );
      expect(created.status).toBe(201);
      const id: string = created.body.CustomerId;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.body).toMatchObject({ Email: 'new.person@example.com', FirstName: "O'Brien", LoyaltyTier: 'Gold', City: null });
      expect(created.headers.get('location')).toBe(`${gw.url}/datasets/demo/tables/Customer/items/${id}`);
      const etag = created.body['@odata.etag'];
      expect(created.headers.get('etag')).toBe(etag);

      const read = await get(`/datasets/demo/tables/Customer/items/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);

      const updated = await call(`${gw.url}/datasets/demo/tables/Customer/items/${id}`, jsonInit('PATCH', { LoyaltyTier: 'Platinum' }, { ...auth, 'if-match': etag }));
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ CustomerId: id, LoyaltyTier: 'Platinum', Email: 'new.person@example.com' });
      expect(updated.body['@odata.etag']).not.toBe(etag);

      const stale = await call(`${gw.url}/datasets/demo/tables/Customer/items/${id}`, jsonInit('PATCH', { LoyaltyTier: 'Bronze' }, { ...auth, 'if-match': etag }));
      expect(stale.status).toBe(412);
      expect(stale.body.error.code).toBe('ETAG_MISMATCH');

      const removed = await call(`${gw.url}/datasets/demo/tables/Customer/items/${id}`, { method: 'DELETE', headers: auth });
      expect(removed.status).toBe(204);
      expect((await get(`/datasets/demo/tables/Customer/items/${id}`)).status).toBe(404);
    });

    it('creates an activity but refuses to change it, and refuses writes to derived entities', async () => {
      const created = await call(
        `${gw.url}/datasets/demo/tables/UnifiedActivity/items`,
        jsonInit('POST', { CustomerId: 'C-001', ActivityType: 'WebVisit', ActivityTime: '2026-01-02T10:00:00+02:00' }, auth),
      );
      expect(created.status).toBe(201);
      expect(created.body.ActivityTime).toBe('2026-01-02T08:00:00.000Z');
      const patch = await call(`${gw.url}/datasets/demo/tables/UnifiedActivity/items/${created.body.ActivityId}`, jsonInit('PATCH', { Title: 'x' }, auth));
      expect(patch.status).toBe(405);
      expect(patch.body.error.code).toBe('ENTITY_READ_ONLY');
      const del = await call(`${gw.url}/datasets/demo/tables/UnifiedActivity/items/${created.body.ActivityId}`, { method: 'DELETE', headers: auth });
      expect(del.status).toBe(405);
      const measure = await call(`${gw.url}/datasets/demo/tables/Customer_Measure/items`, jsonInit('POST', { CustomerId: 'C-x' }, auth));
      expect(measure.status).toBe(405);
    });

    it('rejects duplicate keys, unknown fields, bad types and wrong content types', async () => {
      const existing = (await get('/datasets/demo/tables/Customer/items?$top=1')).body.value[0].CustomerId;
      const dup = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { CustomerId: existing }, auth));
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: 'DUPLICATE_KEY', target: 'CustomerId' });
      const unknown = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { Nope: 1 }, auth));
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'ITEM_INVALID', target: 'Nope' });
      const badType = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { LoyaltyPoints: 'many' }, auth));
      expect(badType.status).toBe(400);
      expect(badType.body.error.target).toBe('LoyaltyPoints');
      const text = await call(`${gw.url}/datasets/demo/tables/Customer/items`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'hi' });
      expect(text.status).toBe(415);
      expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const broken = await call(`${gw.url}/datasets/demo/tables/Customer/items`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"a":' });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('BAD_REQUEST');
      const big = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { FirstName: 'x'.repeat(1_100_000) }, auth));
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('BODY_TOO_LARGE');
    });
  });
});
