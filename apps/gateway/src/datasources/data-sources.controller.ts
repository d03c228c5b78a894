import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors } from '../api-docs/api-docs.decorators';
import { DataSourceListSchema, DataSourceSchema, ImportResultSchema } from '../api-docs/schemas/admin.schemas';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { PutDataSourceDto } from './data-source.dto';
import { DataSourcesService } from './data-sources.service';

const ApiDataSourceName = () => ApiParam({ name: 'name', description: 'The data source name.', example: 'PosSystem' });

/** Data sources part of the admin API (§6.4), plus an import that runs now and answers with the counts. */
@ApiTags(ApiTag.Admin)
@ApiDataset()
@Controller('admin/datasets/:dataset/datasources')
@RequireRole('admin')
export class DataSourcesController {
  constructor(private readonly dataSources: DataSourcesService) {}

  @Get()
  @ApiOperation({ summary: 'List data sources', description: 'Admin role.' })
  @ApiOkResponse({ type: DataSourceListSchema })
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.dataSources.list(connection, dataset);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Create or replace a data source', description: "Admin role. The location is checked when the data source is refreshed or imported." })
  @ApiDataSourceName()
  @ApiOkResponse({ type: DataSourceSchema })
  @ApiErrors(400)
  put(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string, @Body() dto: PutDataSourceDto) {
    return this.dataSources.put(connection, dataset, name, dto);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a data source', description: 'Admin role. 404 when there is none of that name.' })
  @ApiDataSourceName()
  @ApiNoContentResponse({ description: 'Deleted.' })
  remove(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string): Promise<void> {
    return this.dataSources.remove(connection, dataset, name);
  }

  @Post(':name/import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a data source now', description: "Admin role. Ingests every mapped entity's partitions and answers with the counts when done." })
  @ApiDataSourceName()
  @ApiOkResponse({ type: ImportResultSchema })
  @ApiErrors(400, 422)
  import(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string) {
    return this.dataSources.import(connection, dataset, name);
  }
}
