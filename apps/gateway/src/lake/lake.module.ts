import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createLake, Lake } from '@app/lake';
import type { GatewayConfig } from '../config/gateway-config';

/** The lake of §5: the local folder by default, Azure Blob Storage when a connection string is set. */
@Global()
@Module({})
export class LakeModule implements OnApplicationShutdown {
  constructor(@Inject(Lake) private readonly lake: Lake) {}

  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: LakeModule,
      providers: [{ provide: Lake, useFactory: () => createLake(lakeOptions(config)) }],
      exports: [Lake],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lake.close();
  }
}

export function lakeOptions(config: GatewayConfig): Parameters<typeof createLake>[0] {
  const connectionString = config.AZURE_STORAGE_CONNECTION_STRING;
  return {
    dataDir: config.dataDir,
    ...(connectionString ? { azure: { connectionString, container: config.AZURE_STORAGE_CONTAINER } } : {}),
  };
}
