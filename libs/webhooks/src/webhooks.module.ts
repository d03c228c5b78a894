import { DynamicModule, Inject, Injectable, Module, type BeforeApplicationShutdown, type ModuleMetadata, type OnApplicationBootstrap } from '@nestjs/common';
import { StorageDriver, type WebhookStore } from '@app/storage';
import { RETRY_DEFAULTS } from './retry-policy';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, HttpWebhookTransport, WebhookTransport } from './transport/http-webhook.transport';
import { DeliverWebhookUseCase, type WebhookAttemptObserver } from './usecases/deliver-webhook/deliver-webhook.usecase';
import { DISPATCHER_DEFAULTS, WebhookDispatcher } from './webhook.dispatcher';
import { WEBHOOK_STORE, WEBHOOKS_OPTIONS } from './webhooks.constants';

/** Delivery settings (§6.2); every one has a default. */
export interface WebhooksOptions {
  /** `WEBHOOK_RETRY_BASE_MS`: the first retry waits 0.5–1 × this; default 1000. */
  readonly retryBaseMs?: number;
  /** Longest wait between attempts, Retry-After included; default 1 h. */
  readonly retryCapMs?: number;
  /** How long after its creation a delivery is retried before it is dead-lettered; default 24 h. */
  readonly retryWindowMs?: number;
  /** One attempt, connect to response headers; default 10 s. */
  readonly timeoutMs?: number;
  /** Longest sleep between looks at the outbox; default 500 ms. */
  readonly pollIntervalMs?: number;
  /** `WEBHOOK_ALLOW_PRIVATE_NETWORKS`: allow receivers on loopback/private addresses; default false. */
  readonly allowPrivateNetworks?: boolean;
  /** Start the dispatcher when the application boots (and stop it on shutdown); default true. */
  readonly autoStart?: boolean;
  /** Told of every recorded attempt (e.g. to count deliveries and retries); default none. */
  readonly onAttempt?: WebhookAttemptObserver;
}

export interface WebhooksModuleOptions extends WebhooksOptions {
  /** Modules that export the {@link StorageDriver} (e.g. the app's `StorageModule.forRootAsync(...)` object). */
  readonly imports?: ModuleMetadata['imports'];
}

type ResolvedOptions = Required<Omit<WebhooksOptions, 'onAttempt'>> & Pick<WebhooksOptions, 'onAttempt'>;

function resolveOptions(options: WebhooksOptions): ResolvedOptions {
  return {
    retryBaseMs: options.retryBaseMs ?? RETRY_DEFAULTS.baseMs,
    retryCapMs: options.retryCapMs ?? RETRY_DEFAULTS.capMs,
    retryWindowMs: options.retryWindowMs ?? RETRY_DEFAULTS.windowMs,
    timeoutMs: options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    pollIntervalMs: options.pollIntervalMs ?? DISPATCHER_DEFAULTS.pollIntervalMs,
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    autoStart: options.autoStart ?? true,
    ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
  };
}

/** Starts the dispatcher at bootstrap and stops it before the store closes (`onApplicationShutdown`). */
@Injectable()
class WebhooksLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(WebhookTransport) private readonly transport: WebhookTransport,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.autoStart) this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
    this.transport.close();
  }
}

/**
 * Webhook delivery (§6.2): the {@link WebhookDispatcher} over the store's outbox, sending with
 * {@link HttpWebhookTransport}. The app passes the module that provides the {@link StorageDriver}:
 *
 *   const storage = StorageModule.forRootAsync({ useFactory: () => storageOptionsOf(config) });
 *   imports: [storage, WebhooksModule.forRoot({ imports: [storage], retryBaseMs: 1000 })]
 *
 * @publicApi
 */
@Module({})
export class WebhooksModule {
  static forRoot(options: WebhooksModuleOptions = {}): DynamicModule {
    const { imports, ...settings } = options;
    return {
      module: WebhooksModule,
      imports: imports ?? [],
      providers: [
        { provide: WEBHOOKS_OPTIONS, useValue: resolveOptions(settings) },
        { provide: WEBHOOK_STORE, useFactory: (storage: StorageDriver): WebhookStore => storage.webhooks, inject: [StorageDriver] },
        {
          provide: WebhookTransport,
          useFactory: (o: ResolvedOptions) => new HttpWebhookTransport({ timeoutMs: o.timeoutMs, allowPrivateNetworks: o.allowPrivateNetworks }),
          inject: [WEBHOOKS_OPTIONS],
        },
        {
          provide: DeliverWebhookUseCase,
          useFactory: (store: WebhookStore, transport: WebhookTransport, o: ResolvedOptions) =>
            new DeliverWebhookUseCase({
              store,
              transport,
              policy: { baseMs: o.retryBaseMs, capMs: o.retryCapMs, windowMs: o.retryWindowMs },
              ...(o.onAttempt ? { observer: o.onAttempt } : {}),
            }),
          inject: [WEBHOOK_STORE, WebhookTransport, WEBHOOKS_OPTIONS],
        },
        {
          provide: WebhookDispatcher,
          useFactory: (store: WebhookStore, deliver: DeliverWebhookUseCase, o: ResolvedOptions) =>
            new WebhookDispatcher(store, deliver, {
              pollIntervalMs: o.pollIntervalMs,
              // A claim outlives the attempt (timeout) plus time to record it (the store waits at most 5 s
              // for its lock); no longer, since after a crash the subscription's events wait out the lease.
              leaseMs: o.timeoutMs + 15_000,
              stopTimeoutMs: o.timeoutMs + 5_000,
            }),
          inject: [WEBHOOK_STORE, DeliverWebhookUseCase, WEBHOOKS_OPTIONS],
        },
        WebhooksLifecycle,
      ],
      exports: [WebhookDispatcher, WEBHOOK_STORE],
    };
  }
}
