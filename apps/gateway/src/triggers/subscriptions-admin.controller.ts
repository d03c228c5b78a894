import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { QueryParam } from '../http/query-param.decorator';
import { SubscriptionsService } from './subscriptions.service';

/** Subscriptions with their delivery health, dead letters and re-drive (§6.4). */
@Controller('admin/datasets/:dataset')
@RequireRole('admin')
export class SubscriptionsAdminController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get('subscriptions')
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.subscriptions.list(connection, dataset);
  }

  @Get('deliveries')
  deliveries(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('state') state?: string) {
    return this.subscriptions.deliveries(connection, dataset, state);
  }

  @Post('deliveries/:id/redrive')
  @HttpCode(202)
  redrive(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string) {
    return this.subscriptions.redrive(connection, dataset, id);
  }
}
