import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiErrors } from '../api-docs/api-docs.decorators';
import { ConnectionListSchema, CreatedConnectionSchema } from '../api-docs/schemas/admin.schemas';
import { RequireRole } from '../auth/auth.decorators';
import { ConnectionsService } from './connections.service';
import { CreateConnectionDto } from './dto/create-connection.dto';

/** Connections part of the admin API (§6.4). */
@ApiTags(ApiTag.Admin)
@ApiErrors(403)
@Controller('admin/connections')
@RequireRole('admin')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a connection', description: 'Admin role. A new connection and its key, shown only in this answer.' })
  @ApiCreatedResponse({ type: CreatedConnectionSchema })
  @ApiErrors(400)
  create(@Body() dto: CreateConnectionDto) {
    return this.connections.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List connections', description: 'Admin role. Without keys.' })
  @ApiOkResponse({ type: ConnectionListSchema })
  list() {
    return this.connections.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a connection', description: 'Admin role. Its key answers 401 from then on.' })
  @ApiParam({ name: 'id', description: 'The connection id.', example: 'conn_8Jd2kQxLm0aB' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors(404)
  revoke(@Param('id') id: string): Promise<void> {
    return this.connections.revoke(id);
  }
}
