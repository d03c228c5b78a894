import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection, RequireRole } from '../../auth/auth.decorators';
import { PutMeasureDto, PutScheduleDto, PutSegmentDto } from './definitions.dto';
import { DefinitionsService } from './definitions.service';

/** Segments, measures and the refresh schedule of the admin API (§6.4). */
@Controller('admin/datasets/:dataset')
@RequireRole('admin')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get('segments')
  listSegments(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.definitions.listSegments(connection, dataset);
  }

  @Put('segments/:name')
  putSegment(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string, @Body() dto: PutSegmentDto) {
    return this.definitions.putSegment(connection, dataset, name, dto);
  }

  @Delete('segments/:name')
  @HttpCode(204)
  deleteSegment(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string): Promise<void> {
    return this.definitions.deleteSegment(connection, dataset, name);
  }

  @Get('measures')
  listMeasures(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.definitions.listMeasures(connection, dataset);
  }

  @Put('measures/:name')
  putMeasure(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string, @Body() dto: PutMeasureDto) {
    return this.definitions.putMeasure(connection, dataset, name, dto);
  }

  @Delete('measures/:name')
  @HttpCode(204)
  deleteMeasure(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('name') name: string): Promise<void> {
    return this.definitions.deleteMeasure(connection, dataset, name);
  }

  @Get('schedule')
  getSchedule(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.definitions.getSchedule(connection, dataset);
  }

  @Put('schedule')
  putSchedule(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Body() dto: PutScheduleDto) {
    return this.definitions.putSchedule(connection, dataset, dto);
  }
}
