import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the suite runs against: the machine's (`DATABASE_URL`) or the private one of the global set-up. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? process.env.IGW_TEST_DATABASE_URL;
  if (!url) throw new Error('no PostgreSQL for tests: run through jest (its global set-up starts one) or set DATABASE_URL');
  return url;
}

export function testRedisUrl(): string {
  const url = process.env.REDIS_URL ?? process.env.IGW_TEST_REDIS_URL;
  if (!url) throw new Error('no Redis for tests: run through jest (its global set-up starts one) or set REDIS_URL');
  return url;
}

export interface TestSchema {
  readonly connectionString: string;
  readonly schema: string;
  drop(): Promise<void>;
}

/** A fresh schema per store under test: suites and replicas share one server, never tables. */
export async function createTestSchema(): Promise<TestSchema> {
  const connectionString = testDatabaseUrl();
  const schema = `igw_test_${randomBytes(6).toString('hex')}`;
  await withClient(connectionString, (c) => c.query(`CREATE SCHEMA ${schema}`));
  return {
    connectionString,
    schema,
    drop: () => withClient(connectionString, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

async function withClient<T>(connectionString: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
