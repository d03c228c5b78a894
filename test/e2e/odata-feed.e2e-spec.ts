import { gunzipSync } from 'node:zlib';
import { call, DEMO_KEY, JsonResponse, RunningGateway, startGateway } from './support/gateway-harness';
import { rawRequest } from './support/raw-http';

const POWER_QUERY_ACCEPT =
  'application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,' +
  'application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7';

/** The OData v4 feed (§4): first slice — service document, $metadata, sets, keys, $count, paging, wire rules. */
describe('OData feed (e2e)', () => {
  let gw: RunningGateway;
  let root: string;
  const get = (path: string, headers: Record<string, string> = {}) => call(`${root}${path}`, { headers: { ...gw.admin, ...headers } });
  beforeAll(async () => {
    gw = await startGateway();
    root = `${gw.url}/odata/demo/`;
  });
  afterAll(() => gw.close());

  it('serves the service document with an absolute context', async () => {
    const res = await get('', { accept: POWER_QUERY_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(res.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(res.body).toEqual({
      '@odata.context': `${root}$metadata`,
      value: ['Customer', 'UnifiedActivity', 'Customer_Measure', 'PosPurchases', 'HighValue', 'GoldAndPlatinum', 'Segments'].map((name) => ({ name, kind: 'EntitySet', url: name })),
    });
  });

  it('serves CSDL with keys, v4 types and the §3.3 restrictions as Capabilities annotations', async () => {
    const res = await get('$metadata', { accept: POWER_QUERY_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(res.headers.get('odata-version')).toBe('4.0');
    const xml = res.text;
    expect(xml).toContain('<edmx:Edmx Version="4.0"');
    expect(xml.match(/<EntityContainer /g)).toHaveLength(1);
    expect(xml).toContain('<EntityType Name="Customer"><Key><PropertyRef Name="CustomerId"/></Key><Property Name="CustomerId" Type="Edm.String" Nullable="false"/>');
    expect(xml).toContain('<Property Name="BirthDate" Type="Edm.Date"/>');
    expect(xml).toContain('<Property Name="ExternalOrderNumber" Type="Edm.Int64"/>');
    const customerSet = /<EntitySet Name="Customer"[\s\S]*?<\/EntitySet>/.exec(xml)?.[0] ?? '';
    const nonFilterable = /NonFilterableProperties"><Collection>(.*?)<\/Collection>/.exec(customerSet)?.[1] ?? '';
    expect(nonFilterable).toContain('<PropertyPath>FirstName</PropertyPath>');
    expect(nonFilterable).not.toContain('<PropertyPath>Email</PropertyPath>');
    expect(customerSet).toContain('<Annotation Term="Capabilities.CountRestrictions"><Record><PropertyValue Property="Countable" Bool="true"/>');
  });

  it('pages a set through absolute next links to the count of /$count, without the api-key', async () => {
    const count = await call(`${root}Customer/$count?api-key=${DEMO_KEY}`);
    expect(count.status).toBe(200);
    expect(count.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(count.text).toBe('200');
    let url: string | undefined = `${root}Customer?$select=CustomerId,Email&api-key=${DEMO_KEY}`;
    const ids = new Set<string>();
    while (url) {
      const page: JsonResponse = await call(url, { headers: { accept: POWER_QUERY_ACCEPT, prefer: 'odata.maxpagesize=64' } });
      expect(page.status).toBe(200);
      expect(page.body['@odata.context']).toBe(`${root}$metadata#Customer`);
      expect(page.headers.get('preference-applied')).toBe('odata.maxpagesize=64');
      for (const row of page.body.value) {
        expect(Object.keys(row)).toEqual(['CustomerId', 'Email']);
        ids.add(row.CustomerId);
      }
      url = page.body['@odata.nextLink'];
      if (url) expect(url).not.toContain(DEMO_KEY);
      if (url) url = `${url}&api-key=${DEMO_KEY}`;
    }
    expect(ids.size).toBe(200);
  });

  it('sends only properties $metadata declares, and date-times with Z', async () => {
    const xml = (await get('$metadata')).text;
    const customerType = /<EntityType Name="Customer">[\s\S]*?<\/EntityType>/.exec(xml)?.[0] ?? '';
    const declared = [...customerType.matchAll(/<(?:Property|NavigationProperty) Name="([^"]+)"/g)].map((m) => m[1]);
    const page = await get('Customer?$top=20');
    for (const row of page.body.value) {
      for (const key of Object.keys(row)) expect(declared).toContain(key);
      expect(row.CreatedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('addresses one entity by key in both forms', async () => {
    for (const path of ["Customer('C-000007')", "Customer(CustomerId='C-000007')"]) {
      const res = await get(`${path}?$select=CustomerId,City`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ '@odata.context': `${root}$metadata#Customer/$entity`, CustomerId: 'C-000007', City: expect.any(String) });
    }
    const missing = await get("Customer('nope')");
    expect(missing.status).toBe(404);
    expect(missing.headers.get('odata-version')).toBe('4.0');
    expect((await get("Customer(Email='x')")).status).toBe(400);
  });

  it('filters, sorts and counts with the §3.3 rules, answering violations with 501', async () => {
    const de = await get("Customer?$filter=Country eq 'Germany'&$orderby=City desc&$count=true&$select=CustomerId,City,Country");
    expect(de.status).toBe(200);
    expect(de.body['@odata.count']).toBe(de.body.value.length);
    expect(de.body.value.every((c: { Country: string }) => c.Country === 'Germany')).toBe(true);
    const count = await get("Customer/$count?$filter=Country eq 'Germany'", { accept: 'text/plain' });
    expect(count.text).toBe(String(de.body['@odata.count']));

    const violation = await get("Customer?$filter=FirstName eq 'Ann'");
    expect(violation.status).toBe(501);
    expect(violation.headers.get('odata-version')).toBe('4.0');
    expect(violation.body.error).toMatchObject({ code: 'ODATA_FILTER_FIELD', target: 'FirstName' });
    const syntax = await get('Customer?$filter=Country eq');
    expect(syntax.status).toBe(400);
    expect(syntax.headers.get('odata-version')).toBe('4.0');
    expect((await get('Nope')).status).toBe(404);
  });

  it('compresses with gzip when asked, and only then', async () => {
    const path = '/odata/demo/Customer?$top=50';
    const zipped = await rawRequest(gw.url, 'GET', path, { ...gw.admin, 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['odata-version']).toBe('4.0');
    const plain = await rawRequest(gw.url, 'GET', path, gw.admin);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(JSON.parse(plain.text));
  });

  it('negotiates formats: Atom-only clients get 406, IEEE754Compatible gets Int64 as strings', async () => {
    const atom = await get('Customer', { accept: 'application/atom+xml' });
    expect(atom.status).toBe(406);
    expect(atom.body.error.code).toBe('NOT_ACCEPTABLE');
    expect(atom.headers.get('odata-version')).toBe('4.0');
    const exact = await get('PosPurchases?$top=1&$select=PurchaseId,ExternalOrderNumber');
    expect(typeof exact.body.value[0].ExternalOrderNumber).toBe('number');
    const strings = await get('PosPurchases?$top=1&$select=PurchaseId,ExternalOrderNumber', {
      accept: 'application/json;odata.metadata=minimal;IEEE754Compatible=true',
    });
    expect(strings.headers.get('content-type')).toContain('IEEE754Compatible=true');
    expect(strings.body.value[0].ExternalOrderNumber).toBe(String(exact.body.value[0].ExternalOrderNumber));
  });
});
