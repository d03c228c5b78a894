import { call, RunningGateway, startGateway } from './support/gateway-harness';

const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gateway.example.com' };

/** TRUST_PROXY: next links and anonymous throttling follow the proxy's headers only when told to. */
describe('behind a proxy (e2e)', () => {
  describe('with TRUST_PROXY=true', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await startGateway({ TRUST_PROXY: 'true', THROTTLE_UNAUTHENTICATED_LIMIT: '2' });
    });
    afterAll(() => gw.close());

    it('builds next links from X-Forwarded-Proto and X-Forwarded-Host', async () => {
      const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId`, {
        headers: { ...gw.admin, ...forwarded, prefer: 'odata.maxpagesize=1' },
      });
      expect(res.body['@odata.nextLink']).toMatch(/^https:\/\/gateway\.example\.com\/datasets\/demo\/tables\/Customer\/items\?\$select=CustomerId&\$skiptoken=/);
    });

    it('counts anonymous calls per forwarded client address', async () => {
      const from = (address: string) => call(`${gw.url}/datasets`, { headers: { authorization: 'Bearer wrong', 'x-forwarded-for': address } });
      expect((await from('198.51.100.1')).status).toBe(401);
      expect((await from('198.51.100.1')).status).toBe(401);
      expect((await from('198.51.100.1')).status).toBe(429);
      expect((await from('198.51.100.2')).status).toBe(401);
    });
  });

  describe('with PUBLIC_BASE_URL', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await startGateway({ PUBLIC_BASE_URL: 'https://insights.example.com/' });
    });
    afterAll(() => gw.close());

    it('builds contexts and next links of the feed and the connector from it', async () => {
      const feed = await call(`${gw.url}/odata/demo/Customer?$select=CustomerId`, { headers: { ...gw.admin, prefer: 'odata.maxpagesize=1' } });
      expect(feed.body['@odata.context']).toBe('https://insights.example.com/odata/demo/$metadata#Customer');
      expect(feed.body['@odata.nextLink']).toMatch(/^https:\/\/insights\.example\.com\/odata\/demo\/Customer\?/);
      const connector = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId`, { headers: { ...gw.admin, prefer: 'odata.maxpagesize=1' } });
      expect(connector.body['@odata.nextLink']).toMatch(/^https:\/\/insights\.example\.com\/datasets\/demo\/tables\/Customer\/items\?/);
    });
  });

  describe('by default', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await startGateway();
    });
    afterAll(() => gw.close());

    it('ignores forwarded headers a client could forge', async () => {
      const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId`, {
        headers: { ...gw.admin, ...forwarded, prefer: 'odata.maxpagesize=1' },
      });
      expect(res.body['@odata.nextLink'].startsWith(`${gw.url}/`)).toBe(true);
    });
  });
});
