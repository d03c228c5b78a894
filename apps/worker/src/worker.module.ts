import { DynamicModule, Module } from '@nestjs/common';
import { StorageModule, storageOptionsOf } from '@app/storage';
import { WebhooksModule } from '@app/webhooks';
import { pinoOptions, stdoutDestination } from '@app/config';
import { LoggerModule } from 'nestjs-pino';
import type { WorkerConfig } from './worker-config';

/**
 * The webhook worker (§6.2): the gateway's store, opened the same way, and the delivery
 * dispatcher over its outbox. No HTTP server.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    // One module object, imported here and by WebhooksModule, so there is one store.
    const storage = StorageModule.forRootAsync({ useFactory: () => storageOptionsOf(config) });
    return {
      module: WorkerModule,
      imports: [
        // The gateway's JSON log lines (§8); no HTTP here, so no request logging.
        LoggerModule.forRoot({ pinoHttp: [pinoOptions(config.LOG_LEVEL), stdoutDestination()] }),
        storage,
        WebhooksModule.forRoot({
          imports: [storage],
          retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
          retryWindowMs: config.WEBHOOK_RETRY_WINDOW_MS,
          timeoutMs: config.WEBHOOK_TIMEOUT_MS,
          allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
          autoStart: true,
        }),
      ],
    };
  }
}
