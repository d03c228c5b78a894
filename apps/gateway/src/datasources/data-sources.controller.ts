import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { PutDataSourceDto } from './data-source.dto';
import { DataSourcesService } from './data-sources.service';

/** Data sources part of the admin API (§6.4), plus an import that runs now and answers with the counts. */
@Controller('admin/datasets/:dataset/datasources')
@RequireRole('admin')
export class DataSourcesController {
  constructor(private readonly dataSources: DataSourcesService) {}

  @Get()
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.dataSources.list(connection, dataset);
  }

  @Put(':name')
  put(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string, @Body() dto: PutDataSourceDto) {
    return this.dataSources.put(connection, dataset, name, dto);
  }

  @Delete(':name')
  @HttpCode(204)
  remove(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string): Promise<void> {
    return this.dataSources.remove(connection, dataset, name);
  }

  @Post(':name/import')
  @HttpCode(200)
  import(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string) {
    return this.dataSources.import(connection, dataset, name);
  }
}
