import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { resolve } from 'node:path';
import { envInt } from './env-config';
import { WebhookDeliveryConfig } from './webhook-delivery.config';

/**
 * Where the store is (§9, §10), read by the gateway and `apps/worker` alike: the embedded
 * SQLite file in `DATA_DIR`, or PostgreSQL when `DATABASE_URL` is set.
 */
export class StoreConfig extends WebhookDeliveryConfig {
  @IsString() @MinLength(1)
  DATA_DIR = './data';

  /** `postgres://user:password@host:port/database`: entities, catalog, runs and outbox go to PostgreSQL. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['postgres', 'postgresql'] }, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** The schema holding the gateway's tables; created when missing. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case identifier (letters, digits, _)' })
  DATABASE_SCHEMA = 'public';

  /** Connections each process keeps to PostgreSQL at most. */
  @Transform(envInt) @IsInt() @Min(2) @Max(200)
  DATABASE_POOL_MAX = 10;

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }
}

/** Optional store variables, for `loadEnvConfig`'s list of settings without a default. */
export const STORE_OPTIONAL = ['DATABASE_URL'];
