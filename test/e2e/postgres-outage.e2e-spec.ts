import { startPostgres, PostgresServer } from '../support/postgres';
import { call, RunningGateway, startGateway } from './support/gateway-harness';

/**
 * The gateway on PostgreSQL while PostgreSQL is down: every call that needs the store gets 503
 * with Retry-After (never a 500), the gateway stays up, and it serves again once the server is
 * back, without a restart.
 */
describe('PostgreSQL outage (e2e)', () => {
  let postgres: PostgresServer;
  let gw: RunningGateway;

  beforeAll(async () => {
    postgres = await startPostgres();
    gw = await startGateway({ DATABASE_URL: postgres.url, DATABASE_SCHEMA: 'outage' });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await postgres?.stop();
  });

  const items = () => call(`${gw.url}/datasets/demo/tables/Customer/items?$top=2&$select=CustomerId`, { headers: gw.admin });

  it('answers 503 STORE_UNAVAILABLE with Retry-After while the store is down, and serves again after', async () => {
    const before = await items();
    expect(before.status).toBe(200);

    const resume = await postgres.interrupt();
    for (const res of [await items(), await call(`${gw.url}/odata/demo/Customer('${before.body.value[0].CustomerId}')`, { headers: gw.admin })]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.error.code).toBe('STORE_UNAVAILABLE');
    }

    await resume();
    let after = await items();
    for (let i = 0; i < 50 && after.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await items();
    }
    expect(after.status).toBe(200);
    expect(after.body.value).toEqual(before.body.value);
  }, 60_000);

  it('does not start while PostgreSQL is down, and says which server without its password', async () => {
    const resume = await postgres.interrupt();
    try {
      const url = postgres.url.replace('postgres@', 'postgres:s3cret@');
      const failed = startGateway({ DATABASE_URL: url, DATABASE_SCHEMA: 'outage2' });
      await expect(failed).rejects.toThrow(/^PostgreSQL at 127\.0\.0\.1:\d+\/postgres \(DATABASE_URL\) does not answer: connect ECONNREFUSED/);
      await expect(failed).rejects.not.toThrow(/s3cret/);
    } finally {
      await resume();
    }
  }, 60_000);
});
