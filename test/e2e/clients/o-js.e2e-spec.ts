import { o } from 'odata';
import { call, jsonInit, RunningGateway, startGateway } from '../support/gateway-harness';

/** o.js (`odata` on npm): filters with doubled quotes and URL-special characters survive its encoding and ours. */
describe('o.js OData client', () => {
  let gw: RunningGateway;
  const awkward = ["o'brien@example.com", 'a+b&c=d#e?f%g/h@example.com', 'zoë.müller@example.com', "it''s@example.com"];
  beforeAll(async () => {
    gw = await startGateway();
    for (const [i, email] of awkward.entries()) {
      const res = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { CustomerId: `Q-${i}`, Email: email }, gw.admin));
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => gw.close());

  const client = () => o(`${gw.url}/odata/demo/`, { headers: { Authorization: gw.admin.authorization } });

  it.each(awkward.map((email, i) => [email, `Q-${i}`]))('finds %s by an eq filter', async (email, id) => {
    const literal = email.replace(/'/g, "''");
    const rows = await client().get('Customer').query({ $filter: `Email eq '${literal}'`, $select: 'CustomerId,Email' });
    expect(rows).toEqual([{ CustomerId: id, Email: email }]);
  });

  it('reads one entity by a quoted key and sorts with $orderby', async () => {
    const one = await client().get("Customer('Q-0')").query({ $select: 'CustomerId,Email' });
    expect(one).toMatchObject({ CustomerId: 'Q-0', Email: "o'brien@example.com" });
    const sorted = await client().get('Customer').query({ $filter: "startswith(CustomerId,'Q-')", $orderby: 'Email desc', $select: 'Email' });
    expect(sorted.map((r: { Email: string }) => r.Email)).toEqual([...awkward].sort().reverse());
  });
});
