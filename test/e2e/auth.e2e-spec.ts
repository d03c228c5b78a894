import { call, DEMO_KEY, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';

/** §7 credentials, roles and dataset grants, and the connections admin API (§6.4). */
describe('auth and connections (e2e)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ THROTTLE_UNAUTHENTICATED_LIMIT: '1000' });
    await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'other', role: 'admin', datasets: ['*'] }, gw.admin));
  });
  afterAll(() => gw.close());

  const items = () => `${gw.url}/datasets/demo/tables/Customer/items?$top=1`;
  const createConnection = async (body: Record<string, unknown>) => {
    const res = await call(`${gw.url}/admin/connections`, jsonInit('POST', body, gw.admin));
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string };
  };

  it('accepts Bearer, Basic, the api-key header and the api-key query parameter', async () => {
    expect((await call(items(), { headers: { authorization: `Bearer ${DEMO_KEY}` } })).status).toBe(200);
    const basic = Buffer.from(`demo-admin:${DEMO_KEY}`).toString('base64');
    expect((await call(items(), { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
    expect((await call(items(), { headers: { 'api-key': DEMO_KEY } })).status).toBe(200);
    const viaQuery = await call(`${items()}&api-key=${DEMO_KEY}`, { headers: { prefer: 'odata.maxpagesize=1' } });
    expect(viaQuery.status).toBe(200);
  });

  it('never echoes the api-key into next links', async () => {
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?api-key=${DEMO_KEY}&$select=CustomerId`, { headers: { prefer: 'odata.maxpagesize=5' } });
    expect(res.status).toBe(200);
    expect(res.body['@odata.nextLink']).toBeDefined();
    expect(res.body['@odata.nextLink']).not.toContain(DEMO_KEY);
    expect(res.body['@odata.nextLink']).not.toContain('api-key');
  });

  it('answers a missing or wrong credential with 401 and WWW-Authenticate', async () => {
    const none = await call(items());
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(none.body.error.code).toBe('AUTH_REQUIRED');
    const wrong = await call(items(), { headers: { authorization: 'Bearer wrong-key' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('AUTH_INVALID');
    const wrongUser = Buffer.from(`someone-else:${DEMO_KEY}`).toString('base64');
    expect((await call(items(), { headers: { authorization: `Basic ${wrongUser}` } })).status).toBe(401);
    expect((await call(items(), { headers: { authorization: 'Digest abc' } })).status).toBe(401);
  });

  it('lets a reader read but not write (403 before entity rules)', async () => {
    const reader = await createConnection({ displayName: 'reader', role: 'reader', datasets: ['demo'] });
    const headers = { authorization: `Bearer ${reader.key}` };
    expect((await call(items(), { headers })).status).toBe(200);
    const write = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { Email: 'x@example.com' }, headers));
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN_ROLE');
    const readOnly = await call(`${gw.url}/datasets/demo/tables/Customer_Measure/items`, jsonInit('POST', {}, headers));
    expect(readOnly.status).toBe(403);
    const admin = await call(`${gw.url}/admin/connections`, { headers });
    expect(admin.status).toBe(403);
  });

  it('lets a writer write', async () => {
    const writer = await createConnection({ displayName: 'writer', role: 'writer', datasets: ['demo'] });
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items`, jsonInit('POST', { Email: 'w@example.com' }, { authorization: `Bearer ${writer.key}` }));
    expect(res.status).toBe(201);
  });

  it('limits a connection to its datasets (403), and unknown datasets stay 404', async () => {
    const other = await createConnection({ displayName: 'elsewhere', role: 'writer', datasets: ['not-yet'] });
    const headers = { authorization: `Bearer ${other.key}` };
    const denied = await call(items(), { headers });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN_DATASET', target: 'demo' });
    expect((await call(`${gw.url}/datasets`, { headers })).body).toEqual({ value: [] });
    expect((await call(`${gw.url}/datasets/missing/tables`, { headers })).status).toBe(404);
  });

  it('creates, lists and revokes connections; a revoked key gets 401', async () => {
    const created = await call(
      `${gw.url}/admin/connections`,
      jsonInit('POST', { displayName: 'Flow', role: 'writer', datasets: ['demo'], throttleLimit: 500 }, gw.admin),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^conn_/),
      key: expect.stringMatching(/^igw_/),
      displayName: 'Flow',
      role: 'writer',
      datasets: ['demo'],
      throttleLimit: 500,
      createdAt: expect.any(String),
    });
    const headers = { authorization: `Bearer ${created.body.key}` };
    expect((await call(items(), { headers })).status).toBe(200);

    const list = await call(`${gw.url}/admin/connections`, { headers: gw.admin });
    expect(list.status).toBe(200);
    const listed = list.body.value.find((c: { id: string }) => c.id === created.body.id);
    expect(listed).toEqual({ id: created.body.id, displayName: 'Flow', role: 'writer', datasets: ['demo'], throttleLimit: 500, createdAt: created.body.createdAt });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(JSON.stringify(list.body)).not.toMatch(/keyHash|key_hash/);

    const revoked = await call(`${gw.url}/admin/connections/${created.body.id}`, { method: 'DELETE', headers: gw.admin });
    expect(revoked.status).toBe(204);
    expect((await call(items(), { headers })).status).toBe(401);
    const again = await call(`${gw.url}/admin/connections/${created.body.id}`, { method: 'DELETE', headers: gw.admin });
    expect(again.status).toBe(404);
  });

  it('validates connection bodies with the error envelope', async () => {
    const bad = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: '', role: 'god', datasets: [], extra: 1 }, gw.admin));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const targets = bad.body.error.details.map((d: { target: string }) => d.target);
    expect(targets).toEqual(expect.arrayContaining(['displayName', 'role', 'datasets', 'extra']));
    const tooMany = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'x', role: 'reader', datasets: ['demo'], throttleLimit: 1_000_001 }, gw.admin));
    expect(tooMany.status).toBe(400);
  });
});
