import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset } from '../api-docs/api-docs.decorators';
import { NamedValueListSchema } from '../api-docs/schemas/connector.schemas';
import { CurrentConnection } from '../auth/auth.decorators';
import { ConnectorLookups } from './connector-lookups.service';

/** The listings the connector's trigger dropdowns call (internal operations of the definition). */
@ApiTags(ApiTag.Connector)
@ApiDataset()
@Controller('datasets/:dataset')
export class ConnectorLookupsController {
  constructor(private readonly lookups: ConnectorLookups) {}

  @Get('segments')
  @ApiOperation({ summary: 'Segment names', description: "The dataset's segments, for the trigger's dropdown." })
  @ApiOkResponse({ type: NamedValueListSchema })
  segments(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.lookups.segments(connection, dataset);
  }

  @Get('measures')
  @ApiOperation({ summary: 'Measure names', description: "The dataset's measures, for the trigger's dropdown." })
  @ApiOkResponse({ type: NamedValueListSchema })
  measures(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.lookups.measures(connection, dataset);
  }

  @Get('processes')
  @ApiOperation({ summary: 'Process names', description: "The processes, for the trigger's dropdown." })
  @ApiOkResponse({ type: NamedValueListSchema })
  processes(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.lookups.processes(connection, dataset);
  }
}
