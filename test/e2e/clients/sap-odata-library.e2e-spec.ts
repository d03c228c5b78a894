import { DEMO_KEY, RunningGateway, startGateway } from '../support/gateway-harness';

// The package ships no type declarations; its API is used through this narrow shape.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Service } = require('@sap_oss/odata-library') as { Service: new (options: object) => SapService };

/** The library's entity set: `get(key)` answers one record, `get()` the (selected, limited) list. */
interface SapEntitySet {
  get(key: Record<string, string>): Promise<Record<string, unknown>>;
  get(): Promise<Record<string, unknown>[]>;
  select(...names: string[]): SapEntitySet;
  top(n: number): SapEntitySet;
  count(): Promise<number>;
}
interface SapService {
  readonly init: Promise<unknown>;
  readonly [set: string]: unknown;
}

/** SAP's odata-library reads our $metadata (with its own CSDL reader), fetches by named key and counts. */
describe('SAP odata-library', () => {
  let gw: RunningGateway;
  let service: SapService;
  beforeAll(async () => {
    gw = await startGateway();
    service = new Service({ url: `${gw.url}/odata/demo/`, auth: { username: 'demo-admin', password: DEMO_KEY } });
    await service.init;
  });
  afterAll(() => gw.close());

  const set = (name: string) => service[name] as SapEntitySet;

  it('builds an entity set for each set in $metadata', () => {
    for (const name of ['Customer', 'UnifiedActivity', 'Customer_Measure', 'PosPurchases', 'HighValue', 'GoldAndPlatinum', 'Segments']) expect(service[name]).toBeDefined();
  });

  it('fetches a customer by its named key', async () => {
    const customer = await set('Customer').get({ CustomerId: 'C-000007' });
    expect(customer).toMatchObject({ CustomerId: 'C-000007', '@odata.context': `${gw.url}/odata/demo/$metadata#Customer/$entity` });
  });

  it('selects, limits and counts', async () => {
    const rows = await set('Customer').select('CustomerId', 'City').top(3).get();
    expect(rows.map((r) => Object.keys(r))).toEqual([['CustomerId', 'City'], ['CustomerId', 'City'], ['CustomerId', 'City']]);
    expect(await set('Customer').count()).toBe(200);
  });
});
