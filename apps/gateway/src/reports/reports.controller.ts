import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { QueryParam } from '../http/query-param.decorator';
import { ReportsService } from './reports.service';

/**
 * Status reports on the connector routes (§3.1, §6.5). V1 sends to the recipients, so it
 * needs a writer (a reader gets 403 FORBIDDEN_ROLE); V2 and the type list need only the
 * dataset. An unknown or missing `reportType` is a 400 that lists the types.
 */
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('datasets/:dataset/reports/types')
  types(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.reports.types(connection, dataset);
  }

  @Post('datasets/:dataset/reports')
  @HttpCode(202)
  @RequireRole('writer')
  send(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('reportType') reportType?: string) {
    return this.reports.send(connection, dataset, reportType);
  }

  @Post('v2/datasets/:dataset/reports')
  @HttpCode(200)
  sendV2(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('reportType') reportType?: string) {
    return this.reports.sendAndReport(connection, dataset, reportType);
  }
}
