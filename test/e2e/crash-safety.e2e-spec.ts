import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnGateway, waitForExit } from './support/gateway-process';

const KEY = 'crash-test-key-0123456789';

/** Nothing answered 201 is lost, and nothing half-written appears, when the gateway is killed with SIGKILL. */
describe('crash safety (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'igw-crash-'));
  const env = { DATA_DIR: dataDir, DEMO_CUSTOMERS: '50', DEMO_API_KEY: KEY, LOG_LEVEL: 'error', THROTTLE_LIMIT: '1000000' };
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const payload = (n: number) => ({
    CustomerId: `crash-${String(n).padStart(6, '0')}`,
    Email: `crash${n}@example.com`,
    FirstName: `Name ${n} ${'x'.repeat(n % 200)}`,
    LoyaltyPoints: n,
    CreatedOn: '2026-01-02T03:04:05.678Z',
  });

  it('keeps every acknowledged create after kill -9 and restart', async () => {
    const first = await spawnGateway(env, KEY);
    const acknowledged = new Set<number>();
    const attempted = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const n = next++;
        attempted.add(n);
        try {
          const res = await fetch(`${first.url}/datasets/demo/tables/Customer/items`, { method: 'POST', headers, body: JSON.stringify(payload(n)) });
          if (res.status === 201) acknowledged.add(n);
          else if (!killed) throw new Error(`create ${n} answered ${res.status}`);
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.allSettled(workers);
    await waitForExit(first.child);

    const second = await spawnGateway(env, KEY);
    try {
      const found = new Map<string, Record<string, unknown>>();
      let url: string | undefined = `${second.url}/datasets/demo/tables/Customer/items?$filter=startswith(CustomerId,'crash-')&$select=CustomerId,Email,FirstName,LoyaltyPoints,CreatedOn`;
      while (url) {
        const res = await fetch(url, { headers });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
        for (const record of body.value) found.set(String(record.CustomerId), record);
        url = body['@odata.nextLink'];
      }
      for (const n of acknowledged) expect(found.has(payload(n).CustomerId)).toBe(true);
      for (const [id, record] of found) {
        const n = Number(id.slice('crash-'.length));
        expect(attempted.has(n)).toBe(true);
        const { '@odata.etag': _etag, ...values } = record;
        expect(values).toEqual(payload(n));
      }
      expect(acknowledged.size).toBeGreaterThanOrEqual(150);
    } finally {
      second.child.kill('SIGTERM');
      await waitForExit(second.child);
    }
  }, 120_000);
});
