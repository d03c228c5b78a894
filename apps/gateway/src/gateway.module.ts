import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { seconds, ThrottlerModule } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { QueryLimits, SkipTokenCodec } from '@app/odata';
import { StorageDriver, StorageModule, storageOptionsOf } from '@app/storage';
import { ConnectionsController } from './admin/connections.controller';
import { ConnectionsService } from './admin/connections.service';
import { AccessGuard } from './auth/access.guard';
import { ConnectionAuthenticator } from './auth/connection-authenticator';
import { CredentialGuard } from './auth/credential.guard';
import { getAuthState } from './auth/principal';
import { signingSecret } from './bootstrap/signing-secret';
import { GATEWAY_CONFIG } from './config/config.constants';
import type { GatewayConfig } from './config/gateway-config';
import { CatalogQueries } from './connector/catalog.queries';
import { ConnectorTargetResolver } from './connector/connector-target.resolver';
import { DatasetsController } from './connector/datasets.controller';
import { ItemUseCases } from './connector/item-writes.usecase';
import { ItemsController } from './connector/items.controller';
import { ListItemsUseCase } from './connector/list-items.usecase';
import { TablesController } from './connector/tables.controller';
import { ConnectionThrottlerGuard } from './throttle/connection-throttler.guard';
import { FeedController } from './feed/feed.controller';
import { FeedQueries } from './feed/feed.queries';
import { ExpandLoader } from './feed/expand-loader';
import { createThrottlerStorage } from './throttle/throttler-storage.factory';
import { LakeModule } from './lake/lake.module';
import { PartitionsController } from './partitions/partitions.controller';
import { PartitionQueries } from './partitions/partition.queries';
import { InstanceModelStore } from './partitions/instance-model.store';
import { PartitionExportService } from './partitions/partition-export.service';
import { DataSourcesController } from './datasources/data-sources.controller';
import { DataSourcesService } from './datasources/data-sources.service';
import { ImportService } from './datasources/import.service';
import { createHmac } from 'node:crypto';
import { ScheduleModule } from '@nestjs/schedule';
import { WebhooksModule } from '@app/webhooks';
import { StatusTokens } from './status/status-token';
import { StatusPageLinks } from './status/status-page-links.service';
import { StatusPageService } from './status/status-page.service';
import { StatusPageController } from './status/status-page.controller';
import { FaviconController } from './status/favicon.controller';
import { DeliveryNotifier } from './triggers/delivery-notifier';
import { DispatcherWakeup } from './triggers/dispatcher-wakeup';
import { SubscriptionsService } from './triggers/subscriptions.service';
import { TriggersController } from './triggers/triggers.controller';
import { SubscriptionsAdminController } from './triggers/subscriptions-admin.controller';
import { EvaluationsService } from './processes/evaluations/evaluations.service';
import { SegmentsListService } from './processes/evaluations/segments-list.service';
import { TaskRunner } from './processes/task-runner';
import { RunService } from './processes/run.service';
import { ScheduleService } from './processes/schedule.service';
import { DefinitionsService } from './processes/admin/definitions.service';
import { DefinitionsController } from './processes/admin/definitions.controller';
import { RunsAdminService } from './processes/admin/runs-admin.service';
import { RunsController } from './processes/admin/runs.controller';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { ReportComposerService } from './reports/report-composer.service';
import { ReportSender } from './reports/report-sender.service';
import { ReportRecipientsController } from './reports/admin/report-recipients.controller';
import { ReportRecipientsService } from './reports/admin/report-recipients.service';
import { ObservabilityModule } from './observability/observability.module';
import { countWebhookAttempt } from './observability/metrics';
import { ConnectorDefinitionModule } from './connector-definition/connector-definition.module';

/** Calls allowed per window: the connection's own limit, the default, or the stricter one for anonymous callers. */
function throttleLimit(config: GatewayConfig) {
  return (context: ExecutionContext): number => {
    const state = getAuthState(context.switchToHttp().getRequest<object>());
    if (!state || !('connection' in state)) return config.THROTTLE_UNAUTHENTICATED_LIMIT;
    return state.connection.throttleLimit ?? config.THROTTLE_LIMIT;
  };
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const storage = StorageModule.forRootAsync({ useFactory: () => storageOptionsOf(config) });
    // §6.2: deliveries run here by default, or only in `apps/worker` processes (WEBHOOK_DELIVERY=worker).
    const inProcessDelivery = config.WEBHOOK_DELIVERY === 'gateway';
    const webhooks = inProcessDelivery
      ? [
          WebhooksModule.forRoot({
            imports: [storage],
            retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
            retryWindowMs: config.WEBHOOK_RETRY_WINDOW_MS,
            timeoutMs: config.WEBHOOK_TIMEOUT_MS,
            allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
            onAttempt: countWebhookAttempt,
          }),
        ]
      : [];
    return {
      module: GatewayModule,
      imports: [
        storage,
        ...webhooks,
        ConnectorDefinitionModule.forRoot({ config, imports: [storage] }),
        ScheduleModule.forRoot(),
        LakeModule.forRoot(config),
        ObservabilityModule.forRoot(config, [storage]),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: seconds(config.THROTTLE_TTL_SECONDS), limit: throttleLimit(config) }],
          storage: createThrottlerStorage(config),
        }),
      ],
      controllers: [
        DatasetsController,
        TablesController,
        PartitionsController,
        ItemsController,
        ConnectionsController,
        DataSourcesController,
        FeedController,
        TriggersController,
        SubscriptionsAdminController,
        DefinitionsController,
        RunsController,
        StatusPageController,
        FaviconController,
        ReportsController,
        ReportRecipientsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: QueryLimits,
          useValue: new QueryLimits({
            maxFilterLength: config.MAX_FILTER_LENGTH,
            maxNodeCount: config.MAX_FILTER_NODES,
            maxDepth: config.MAX_FILTER_DEPTH,
            maxOrderByItems: config.MAX_ORDERBY_ITEMS,
            maxTop: config.MAX_TOP,
            maxSkip: config.MAX_SKIP,
            maxExpandRows: config.MAX_EXPAND_ROWS,
            maxPageSize: config.MAX_PAGE_SIZE,
          }),
        },
        {
          provide: SkipTokenCodec,
          useFactory: async (storage: StorageDriver) => new SkipTokenCodec(await signingSecret(config, storage), config.SKIPTOKEN_TTL_SECONDS),
          inject: [StorageDriver],
        },
        // Order matters: identify the caller, count the call, then reject what is not allowed.
        { provide: APP_GUARD, useClass: CredentialGuard },
        { provide: APP_GUARD, useClass: ConnectionThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        ConnectionAuthenticator,
        ConnectorTargetResolver,
        CatalogQueries,
        ListItemsUseCase,
        ItemUseCases,
        ConnectionsService,
        FeedQueries,
        ExpandLoader,
        InstanceModelStore,
        PartitionExportService,
        PartitionQueries,
        ImportService,
        DataSourcesService,
        {
          provide: StatusTokens,
          useFactory: async (storage: StorageDriver) =>
            new StatusTokens(createHmac('sha256', await signingSecret(config, storage)).update('status-page-links').digest()),
          inject: [StorageDriver],
        },
        StatusPageLinks,
        StatusPageService,
        DeliveryNotifier,
        ...(inProcessDelivery ? [DispatcherWakeup] : []),
        SubscriptionsService,
        EvaluationsService,
        SegmentsListService,
        TaskRunner,
        RunService,
        ScheduleService,
        DefinitionsService,
        RunsAdminService,
        ReportComposerService,
        ReportSender,
        ReportsService,
        ReportRecipientsService,
      ],
    };
  }
}
