import { gunzipSync, inflateSync } from 'node:zlib';
import { DEMO_KEY, RunningGateway, startGateway } from './support/gateway-harness';
import { rawRequest, RawResponse } from './support/raw-http';

/**
 * Power Query's OData.Feed sequence (Excel "From OData Feed", Power BI), replayed with its
 * header set: service document → $metadata → the first page → next links to the end.
 */
const POWER_QUERY_HEADERS = {
  accept:
    'application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,' +
    'application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7',
  'accept-encoding': 'gzip, deflate',
  'odata-maxversion': '4.0',
  'maxdataserviceversion': '3.0',
  'user-agent': 'Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)',
  authorization: `Basic ${Buffer.from(`demo-admin:${DEMO_KEY}`).toString('base64')}`,
};

function body(res: RawResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'gzip') return gunzipSync(res.body).toString('utf8');
  if (encoding === 'deflate') return inflateSync(res.body).toString('utf8');
  return res.text;
}

describe('Power Query request sequence (e2e)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ MAX_PAGE_SIZE: '50' });
  });
  afterAll(() => gw.close());

  function expectFeedHeaders(res: RawResponse, type: RegExp): void {
    expect(res.status).toBe(200);
    expect(res.headers['odata-version']).toBe('4.0');
    expect(String(res.headers['content-type'])).toMatch(type);
  }

  it('navigates, loads and pages Customer exactly as Excel does', async () => {
    const service = await rawRequest(gw.url, 'GET', '/odata/demo/', POWER_QUERY_HEADERS);
    expectFeedHeaders(service, /^application\/json;odata\.metadata=minimal/);
    const document = JSON.parse(body(service));
    expect(document['@odata.context']).toBe(`${gw.url}/odata/demo/$metadata`);
    const customer = document.value.find((s: { name: string }) => s.name === 'Customer');
    expect(customer).toEqual({ name: 'Customer', kind: 'EntitySet', url: 'Customer' });

    const metadata = await rawRequest(gw.url, 'GET', '/odata/demo/$metadata', POWER_QUERY_HEADERS);
    expectFeedHeaders(metadata, /^application\/xml/);
    expect(body(metadata)).toContain('<EntitySet Name="Customer"');

    let path: string | undefined = `/odata/demo/${customer.url}`;
    let rows = 0;
    let pages = 0;
    while (path) {
      const page = await rawRequest(gw.url, 'GET', path, POWER_QUERY_HEADERS);
      expectFeedHeaders(page, /^application\/json;odata\.metadata=minimal;odata\.streaming=true;IEEE754Compatible=false/);
      expect(page.headers['content-encoding']).toBe('gzip');
      const json = JSON.parse(body(page));
      expect(json['@odata.context']).toBe(`${gw.url}/odata/demo/$metadata#Customer`);
      rows += json.value.length;
      pages++;
      const next: string | undefined = json['@odata.nextLink'];
      if (next) expect(next.startsWith(`${gw.url}/odata/demo/Customer?$skiptoken=`)).toBe(true);
      path = next?.slice(gw.url.length);
    }
    expect(rows).toBe(200);
    expect(pages).toBe(4);
  });

  it('filters and sorts the way Power Query folds them, and gets 501 for what must stay local', async () => {
    const folded = await rawRequest(gw.url, 'GET', "/odata/demo/Customer?$filter=Country%20eq%20'France'&$orderby=City&$select=CustomerId,City,Country", POWER_QUERY_HEADERS);
    expectFeedHeaders(folded, /^application\/json/);
    const cities = JSON.parse(body(folded)).value.map((c: { City: string }) => c.City);
    expect(cities).toEqual([...cities].sort());
    const local = await rawRequest(gw.url, 'GET', "/odata/demo/Customer?$filter=FirstName%20eq%20'Ann'", POWER_QUERY_HEADERS);
    expect(local.status).toBe(501);
    expect(local.headers['odata-version']).toBe('4.0');
    expect(JSON.parse(body(local)).error.code).toBe('ODATA_FILTER_FIELD');
  });
});
