import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { RequireRole } from '../auth/auth.decorators';
import { ConnectionsService } from './connections.service';
import { CreateConnectionDto } from './dto/create-connection.dto';

/** Connections part of the admin API (§6.4). */
@Controller('admin/connections')
@RequireRole('admin')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @HttpCode(201)
  create(@Body() dto: CreateConnectionDto) {
    return this.connections.create(dto);
  }

  @Get()
  list() {
    return this.connections.list();
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id') id: string): Promise<void> {
    return this.connections.revoke(id);
  }
}
