import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection, RequireRole } from '../../auth/auth.decorators';
import { QueryParam } from '../../http/query-param.decorator';
import { RunsAdminService } from './runs-admin.service';

/** Manual runs, run history and cancellation (§6.4). */
@Controller('admin/datasets/:dataset')
@RequireRole('admin')
export class RunsController {
  constructor(private readonly runs: RunsAdminService) {}

  @Post('processes/:process/runs')
  @HttpCode(202)
  start(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('process') process: string) {
    return this.runs.start(connection, dataset, process);
  }

  @Get('runs')
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('process') process?: string) {
    return this.runs.list(connection, dataset, process);
  }

  @Get('runs/:id')
  get(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string) {
    return this.runs.get(connection, dataset, id);
  }

  @Post('runs/:id/cancel')
  @HttpCode(202)
  cancel(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string) {
    return this.runs.cancel(connection, dataset, id);
  }
}
