import { call, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { rawRequest } from './support/raw-http';

/** Configured request limits answer with the envelope before any work is done (§3.2, §7). */
describe('request limits (e2e)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ MAX_URL_LENGTH: '2048', BODY_LIMIT_BYTES: '4096', MAX_FILTER_LENGTH: '64', MAX_SKIP: '50' });
  });
  afterAll(() => gw.close());

  it('answers an over-long URL with 414', async () => {
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=${'CustomerId,'.repeat(300)}CustomerId`, { headers: gw.admin });
    expect(res.status).toBe(414);
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(res.body.error.code).toBe('URI_TOO_LONG');
  });

  it('answers a request line Node itself rejects with the envelope too', async () => {
    const res = await rawRequest(gw.url, 'GET', `/datasets?x=${'a'.repeat(20_000)}`, gw.admin);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'BAD_REQUEST' }, statusCode: 431 });
  });

  it('refuses a $filter above MAX_FILTER_LENGTH before parsing it', async () => {
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?$filter=${encodeURIComponent(`Email eq '${'x'.repeat(80)}'`)}`, { headers: gw.admin });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ODATA_LIMIT_EXCEEDED', target: '$filter' });
  });

  it('refuses a $skip above MAX_SKIP (deep paging goes through next links)', async () => {
    expect((await call(`${gw.url}/datasets/demo/tables/Customer/items?$skip=50&$top=1`, { headers: gw.admin })).status).toBe(200);
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?$skip=51&$top=1`, { headers: gw.admin });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ODATA_LIMIT_EXCEEDED', target: '$skip' });
  });

  it('answers a body above BODY_LIMIT_BYTES with 413', async () => {
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { FirstName: 'x'.repeat(5000) }, gw.admin));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('BODY_TOO_LARGE');
  });
});
