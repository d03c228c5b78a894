import { IsString, Matches, MinLength } from 'class-validator';
import { resolve } from 'node:path';
import { ConfigValidationError, loadEnvConfig, WebhookDeliveryConfig } from '@app/config';

/**
 * What the webhook worker reads, from environment variables only (§10), validated once at
 * boot like the gateway's: the same `WEBHOOK_*` settings (one class for both), and a `DATA_DIR`
 * that must be the gateway's, since the worker delivers from the same store's outbox.
 */
export class WorkerConfig extends WebhookDeliveryConfig {
  @IsString() @MinLength(1)
  DATA_DIR = './data';

  @Matches(/^(fatal|error|warn|log|debug|verbose|silent)$/)
  LOG_LEVEL = 'log';

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }
}

export { ConfigValidationError };

/** Reads the known variables from `env` and fails with one line per bad variable. */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return loadEnvConfig(WorkerConfig, env);
}
