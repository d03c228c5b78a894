import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsInt, Matches, Max, Min, MinLength, IsString, validateSync } from 'class-validator';
import { resolve } from 'node:path';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * What the webhook worker reads, from environment variables only (§10), validated once at
 * boot in the gateway's way (apps/gateway/src/config/gateway-config.ts). `DATA_DIR` must be
 * the gateway's, since the worker delivers from the same store's outbox.
 */
export class WorkerConfig {
  @IsString() @MinLength(1)
  DATA_DIR = './data';

  /** The first retry waits 0.5–1 × this, doubling per attempt up to 1 h (§6.2). */
  @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 1000;

  /** How long a delivery is retried before it is dead-lettered (default 24 h); as the gateway's. */
  @Transform(toInt) @IsInt() @Min(1000) @Max(7 * 86_400_000)
  WEBHOOK_RETRY_WINDOW_MS = 86_400_000;

  /** One delivery attempt's time limit; as the gateway's. */
  @Transform(toInt) @IsInt() @Min(100) @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Allow receivers on loopback/private/link-local addresses (local set-ups and tests only). */
  @Transform(toBool) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  @Matches(/^(fatal|error|warn|log|debug|verbose|silent)$/)
  LOG_LEVEL = 'log';

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }
}

export class WorkerConfigError extends Error {}

const KNOWN = Object.keys(new WorkerConfig());

/** Reads the known variables from `env` and fails with one line per bad variable. */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const picked: Record<string, string> = {};
  for (const name of KNOWN) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const config = plainToInstance(WorkerConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(picked[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new WorkerConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
