import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FetchClient, FetchRequestConfig } from '@odata2ts/http-client-fetch';
import { RunningGateway, startGateway } from '../support/gateway-harness';

const ROOT = join(__dirname, '..', '..', '..');
const GENERATED = join(__dirname, '.generated');

/** The subset of the generated client the test drives (the real types exist only after generation). */
interface QPath {
  eq(value: unknown): unknown;
  startsWith(value: string): unknown;
  asc(): unknown;
  desc(): unknown;
}
interface QueryBuilder {
  select(...names: string[]): unknown;
  filter(...expressions: unknown[]): unknown;
  orderBy(...expressions: unknown[]): unknown;
  top(n: number): unknown;
}
type QueryFn = (builder: QueryBuilder, q: Record<string, QPath>) => void;
interface GeneratedService {
  Customer(): { query(fn: QueryFn): Promise<{ data: { value: Record<string, unknown>[] } }> };
  Customer(id: string): { query(fn?: QueryFn): Promise<{ data: Record<string, unknown> }> };
}

/**
 * odata2ts generates a typed client from our LIVE $metadata in this suite's set-up, then
 * runs filtered, sorted, selected queries and a key lookup through it.
 */
describe('odata2ts generated client', () => {
  let gw: RunningGateway;
  let service: GeneratedService;

  beforeAll(async () => {
    gw = await startGateway();
    const metadata = await fetch(`${gw.url}/odata/demo/$metadata`, { headers: gw.admin });
    expect(metadata.status).toBe(200);
    rmSync(GENERATED, { recursive: true, force: true });
    mkdirSync(GENERATED, { recursive: true });
    writeFileSync(join(GENERATED, 'metadata.xml'), await metadata.text());
    execFileSync(join(ROOT, 'node_modules/.bin/odata2ts'), ['-s', join(GENERATED, 'metadata.xml'), '-o', GENERATED, '-m', 'all', '-e', 'ts', '-name', 'Demo'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const { DemoService } = (await import(join(GENERATED, 'DemoService'))) as {
      DemoService: new (client: FetchClient, url: string) => GeneratedService;
    };
    // Its config type picks browser RequestInit fields that Node's typings lack (so they come out required).
    const config: FetchRequestConfig = {
      headers: { Authorization: gw.admin.authorization },
      cache: 'no-store',
      credentials: 'omit',
      mode: 'cors',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
    };
    service = new DemoService(new FetchClient(config), `${gw.url}/odata/demo`);
  }, 120_000);
  afterAll(async () => {
    await gw.close();
    rmSync(GENERATED, { recursive: true, force: true });
  });

  it('filters, sorts, selects and limits through the typed query builder', async () => {
    const response = await service.Customer().query((b, q) => {
      b.select('CustomerId', 'City', 'Country');
      b.filter(q.Country.eq('Germany'));
      b.orderBy(q.City.asc());
      b.top(5);
    });
    const rows = response.data.value;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['CustomerId', 'City', 'Country']);
      expect(row.Country).toBe('Germany');
    }
    const cities = rows.map((r) => String(r.City));
    expect(cities).toEqual([...cities].sort());
  });

  it('uses startswith and reads one entity by key', async () => {
    const response = await service.Customer().query((b, q) => {
      b.select('CustomerId');
      b.filter(q.CustomerId.startsWith('C-00001'));
      b.orderBy(q.CustomerId.desc());
    });
    expect(response.data.value.map((r) => r.CustomerId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `C-00001${9 - i}`),
    );
    const one = await service.Customer('C-000010').query();
    expect(one.data).toMatchObject({ CustomerId: 'C-000010' });
  });
});
