import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors, ApiQueryParam } from '../api-docs/api-docs.decorators';
import { DeliveredReportSchema, ReportAcceptedSchema, ReportTypeListSchema } from '../api-docs/schemas/reports.schemas';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { QueryParam } from '../http/query-param.decorator';
import { REPORT_TYPES } from './report.model';
import { ReportsService } from './reports.service';

const ApiReportType = () => ApiQueryParam('reportType', 'The report type (any case); a missing or unknown one is a 400 listing the types.', { type: 'string', enum: [...REPORT_TYPES] }, true);

/**
 * Status reports on the connector routes (§3.1, §6.5). V1 sends to the recipients, so it
 * needs a writer (a reader gets 403 FORBIDDEN_ROLE); V2 and the type list need only the
 * dataset. An unknown or missing `reportType` is a 400 that lists the types.
 */
@ApiTags(ApiTag.Reports)
@ApiDataset()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('datasets/:dataset/reports/types')
  @ApiOperation({ summary: 'Report types', description: 'The values of `reportType` (the connector dropdown).' })
  @ApiOkResponse({ type: ReportTypeListSchema })
  types(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.reports.types(connection, dataset);
  }

  @Post('datasets/:dataset/reports')
  @HttpCode(202)
  @RequireRole('writer')
  @ApiOperation({ summary: 'Sends the status report', description: "Writer role. Composes the report now and sends it to the dataset's recipients (webhooks, e-mail) after answering." })
  @ApiReportType()
  @ApiAcceptedResponse({ type: ReportAcceptedSchema })
  @ApiErrors(400)
  send(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('reportType') reportType?: string) {
    return this.reports.send(connection, dataset, reportType);
  }

  @Post('v2/datasets/:dataset/reports')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends the status report V2', description: 'Composes and delivers the report, then returns it with the result of each delivery.' })
  @ApiReportType()
  @ApiOkResponse({ type: DeliveredReportSchema })
  @ApiErrors(400)
  sendV2(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('reportType') reportType?: string) {
    return this.reports.sendAndReport(connection, dataset, reportType);
  }
}
