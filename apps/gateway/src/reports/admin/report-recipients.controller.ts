import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection, RequireRole } from '../../auth/auth.decorators';
import { PutReportRecipientsDto } from './report-recipients.dto';
import { ReportRecipientsService } from './report-recipients.service';

/** Who receives an instance's status reports (§6.5): admin API, admin role. */
@Controller('admin/datasets/:dataset/reports/recipients')
@RequireRole('admin')
export class ReportRecipientsController {
  constructor(private readonly recipients: ReportRecipientsService) {}

  @Get()
  get(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.recipients.get(connection, dataset);
  }

  @Put()
  put(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Body() dto: PutReportRecipientsDto) {
    return this.recipients.put(connection, dataset, dto);
  }
}
