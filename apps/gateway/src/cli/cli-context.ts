import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GatewayConfig, loadConfig } from '../config/gateway-config';
import { CliLogger } from './cli-logger';

/**
 * The gateway's configuration as a CLI command reads it: the same variables (§10), with
 * `LOG_LEVEL` at `warn` unless set, and webhook deliveries left in the store's outbox for the
 * gateway or a worker (`WEBHOOK_DELIVERY=worker`): a command's process ends before any retry.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv, overrides: Readonly<Record<string, string>> = {}): GatewayConfig {
  return loadConfig({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn', WEBHOOK_DELIVERY: 'worker', ...overrides });
}

/**
 * Builds `module` as a Nest application context (no HTTP), runs `work` with it and closes it.
 * A failure to build it (the store unreachable) rejects with the error itself: no abort, no
 * stack logged by Nest; the CLI prints one line.
 */
export async function withContext<T>(config: GatewayConfig, module: DynamicModule, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(module, { logger: new CliLogger(config.LOG_LEVEL), abortOnError: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
