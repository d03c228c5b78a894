import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Connection, PROCESS_NAMES } from '@app/storage';
import { ApiTag } from '../../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors, ApiQueryParam } from '../../api-docs/api-docs.decorators';
import { RunListSchema, RunSchema, RunStartedSchema } from '../../api-docs/schemas/processes.schemas';
import { CurrentConnection, RequireRole } from '../../auth/auth.decorators';
import { QueryParam } from '../../http/query-param.decorator';
import { RunsAdminService } from './runs-admin.service';

const ApiRunId = () => ApiParam({ name: 'id', description: 'The run id.', example: 'run_Zx81qLm0' });

/** Manual runs, run history and cancellation (§6.4). */
@ApiTags(ApiTag.Processes)
@ApiDataset()
@Controller('admin/datasets/:dataset')
@RequireRole('admin')
export class RunsController {
  constructor(private readonly runs: RunsAdminService) {}

  @Post('processes/:process/runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run a process now', description: 'Admin role. Queues a manual run; follow it with Get a run.' })
  @ApiParam({ name: 'process', enum: PROCESS_NAMES, description: 'The process to run (any case).' })
  @ApiAcceptedResponse({ type: RunStartedSchema })
  @ApiErrors(400)
  start(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('process') process: string) {
    return this.runs.start(connection, dataset, process);
  }

  @Get('runs')
  @ApiOperation({ summary: 'Run history', description: 'Admin role. The latest 50 runs with their tasks, newest first.' })
  @ApiQueryParam('process', 'Only runs of this process.', { type: 'string', enum: [...PROCESS_NAMES] })
  @ApiOkResponse({ type: RunListSchema })
  @ApiErrors(400)
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('process') process?: string) {
    return this.runs.list(connection, dataset, process);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'Get a run', description: 'Admin role. One run with its tasks.' })
  @ApiRunId()
  @ApiOkResponse({ type: RunSchema })
  get(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string) {
    return this.runs.get(connection, dataset, id);
  }

  @Post('runs/:id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a run', description: 'Admin role. 202 for a queued or running run; 409 for one that has finished.' })
  @ApiRunId()
  @ApiAcceptedResponse({ type: RunSchema })
  @ApiErrors(409)
  cancel(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string) {
    return this.runs.cancel(connection, dataset, id);
  }
}
