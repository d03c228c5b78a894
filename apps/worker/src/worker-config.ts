import { Matches } from 'class-validator';
import { ConfigValidationError, loadEnvConfig, StoreConfig, STORE_OPTIONAL } from '@app/config';

/**
 * What the webhook worker reads, from environment variables only (§10), validated once at
 * boot like the gateway's: the same `WEBHOOK_*` and store settings (one class for both); the
 * store must be the gateway's (`DATA_DIR` or `DATABASE_URL`), since the worker delivers from its outbox.
 */
export class WorkerConfig extends StoreConfig {
  @Matches(/^(fatal|error|warn|log|debug|verbose|silent)$/)
  LOG_LEVEL = 'log';
}

export { ConfigValidationError };

/** Reads the known variables from `env` and fails with one line per bad variable. */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return loadEnvConfig(WorkerConfig, env, STORE_OPTIONAL);
}
