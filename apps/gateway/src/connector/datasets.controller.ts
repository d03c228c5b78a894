import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { DATASET_METADATA_SCHEMA, InstanceListSchema } from '../api-docs/schemas/connector.schemas';
import { CurrentConnection } from '../auth/auth.decorators';
import { CatalogQueries } from './catalog.queries';

/** Dataset metadata, list instances, Get entities, table metadata (§3.1). */
@ApiTags(ApiTag.Connector)
@Controller()
export class DatasetsController {
  constructor(private readonly catalog: CatalogQueries) {}

  @Get('$metadata.json/datasets')
  @ApiOperation({ summary: 'Dataset metadata', description: "The connector's tabular dataset descriptor (constant)." })
  @ApiOkResponse({ description: 'The descriptor.', schema: DATASET_METADATA_SCHEMA })
  datasetMetadata() {
    return CatalogQueries.DATASET_METADATA;
  }

  @Get('datasets')
  @ApiOperation({ summary: 'List instances', description: 'The datasets (instances) this connection may use.' })
  @ApiOkResponse({ type: InstanceListSchema })
  listInstances(@CurrentConnection() connection: Connection) {
    return this.catalog.instances(connection);
  }
}
