import { startPostgres, PostgresServer } from './postgres';
import { startRedis, RedisServer } from './redis';

/**
 * Jest global set-up: the servers every suite may share. `DATABASE_URL` / `REDIS_URL`, when
 * set, name servers to use instead (the machine's own); otherwise private ones are started
 * on free loopback ports and handed to the workers through the environment.
 */
interface Started {
  postgres?: PostgresServer;
  redis?: RedisServer;
}
const started: Started = {};

export async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.IGW_TEST_DATABASE_URL) {
    started.postgres = await startPostgres();
    process.env.IGW_TEST_DATABASE_URL = started.postgres.url;
  }
  if (!process.env.REDIS_URL && !process.env.IGW_TEST_REDIS_URL) {
    started.redis = await startRedis();
    process.env.IGW_TEST_REDIS_URL = started.redis.url;
  }
}

export async function teardown(): Promise<void> {
  await Promise.all([started.postgres?.stop(), started.redis?.stop()]);
}
