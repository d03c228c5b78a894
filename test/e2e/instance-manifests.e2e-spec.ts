import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, jsonInit, startGateway } from './support/gateway-harness';

const YAML_MANIFEST = `
name: shop
displayName: Shop
searchIndex: [City]
entities:
  - name: Customer
    kind: profile
    key: CustomerId
    attributes:
      - { name: CustomerId, type: String }
      - { name: City, type: String }
      - { name: Since, type: Date }
  - name: web-visits
    kind: other
    key: VisitId
    attributes:
      - { name: VisitId, type: String }
      - { name: CustomerId, type: String }
  - name: Orders
    displayName: Order lines
    kind: source
    key: OrderId
    keyGenerated: true
    attributes:
      - { name: OrderId, type: String }
      - { name: CustomerId, type: String }
      - { name: Total, type: Double }
`;

/** Instances declared in manifests (§2) are served like the demo, and a bad manifest stops the start. */
describe('instance manifests (e2e)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'igw-manifest-'));
    mkdirSync(join(root, 'instances'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('serves only the manifest instance when the demo is off, reachable with ADMIN_API_KEY', async () => {
    writeFileSync(join(root, 'instances', 'shop.yaml'), YAML_MANIFEST);
    const gw = await startGateway({ DATA_DIR: root, DEMO: 'false', ADMIN_API_KEY: 'bootstrap-admin-key-0000' });
    try {
      const headers = { authorization: 'Bearer bootstrap-admin-key-0000' };
      expect((await call(`${gw.url}/datasets`, { headers })).body).toEqual({ value: [{ Name: 'shop', DisplayName: 'Shop' }] });
      expect((await call(`${gw.url}/datasets`, { headers: gw.admin })).status).toBe(401);
      const connections = await call(`${gw.url}/admin/connections`, { headers });
      expect(connections.body.value).toEqual([expect.objectContaining({ id: 'admin', role: 'admin', datasets: ['*'] })]);
    } finally {
      await gw.close();
    }
  });

  it('creates and queries items of a manifest instance', async () => {
    writeFileSync(join(root, 'instances', 'shop.yaml'), YAML_MANIFEST);
    const gw = await startGateway({ DATA_DIR: root });
    try {
      const auth = gw.admin;
      expect((await call(`${gw.url}/datasets`, { headers: auth })).body.value).toEqual([
        { Name: 'demo', DisplayName: 'Demo Customer Insights' },
        { Name: 'shop', DisplayName: 'Shop' },
      ]);
      const tables = await call(`${gw.url}/datasets/shop/tables`, { headers: auth });
      expect(tables.body.value.map((t: { DynamicProperties: { filterableFields: string[] } }) => t.DynamicProperties.filterableFields)).toEqual([
        ['CustomerId', 'City'],
        ['CustomerId', 'VisitId'],
        ['CustomerId', 'OrderId'],
      ]);
      const created = await call(`${gw.url}/datasets/shop/tables/Order%20lines/items`, jsonInit('POST', { CustomerId: 'c1', Total: 12.5 }, auth));
      expect(created.status).toBe(201);
      const items = await call(`${gw.url}/datasets/shop/tables/Orders/items?$filter=CustomerId eq 'c1'`, { headers: auth });
      expect(items.body.value).toEqual([{ '@odata.etag': created.body['@odata.etag'], OrderId: created.body.OrderId, CustomerId: 'c1', Total: 12.5 }]);
      const rejected = await call(`${gw.url}/datasets/shop/tables/Orders/items?$filter=Total gt 1`, { headers: auth });
      expect(rejected.body.error).toMatchObject({ code: 'ODATA_FILTER_FIELD', target: 'Total' });

      // §4: an entity name that is not an EDM identifier gets a safe set name that maps back.
      await call(`${gw.url}/datasets/shop/tables/web-visits/items`, jsonInit('POST', { VisitId: 'v1', CustomerId: 'c1' }, auth));
      const metadata = await call(`${gw.url}/odata/shop/$metadata`, { headers: auth });
      expect(metadata.text).toContain('<EntitySet Name="web_visits" EntityType="InsightsGateway.shop.web_visits">');
      const visits = await call(`${gw.url}/odata/shop/web_visits?$select=VisitId`, { headers: auth });
      expect(visits.body).toEqual({ '@odata.context': `${gw.url}/odata/shop/$metadata#web_visits`, value: [{ VisitId: 'v1' }] });
    } finally {
      await gw.close();
    }
  });

  it('refuses to start on a manifest that does not validate, naming the file and the problem', async () => {
    writeFileSync(join(root, 'instances', 'broken.json'), JSON.stringify({ name: 'Bad Name', displayName: 'x', searchIndex: [], entities: [] }));
    await expect(startGateway({ DATA_DIR: root })).rejects.toThrow(/broken\.json: instance name 'Bad Name' must match/);
  });
});
