import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WebhookDispatcher } from '@app/webhooks';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { loadWorkerConfig, ConfigValidationError } from './worker-config';
import { WorkerModule } from './worker.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The webhook worker: a Nest application context (no HTTP) whose dispatcher starts on
 * bootstrap. SIGTERM/SIGINT close the context: the dispatcher stops claiming, waits for the
 * attempts in flight, then the store closes.
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const logger = config.LOG_LEVEL === 'silent' ? false : LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL as LogLevel) + 1);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const dispatcher = app.get(WebhookDispatcher);
  new Logger('Worker').log(`Insights Gateway webhook worker running as ${dispatcher.owner} (data in ${config.dataDir})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Insights Gateway worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
