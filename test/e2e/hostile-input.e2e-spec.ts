import fc from 'fast-check';
import { call, RunningGateway, startGateway } from './support/gateway-harness';
import { rawRequest, RawResponse } from './support/raw-http';

/**
 * Property: whatever a stranger sends in the query string or the body, the answer is
 * never a 5xx, always JSON in the §3.5 envelope (or a normal result), and no data changes.
 */
describe('hostile input (e2e)', () => {
  let gw: RunningGateway;
  let headers: Record<string, string>;
  beforeAll(async () => {
    gw = await startGateway();
    headers = gw.admin;
    // The one record hostile PATCHes may legitimately change; it sorts after the snapshot's first 50.
    await rawRequest(gw.url, 'POST', '/datasets/demo/tables/Customer/items', { ...headers, 'content-type': 'application/json' }, '{"CustomerId":"Z-fuzz"}');
  });
  afterAll(() => gw.close());

  const fragments = [
    '$filter=', '$select=', '$top=', '$skip=', '$orderby=', '$count=', '$skiptoken=', '$expand=', '$apply=', '$search=', '$format=',
    'api-version=1', '&', '=', '%', '%2', '%zz', '%25', '%27', '%C3%28', '%00', '+', "'", "''", '(', ')', ',', '/', ':', '$', '*', '#', '?',
    ' eq ', ' ne ', ' gt ', ' and ', ' or ', 'not ', 'null', 'true', '-1', '1.5', '1e10', '9999999999999999999999', '2024-01-01T00:00:00%2B02:00',
    'CustomerId', 'Email', 'City', 'FirstName', 'ActivityId', 'startswith(', 'contains(', 'tolower(', 'any(d:d', 'x add 1',
    '$expand=UnifiedActivity', '$expand=Customer_Measure(', ';$top=', '$format=json', '$format=atom',
    "'; DROP TABLE demo__Customer; --", '" OR 1=1 --', '/*', '*/', ';', 'UNION SELECT', '\u00e9', '\u00ff', 'Ã©',
  ];
  const queryString = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.stringMatching(/^[!-~]{0,6}$/)), { maxLength: 14 }).map((parts) => parts.join('').replace(/ /g, '+')); // a raw space cannot be on a request line

  /** The feed answers §3.3 rule violations with 501 too (so Power Query filters locally). */
  const FEED_501 = ['ODATA_NOT_IMPLEMENTED', 'ODATA_FILTER_FIELD', 'ODATA_FILTER_FUNCTION', 'ODATA_ORDERBY_FIELD'];

  function assertEnvelopeOrResult(res: RawResponse, feed = false): void {
    if (res.status === 200 && String(res.headers['content-type']).startsWith('text/plain')) {
      expect(res.text).toMatch(/^\d+$/); // a /$count
      return;
    }
    const body = JSON.parse(res.text);
    // 501 is the contract's answer to valid OData we don't support (§3.2); nothing else 5xx.
    if (res.status === 501) expect(feed ? FEED_501 : ['ODATA_NOT_IMPLEMENTED']).toContain(body.error.code);
    else expect(res.status).toBeLessThan(500);
    expect(String(res.headers['content-type'])).toContain('application/json');
    if (res.status >= 400) {
      expect(typeof body.error.code).toBe('string');
      expect(typeof body.error.message).toBe('string');
      expect(Array.isArray(body.error.details)).toBe(true);
      expect(body.statusCode).toBe(res.status);
    } else {
      expect(Array.isArray(body.value) || typeof body === 'object').toBe(true);
    }
  }

  async function snapshot(): Promise<string> {
    const tables = await call(`${gw.url}/datasets/demo/tables`, { headers });
    const counts = tables.body.value.map((t: { Name: string; DynamicProperties: { rowCount: number } }) => `${t.Name}=${t.DynamicProperties.rowCount}`);
    const customers = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId,Email,LoyaltyTier&$top=50`, { headers });
    return JSON.stringify([counts, customers.body.value.map((c: Record<string, unknown>) => [c.CustomerId, c.Email, c.LoyaltyTier])]);
  }

  it('answers 1000+ hostile query strings on every read route with the envelope, never a 5xx', async () => {
    const before = await snapshot();
    const routes = [
      '/datasets/demo/tables/Customer/items',
      '/datasets/demo/tables/UnifiedActivity/items',
      '/datasets/demo/tables/Customer/items/C-000001',
      '/datasets',
      '/odata/demo/Customer',
      "/odata/demo/Customer('C-000001')",
      '/odata/demo/Customer/$count',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), queryString, async (route, query) => {
        assertEnvelopeOrResult(await rawRequest(gw.url, 'GET', `${route}?${query}`, headers), route.startsWith('/odata/'));
      }),
      { numRuns: 1200, seed: 20261128 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('answers 1000+ hostile bodies on write routes with the envelope, never a 5xx', async () => {
    const before = await snapshot();
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.dictionary(fc.constantFrom('CustomerId', 'Email', 'LoyaltyPoints', 'BirthDate', 'CreatedOn', 'x', '@odata.etag', '__proto__', 'constructor'), fc.jsonValue()).map((o) => JSON.stringify(o)),
    );
    const target = fc.constantFrom(
      ['PATCH', '/datasets/demo/tables/Customer/items/Z-fuzz'],
      ['PATCH', '/datasets/demo/tables/Customer/items/does-not-exist'],
      ['POST', '/datasets/demo/tables/Customer_Measure/items'],
      ['POST', '/admin/connections'],
      ['PATCH', "/datasets/demo/tables/Customer/items/'%20OR%201=1"],
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded');
    await fc.assert(
      fc.asyncProperty(target, body, contentType, async ([method, path], text, type) => {
        const res = await rawRequest(gw.url, method, path, { ...headers, 'content-type': type }, text);
        assertEnvelopeOrResult(res);
      }),
      { numRuns: 1000, seed: 20261129 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('treats SQL in literals as data', async () => {
    const attempts = [
      "$filter=Email eq '' or 1=1 --'",
      "$filter=Email eq 'x'' OR ''1''=''1'",
      "$filter=CustomerId eq 'C-000001'; DELETE FROM demo__Customer; --'",
      "$filter=startswith(Email,'%')",
      "$filter=startswith(Email,'_')",
    ];
    for (const query of attempts) {
      const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?${query.replace(/ /g, '%20').replace(/;/g, '%3B')}`, { headers });
      expect(res.status).toBeLessThan(500);
      if (res.status === 200) expect(res.body.value).toEqual([]);
      else expect(res.body.error.code).toMatch(/^ODATA_/);
    }
    const count = await call(`${gw.url}/datasets/demo/tables/Customer/items?$count=true&$top=0`, { headers });
    expect(count.body['@odata.count']).toBe(201);
  });

  it('refuses the NUL character in a filter, a key or a body with a 400, on every store', async () => {
    const items = `${gw.url}/datasets/demo/tables/Customer/items`;
    const filter = await call(`${items}?$filter=City%20eq%20'a%00b'`, { headers });
    expect([filter.status, filter.body.error.message]).toEqual([400, expect.stringMatching(/NUL character/)]);
    const key = await call(`${items}/Z%00fuzz`, { headers });
    expect([key.status, key.body.error.target]).toEqual([400, 'CustomerId']);
    const body = await call(`${items}/Z-fuzz`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: '{"City":"a\\u0000b"}' });
    expect([body.status, body.body.error.message]).toEqual([400, "Field 'City' must not contain the NUL character (\\u0000)."]);
  });
});
