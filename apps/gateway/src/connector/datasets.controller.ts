import { Controller, Get } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection } from '../auth/auth.decorators';
import { CatalogQueries } from './catalog.queries';

/** Dataset metadata, list instances, Get entities, table metadata (§3.1). */
@Controller()
export class DatasetsController {
  constructor(private readonly catalog: CatalogQueries) {}

  @Get('$metadata.json/datasets')
  datasetMetadata() {
    return CatalogQueries.DATASET_METADATA;
  }

  @Get('datasets')
  listInstances(@CurrentConnection() connection: Connection) {
    return this.catalog.instances(connection);
  }
}
