import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import { ConnectorDefinitionController } from './connector-definition.controller';
import { ConnectorDefinitionService } from './connector-definition.service';
import { ConnectorLookupsController } from './connector-lookups.controller';
import { ConnectorLookups } from './connector-lookups.service';
import { ServedRoutes } from './served-routes';

export interface ConnectorDefinitionModuleOptions {
  readonly config: GatewayConfig;
  /** Modules that export the StorageDriver (the app's `StorageModule.forRootAsync(...)` object). */
  readonly imports?: ModuleMetadata['imports'];
}

/** `/connector/apiDefinition.swagger.json`, `/connector/apiProperties.json` and the dropdown listings they point at. */
@Module({})
export class ConnectorDefinitionModule {
  static forRoot(options: ConnectorDefinitionModuleOptions): DynamicModule {
    return {
      module: ConnectorDefinitionModule,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      controllers: [ConnectorDefinitionController, ConnectorLookupsController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: options.config }, ServedRoutes, ConnectorDefinitionService, ConnectorTargetResolver, ConnectorLookups],
    };
  }
}
