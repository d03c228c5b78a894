import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors } from '../../api-docs/api-docs.decorators';
import { ReportRecipientsSchema } from '../../api-docs/schemas/reports.schemas';
import { CurrentConnection, RequireRole } from '../../auth/auth.decorators';
import { PutReportRecipientsDto } from './report-recipients.dto';
import { ReportRecipientsService } from './report-recipients.service';

/** Who receives an instance's status reports (§6.5): admin API, admin role. */
@ApiTags(ApiTag.Reports)
@ApiDataset()
@Controller('admin/datasets/:dataset/reports/recipients')
@RequireRole('admin')
export class ReportRecipientsController {
  constructor(private readonly recipients: ReportRecipientsService) {}

  @Get()
  @ApiOperation({ summary: 'Get report recipients', description: 'Admin role. Webhook URLs in full (to edit the list).' })
  @ApiOkResponse({ type: ReportRecipientsSchema })
  get(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.recipients.get(connection, dataset);
  }

  @Put()
  @ApiOperation({ summary: 'Set report recipients', description: 'Admin role. Replaces both lists (one left out becomes empty); webhook URLs follow the trigger callback rules.' })
  @ApiOkResponse({ type: ReportRecipientsSchema })
  @ApiErrors(400)
  put(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Body() dto: PutReportRecipientsDto) {
    return this.recipients.put(connection, dataset, dto);
  }
}
