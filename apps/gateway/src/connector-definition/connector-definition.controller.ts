import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiTag } from '../api-docs/api-docs.constants';
import { Public } from '../auth/auth.decorators';
import { ConnectorDefinitionService } from './connector-definition.service';

/** The Power Platform custom-connector files (§8); public, as they hold no data (§7). */
@ApiTags(ApiTag.Connector)
@Controller('connector')
@Public()
export class ConnectorDefinitionController {
  constructor(private readonly definitions: ConnectorDefinitionService) {}

  @Get('apiDefinition.swagger.json')
  @ApiOperation({ summary: 'Connector definition', description: 'The Power Platform custom-connector definition (Swagger 2.0 with `x-ms-*` extensions): import it under Custom connectors.' })
  @ApiOkResponse({ description: 'Swagger 2.0.', schema: { type: 'object', additionalProperties: true } })
  apiDefinition(@Req() request: FastifyRequest) {
    return this.definitions.apiDefinition(request);
  }

  @Get('apiProperties.json')
  @ApiOperation({ summary: 'Connector properties', description: "The connector's `apiProperties.json`: connection parameters and branding." })
  @ApiOkResponse({ description: 'apiProperties.json.', schema: { type: 'object', additionalProperties: true } })
  apiProperties() {
    return this.definitions.apiProperties();
  }
}
