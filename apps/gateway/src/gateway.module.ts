import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { seconds, ThrottlerModule } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { QueryLimits, SkipTokenCodec } from '@app/odata';
import { StorageModule } from '@app/storage';
import { ConnectionsController } from './admin/connections.controller';
import { ConnectionsService } from './admin/connections.service';
import { AccessGuard } from './auth/access.guard';
import { ConnectionAuthenticator } from './auth/connection-authenticator';
import { CredentialGuard } from './auth/credential.guard';
import { getAuthState } from './auth/principal';
import { skipTokenSecret } from './bootstrap/skip-token-secret';
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
import { FixedWindowThrottlerStorage } from './throttle/fixed-window.storage';
import { LakeModule } from './lake/lake.module';
import { PartitionsController } from './partitions/partitions.controller';
import { PartitionQueries } from './partitions/partition.queries';
import { InstanceModelStore } from './partitions/instance-model.store';
import { PartitionExportService } from './partitions/partition-export.service';
import { DataSourcesController } from './datasources/data-sources.controller';
import { DataSourcesService } from './datasources/data-sources.service';
import { ImportService } from './datasources/import.service';

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
    return {
      module: GatewayModule,
      imports: [
        StorageModule.forRootAsync({ useFactory: () => ({ dialect: 'sqlite', dataDir: config.dataDir }) }),
        LakeModule.forRoot(config),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: seconds(config.THROTTLE_TTL_SECONDS), limit: throttleLimit(config) }],
          storage: new FixedWindowThrottlerStorage(),
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
          useFactory: () => new SkipTokenCodec(skipTokenSecret(config.SKIPTOKEN_SECRET, config.dataDir), config.SKIPTOKEN_TTL_SECONDS),
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
      ],
    };
  }
}
