import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiTable } from '../api-docs/api-docs.decorators';
import { TABLE_METADATA_SCHEMA, TableListSchema } from '../api-docs/schemas/connector.schemas';
import { CurrentConnection } from '../auth/auth.decorators';
import { CatalogQueries } from './catalog.queries';

@ApiTags(ApiTag.Connector)
@Controller()
export class TablesController {
  constructor(private readonly catalog: CatalogQueries) {}

  @Get('datasets/:dataset/tables')
  @ApiOperation({ summary: 'Get entities', description: 'The tables (entities) of a dataset with row counts, refresh time, key and filterable fields.' })
  @ApiDataset()
  @ApiOkResponse({ type: TableListSchema })
  listTables(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.catalog.tables(connection, dataset);
  }

  @Get('$metadata.json/datasets/:dataset/tables/:table')
  @ApiOperation({ summary: 'Table metadata', description: "The table's JSON schema and capabilities (§3.4): which fields filter and sort, the key, permissions." })
  @ApiTable()
  @ApiOkResponse({ description: 'Schema and capabilities.', schema: TABLE_METADATA_SCHEMA })
  tableMetadata(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('table') table: string) {
    return this.catalog.tableMetadata(connection, dataset, table);
  }
}
