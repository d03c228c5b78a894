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
