import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors } from '../../api-docs/api-docs.decorators';
import { MeasureListSchema, MeasureSchema, ScheduleSchema, SegmentListSchema, SegmentSchema } from '../../api-docs/schemas/processes.schemas';
import { CurrentConnection, RequireRole } from '../../auth/auth.decorators';
import { PutMeasureDto, PutScheduleDto, PutSegmentDto } from './definitions.dto';
import { DefinitionsService } from './definitions.service';

const ApiDefinitionName = (what: string, example: string) =>
  ApiParam({ name: 'name', description: `The ${what} name: a letter or \`_\`, then letters, digits and \`_\` (at most 128).`, example });

/** Segments, measures and the refresh schedule of the admin API (§6.4). */
@ApiTags(ApiTag.Processes)
@ApiDataset()
@Controller('admin/datasets/:dataset')
@RequireRole('admin')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get('segments')
  @ApiOperation({ summary: 'List segments', description: 'Admin role. Each with its latest evaluation.' })
  @ApiOkResponse({ type: SegmentListSchema })
  listSegments(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.definitions.listSegments(connection, dataset);
  }

  @Put('segments/:name')
  @ApiOperation({ summary: 'Create or replace a segment', description: 'Admin role. The filter is bound when saved: one that does not parse or names unknown fields is a 400.' })
  @ApiDefinitionName('segment', 'GoldCustomers')
  @ApiOkResponse({ type: SegmentSchema })
  @ApiErrors(400)
  putSegment(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string, @Body() dto: PutSegmentDto) {
    return this.definitions.putSegment(connection, dataset, name, dto);
  }

  @Delete('segments/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment', description: 'Admin role.' })
  @ApiDefinitionName('segment', 'GoldCustomers')
  @ApiNoContentResponse({ description: 'Deleted.' })
  deleteSegment(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string): Promise<void> {
    return this.definitions.deleteSegment(connection, dataset, name);
  }

  @Get('measures')
  @ApiOperation({ summary: 'List measures', description: 'Admin role. Each with its latest value.' })
  @ApiOkResponse({ type: MeasureListSchema })
  listMeasures(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.definitions.listMeasures(connection, dataset);
  }

  @Put('measures/:name')
  @ApiOperation({ summary: 'Create or replace a measure', description: 'Admin role. The entity, field and filter are checked when saved (400).' })
  @ApiDefinitionName('measure', 'WebVisits')
  @ApiOkResponse({ type: MeasureSchema })
  @ApiErrors(400)
  putMeasure(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string, @Body() dto: PutMeasureDto) {
    return this.definitions.putMeasure(connection, dataset, name, dto);
  }

  @Delete('measures/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a measure', description: 'Admin role.' })
  @ApiDefinitionName('measure', 'WebVisits')
  @ApiNoContentResponse({ description: 'Deleted.' })
  deleteMeasure(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string): Promise<void> {
    return this.definitions.deleteMeasure(connection, dataset, name);
  }

  @Get('schedule')
  @ApiOperation({ summary: 'Get the refresh schedule', description: 'Admin role. When none is set: no cron, inactive.' })
  @ApiOkResponse({ type: ScheduleSchema })
  getSchedule(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.definitions.getSchedule(connection, dataset);
  }

  @Put('schedule')
  @ApiOperation({ summary: 'Set the refresh schedule', description: 'Admin role. A cron expression or time zone that cannot run is a 400.' })
  @ApiOkResponse({ type: ScheduleSchema })
  @ApiErrors(400)
  putSchedule(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Body() dto: PutScheduleDto) {
    return this.definitions.putSchedule(connection, dataset, dto);
  }
}
