import { DynamicModule, Module } from '@nestjs/common';
import { StorageModule, storageOptionsOf } from '@app/storage';
import { ConnectionsService } from '../admin/connections.service';
import { ConnectionAuthenticator } from '../auth/connection-authenticator';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { ImportService } from '../datasources/import.service';
import { LakeModule } from '../lake/lake.module';
import { InstanceModelStore } from '../partitions/instance-model.store';
import { PartitionExportService } from '../partitions/partition-export.service';

/**
 * The store, the lake and the services the `keys`, `import` and `demo` commands reuse, without
 * the rest of the gateway: a short-lived CLI process must not adopt queued runs, run schedules
 * or send webhooks, which the gateway's modules start on their own. (`run --wait` does want the
 * run executor, and uses the gateway's module.)
 */
@Module({})
export class CliModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [StorageModule.forRootAsync({ useFactory: () => storageOptionsOf(config) }), LakeModule.forRoot(config)],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        ConnectionAuthenticator,
        ConnectionsService,
        InstanceModelStore,
        PartitionExportService,
        ImportService,
      ],
    };
  }
}
