import { Controller, Get, Param } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection } from '../auth/auth.decorators';
import { CatalogQueries } from './catalog.queries';

@Controller()
export class TablesController {
  constructor(private readonly catalog: CatalogQueries) {}

  @Get('datasets/:dataset/tables')
  listTables(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.catalog.tables(connection, dataset);
  }

  @Get('$metadata.json/datasets/:dataset/tables/:table')
  tableMetadata(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('table') table: string) {
    return this.catalog.tableMetadata(connection, dataset, table);
  }
}
