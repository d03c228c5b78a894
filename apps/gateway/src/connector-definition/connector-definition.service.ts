import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { requestOrigin } from '../http/request-origin';
import { buildApiProperties } from './api-properties';
import { buildConnectorDocument, originOf, resolveConnectorOperations, ResolvedOperation } from './connector-document.builder';
import { CONNECTOR_TABLE } from './connector-route-table';
import { ServedRoutes } from './served-routes';
import type { SwaggerDocument } from './swagger.types';

/**
 * Serves the connector definition (§8) built from the connector route table and the routes
 * the application actually registered. A disagreement between the two (a mapped route gone,
 * a connector route unmapped, a renamed parameter) is logged at start and answers 500 here,
 * rather than a document that no longer describes the gateway.
 */
@Injectable()
export class ConnectorDefinitionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConnectorDefinition');
  private resolved?: readonly ResolvedOperation[];

  constructor(
    private readonly served: ServedRoutes,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    try {
      this.operations();
    } catch (error) {
      this.logger.error(error instanceof Error ? error.message : String(error));
    }
  }

  /** Addressed where this request reached us (PUBLIC_BASE_URL when set), so the file imports as-is. */
  apiDefinition(request: FastifyRequest): SwaggerDocument {
    return buildConnectorDocument(this.operations(), CONNECTOR_TABLE.testConnection, originOf(requestOrigin(request, this.config.PUBLIC_BASE_URL)));
  }

  apiProperties() {
    const paged = this.operations().filter((r) => r.operation.extensions?.['x-ms-pageable'] !== undefined);
    return buildApiProperties(paged.map((r) => r.operation.operationId));
  }

  /** Routes do not change while the application runs: resolved once. */
  private operations(): readonly ResolvedOperation[] {
    this.resolved ??= resolveConnectorOperations(CONNECTOR_TABLE, this.served.list());
    return this.resolved;
  }
}
