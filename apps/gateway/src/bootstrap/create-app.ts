import { Logger, LogLevel, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyCompress from '@fastify/compress';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Lake } from '@app/lake';
import { StorageDriver } from '@app/storage';
import type { GatewayConfig } from '../config/gateway-config';
import { GatewayExceptionFilter } from '../errors/gateway-exception.filter';
import { GatewayErrorCode, RequestValidationError } from '../errors/gateway-errors';
import { answerClientError } from '../errors/client-error';
import { GatewayModule } from '../gateway.module';
import { ensureDemoDataSources, ensureDemoInstance, DemoStartup } from './demo-instance';
import { ADMIN_ID, pinAdminConnection } from './admin-connection';
import { loadInstanceManifests } from './manifest-loader';
import { rewriteStalePartitions } from './stale-partitions';
import { PartitionExportService } from '../partitions/partition-export.service';
import { SegmentsListService } from '../processes/evaluations/segments-list.service';
import { ScheduleService } from '../processes/schedule.service';
import { setupApiDocs } from '../api-docs/setup-api-docs';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { registerObservabilityHooks } from '../observability/http-observability.hooks';
import { requestIdOf } from '../observability/request-logging';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface GatewayApp {
  readonly app: NestFastifyApplication;
  readonly demo?: DemoStartup;
  /**
   * The lake work that follows the store's start while the gateway already serves: the demo's
   * data source folder and every stale entity's partitions (§5). Settles when it is done; a
   * failure (the lake unreachable, say) leaves items serving and is repaired at the next start.
   */
  readonly lakeReady: Promise<void>;
}

/**
 * Builds the gateway (used by `main.ts` and by every e2e suite): Fastify with body and
 * URL limits, one error envelope for Fastify's and Nest's errors, then the data
 * (manifests, demo) before the first request is accepted.
 */
export async function createGatewayApp(config: GatewayConfig): Promise<GatewayApp> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    clientErrorHandler: answerClientError,
    // One id per request: Fastify's, pino's and the X-Request-Id answer header (§8).
    genReqId: requestIdOf,
    // We parse the raw query string ourselves (§3.2); Fastify's parse would be wasted work.
    // Excel's "From OData Feed" is given the service root with a trailing slash.
    routerOptions: { querystringParser: () => ({}), maxParamLength: 1000, ignoreTrailingSlash: true },
  });
  const level = config.LOG_LEVEL === 'silent' ? [] : LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL as LogLevel) + 1);
  // abortOnError false: a failure to start reaches main's handler (one clear line) instead of exiting here.
  // Logs are buffered until pino takes over (JSON lines, §8); a failed start flushes them to the console logger.
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, { logger: level, abortOnError: false, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.flushLogs();
  app.useGlobalFilters(new GatewayExceptionFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => toValidationError(errors),
    }),
  );
  // gzip/deflate when the client asks (§4: Excel and Power BI do); small answers stay uncompressed.
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  const fastify = app.getHttpAdapter().getInstance();
  registerObservabilityHooks(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('OData-Version', '4.0');
    if (request.url.length > config.MAX_URL_LENGTH) {
      throw Object.assign(new Error(`The request URL is longer than ${config.MAX_URL_LENGTH} characters.`), { statusCode: 414 });
    }
  });
  // Item bodies are JSON only: without this, Fastify would hand a text/plain body to the handler.
  fastify.removeContentTypeParser(['text/plain']);
  app.enableShutdownHooks();
  setupApiDocs(app, config);
  await app.init();
  const storage = app.get<StorageDriver>(StorageDriver);
  // Replicas starting together on one store (§9) take turns: the demo is generated once.
  const demo = await storage.coordination.exclusive('startup:store', async () => {
    await loadInstanceManifests(storage, config.instancesDir);
    if (config.ADMIN_API_KEY !== undefined) await pinAdminConnection(storage, ADMIN_ID, 'Administrator', config.ADMIN_API_KEY);
    const started = config.DEMO ? await ensureDemoInstance(storage, config) : undefined;
    // Manifests may have brought or changed segments: the `Segments` entity lists them (§6.3).
    await app.get(SegmentsListService).syncAll();
    return started;
  });
  await app.get(ScheduleService).applyAll();
  const lakeReady = maintainLake(app, storage, config);
  return { app, ...(demo ? { demo } : {}), lakeReady };
}

/**
 * Writing partitions of a million-row entity takes seconds per entity; items answer from the
 * store meanwhile, and a partition listing shows the previous (or no) partitions until then.
 */
async function maintainLake(app: NestFastifyApplication, storage: StorageDriver, config: GatewayConfig): Promise<void> {
  await storage.coordination.exclusive('startup:lake', async () => {
    const started = Date.now();
    if (config.DEMO) await ensureDemoDataSources(storage, app.get<Lake>(Lake), config);
    const rewritten = await rewriteStalePartitions(storage, app.get(PartitionExportService));
    if (rewritten.length > 0) startupLogger.log(`partitions written for ${rewritten.join(', ')} in ${Date.now() - started} ms`);
  });
}

function toValidationError(errors: ValidationError[]): RequestValidationError {
  const details = errors.flatMap((e) =>
    Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }).map((message) => ({
      code: GatewayErrorCode.ValidationFailed,
      message,
      target: e.property,
    })),
  );
  return new RequestValidationError(details.map((d) => d.message).join('; ') || 'The request body is invalid.', details);
}

export const startupLogger = new Logger('Gateway');
