import { call, jsonInit, JsonResponse, RunningGateway, startGateway } from './support/gateway-harness';

/** §7 throttling: per connection, continuation pages free, anonymous callers per address. */
describe('throttling (e2e)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ THROTTLE_LIMIT: '100', THROTTLE_TTL_SECONDS: '60', THROTTLE_UNAUTHENTICATED_LIMIT: '30' });
  });
  afterAll(() => gw.close());

  async function connection(throttleLimit?: number): Promise<Record<string, string>> {
    const body = { displayName: 'throttled', role: 'reader', datasets: ['demo'], ...(throttleLimit ? { throttleLimit } : {}) };
    const res = await call(`${gw.url}/admin/connections`, jsonInit('POST', body, gw.admin));
    expect(res.status).toBe(201);
    return { authorization: `Bearer ${res.body.key}` };
  }

  it('lets exactly 100 of 130 concurrent calls through, and 429s the rest with Retry-After', async () => {
    const headers = await connection();
    const responses = await Promise.all(
      Array.from({ length: 130 }, () => call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1`, { headers })),
    );
    const ok = responses.filter((r) => r.status === 200);
    const throttled = responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(100);
    expect(throttled).toHaveLength(30);
    for (const r of throttled) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.body.error.code).toBe('THROTTLED');
      expect(r.headers.get('odata-version')).toBe('4.0');
    }
    const other = await connection();
    expect((await call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1`, { headers: other })).status).toBe(200);
  });

  it('serves continuation pages without counting them; the 6th fresh query of a 5-call connection gets 429', async () => {
    const headers = { ...(await connection(5)), prefer: 'odata.maxpagesize=10' };
    let url: string | undefined = `${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId&$top=100`;
    let pages = 0;
    let lastNextLink = '';
    while (url) {
      const res: JsonResponse = await call(url, { headers });
      expect(res.status).toBe(200);
      pages++;
      url = res.body['@odata.nextLink'];
      if (url && pages === 5) lastNextLink = url;
    }
    expect(pages).toBe(10);
    for (let i = 0; i < 4; i++) {
      expect((await call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1&$skip=${i}`, { headers })).status).toBe(200);
    }
    const sixth = await call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1`, { headers });
    expect(sixth.status).toBe(429);
    const continuation = await call(lastNextLink, { headers });
    expect(continuation.status).toBe(200);
    expect(continuation.body.value).toHaveLength(10);
  });

  it('rejects a tampered or foreign $skiptoken with 400 and counts both', async () => {
    const headers = { ...(await connection(4)), prefer: 'odata.maxpagesize=2' };
    const first = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId`, { headers });
    const next: string = first.body['@odata.nextLink'];
    const token = decodeURIComponent(next.split('$skiptoken=')[1]);
    const [body, signature] = token.split('.');
    const forgedBody = Buffer.from(Buffer.from(body, 'base64url').toString().replace(/"s":\d+/, '"s":0')).toString('base64url');
    const tampered = next.replace(/\$skiptoken=.*/, `$skiptoken=${encodeURIComponent(`${forgedBody}.${signature}`)}`);
    const res = await call(tampered, { headers });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ODATA_SKIPTOKEN_INVALID', target: '$skiptoken' });
    // A genuine token replayed on another query is no free pass either.
    const foreign = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=Email&$skiptoken=${encodeURIComponent(token)}`, { headers });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('ODATA_SKIPTOKEN_INVALID');
    // first + tampered + foreign = 3 of 4; one more fresh call fits, the next is throttled.
    expect((await call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1`, { headers })).status).toBe(200);
    expect((await call(`${gw.url}/datasets/demo/tables/Customer/items?$top=1`, { headers })).status).toBe(429);
    // The genuine continuation is still served over the limit.
    expect((await call(next, { headers })).status).toBe(200);
  });

  it('limits calls without a valid credential per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await call(`${gw.url}/datasets`, { headers: { authorization: `Bearer guess-${i}` } })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // A valid connection from the same address is counted separately.
    expect((await call(`${gw.url}/datasets`, { headers: gw.admin })).status).toBe(200);
  });
});
