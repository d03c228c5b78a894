import { oData, Edmx } from 'ts-odatajs';
import { call, RunningGateway, startGateway } from '../support/gateway-harness';

/**
 * Apache Olingo's JavaScript client (ts-odatajs), a library none of us wrote: it must
 * parse our $metadata and page through a whole set by following next links.
 */
describe('Olingo OData JS client (ts-odatajs)', () => {
  let gw: RunningGateway;
  let root: string;
  beforeAll(async () => {
    // A small server page so 200 customers take several pages.
    gw = await startGateway({ MAX_PAGE_SIZE: '30' });
    root = `${gw.url}/odata/demo/`;
  });
  afterAll(() => gw.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the client's own type for payloads is `any`
  function read(requestUri: string, metadata = false): Promise<any> {
    return new Promise((resolve, reject) => {
      oData.read(
        { requestUri, headers: { Authorization: gw.admin.authorization } },
        (data) => resolve(data),
        (error) => reject(new Error(`${error.message} ${JSON.stringify(error.response?.body ?? '')}`)),
        metadata ? oData.metadataHandler : undefined,
      );
    });
  }

  it('parses $metadata into entity types with keys and an entity container', async () => {
    const edmx = (await read(`${root}$metadata`, true)) as Edmx.Edmx;
    const schema = edmx.dataServices.schema[0];
    expect(schema.namespace).toBe('InsightsGateway.demo');
    const customer = schema.entityType?.find((t) => t.name === 'Customer');
    // The parsed key is an object, although the package's typings declare an array.
    expect(customer).toMatchObject({ key: { propertyRef: [{ name: 'CustomerId' }] } });
    expect(customer?.property?.find((p) => p.name === 'CustomerId')).toMatchObject({ type: 'Edm.String', nullable: 'false' });
    expect(schema.entityContainer?.entitySet?.map((s) => s.name)).toEqual(['Customer', 'UnifiedActivity', 'Customer_Measure', 'PosPurchases', 'HighValue', 'GoldAndPlatinum', 'Segments']);
  });

  it('pages through all of Customer via next links, as many rows as /$count', async () => {
    const count = Number((await call(`${root}Customer/$count`, { headers: gw.admin })).text);
    let url: string | undefined = `${root}Customer?$select=CustomerId`;
    const ids: string[] = [];
    let pages = 0;
    while (url) {
      const page = await read(url);
      ids.push(...page.value.map((c: { CustomerId: string }) => c.CustomerId));
      url = page['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBe(Math.ceil(count / 30));
    expect(new Set(ids).size).toBe(count);
    expect(ids).toHaveLength(count);
  });
});
