import { Transform } from 'class-transformer';
import { ConfigValidationError, envBool, envInt, loadEnvConfig, StoreConfig, STORE_OPTIONAL } from '@app/config';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { resolve } from 'node:path';

/**
 * Every setting the gateway reads, from environment variables only (§10).
 * Validated once at boot; libraries receive the values, never `process.env`.
 */
export class GatewayConfig extends StoreConfig {
  @Transform(envInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Folder of instance manifests (`*.json`, `*.yaml`); defaults to `<DATA_DIR>/instances`. */
  @IsOptional() @IsString()
  INSTANCES_DIR?: string;

  /**
   * Which proxies to believe for the client address and X-Forwarded-Proto/Host: `false` (default),
   * `true` (any), a hop count, or comma-separated addresses/CIDRs of the proxies.
   */
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses/CIDRs',
  })
  TRUST_PROXY = 'false';

  /** Absolute base URL for `@odata.nextLink` when behind a proxy; defaults to the request's host. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL?: string;

  @Transform(envBool) @IsBoolean()
  DEMO = true;

  @Transform(envInt) @IsInt() @Min(1) @Max(50_000_000)
  DEMO_CUSTOMERS = 10_000;

  @Transform(envInt) @IsInt() @Min(0)
  DEMO_SEED = 42;

  @IsOptional() @IsString() @MinLength(16, { message: 'DEMO_API_KEY must be at least 16 characters' })
  DEMO_API_KEY?: string;

  /** Pins the key of the connection `admin` (role admin, all datasets): the way in when the demo is off. */
  @IsOptional() @IsString() @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  @Transform(envInt) @IsInt() @Min(1) @Max(1_000_000)
  THROTTLE_LIMIT = 100;

  @Transform(envInt) @IsInt() @Min(1) @Max(86_400)
  THROTTLE_TTL_SECONDS = 60;

  /** Calls per window from one client address without a valid credential (key guessing). */
  @Transform(envInt) @IsInt() @Min(1) @Max(1_000_000)
  THROTTLE_UNAUTHENTICATED_LIMIT = 30;

  @Transform(envInt) @IsInt() @Min(1024) @Max(64 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(envInt) @IsInt() @Min(1) @Max(5000)
  MAX_PAGE_SIZE = 1000;

  @Transform(envInt) @IsInt() @Min(16) @Max(1024 * 1024)
  MAX_FILTER_LENGTH = 8192;

  @Transform(envInt) @IsInt() @Min(1) @Max(10_000)
  MAX_FILTER_NODES = 100;

  @Transform(envInt) @IsInt() @Min(1) @Max(1000)
  MAX_FILTER_DEPTH = 32;

  @Transform(envInt) @IsInt() @Min(1) @Max(64)
  MAX_ORDERBY_ITEMS = 8;

  @Transform(envInt) @IsInt() @Min(1) @Max(1_000_000_000)
  MAX_TOP = 10_000_000;

  /** `$skip` limit: an OFFSET walks every skipped row; deep paging uses next links instead. */
  @Transform(envInt) @IsInt() @Min(1) @Max(10_000_000)
  MAX_SKIP = 100_000;

  /** Related rows one `$expand` may bring for one page of the feed. */
  @Transform(envInt) @IsInt() @Min(1) @Max(1_000_000)
  MAX_EXPAND_ROWS = 10_000;

  /** URL length limit (request line), so a huge query string is a 414/400, not work. */
  @Transform(envInt) @IsInt() @Min(1024) @Max(1024 * 1024)
  MAX_URL_LENGTH = 16 * 1024;

  /** Secret for `$skiptoken` and status-link signatures; generated once and kept by the store when unset (DATA_DIR or PostgreSQL). */
  @IsOptional() @IsString() @Matches(/^.{32,}$/, { message: 'SKIPTOKEN_SECRET must be at least 32 characters' })
  SKIPTOKEN_SECRET?: string;

  @Transform(envInt) @IsInt() @Min(60) @Max(7 * 86_400)
  SKIPTOKEN_TTL_SECONDS = 3600;

  @Matches(/^(fatal|error|warn|log|debug|verbose|silent)$/)
  LOG_LEVEL = 'log';

  /** The lake (§5) goes to Azure Blob Storage / ADLS Gen2 when set; otherwise `<DATA_DIR>/lake`. */
  @IsOptional() @IsString() @MinLength(1)
  AZURE_STORAGE_CONNECTION_STRING?: string;

  @Matches(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { message: 'AZURE_STORAGE_CONTAINER must be a valid container name (3-63 lower-case letters, digits and single hyphens)' })
  AZURE_STORAGE_CONTAINER = 'insights-gateway';

  /** Rows per partition file the gateway writes (a larger entity gets several partitions). */
  @Transform(envInt) @IsInt() @Min(1) @Max(100_000_000)
  PARTITION_MAX_ROWS = 1_000_000;

  /** `gateway`: deliveries are sent by this process; `worker`: by `apps/worker` processes only. */
  @Matches(/^(gateway|worker)$/, { message: 'WEBHOOK_DELIVERY must be gateway or worker' })
  WEBHOOK_DELIVERY = 'gateway';

  /** Status reports by e-mail (§6.5) when set: `smtp://user:pass@host:port` or `smtps://…`. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['smtp', 'smtps'] }, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * Throttle counters shared by every replica (§9) when set: `redis://[user:pass@]host:port[/db]` or
   * `rediss://…` (TLS). Unset: each process counts on its own. While Redis is unreachable, each
   * replica throttles on its own counter (docs/operations.md, "Redis").
   */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['redis', 'rediss'] }, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString() @MinLength(3)
  REPORT_MAIL_FROM = 'Insights Gateway <insights-gateway@localhost>';

  /** TRUST_PROXY in the form Fastify takes. */
  get trustProxy(): boolean | number | string[] {
    if (this.TRUST_PROXY === 'true' || this.TRUST_PROXY === 'false') return this.TRUST_PROXY === 'true';
    if (/^\d+$/.test(this.TRUST_PROXY)) return Number(this.TRUST_PROXY);
    return this.TRUST_PROXY.split(',').map((part) => part.trim());
  }

  get instancesDir(): string {
    return resolve(this.INSTANCES_DIR ?? `${this.DATA_DIR}/instances`);
  }
}

/** Settings without a default, read when set. */
const OPTIONAL = ['INSTANCES_DIR', 'PUBLIC_BASE_URL', 'DEMO_API_KEY', 'ADMIN_API_KEY', 'SKIPTOKEN_SECRET', 'SMTP_URL', 'REDIS_URL', ...STORE_OPTIONAL];

export { ConfigValidationError };

/** Reads the known variables from `env` and fails with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined>): GatewayConfig {
  return loadEnvConfig(GatewayConfig, env, OPTIONAL);
}
