import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors, ApiQueryParam } from '../api-docs/api-docs.decorators';
import { DeliveryListSchema, DeliverySchema, SubscriptionListSchema } from '../api-docs/schemas/triggers.schemas';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { QueryParam } from '../http/query-param.decorator';
import { SubscriptionsService } from './subscriptions.service';

/** Subscriptions with their delivery health, dead letters and re-drive (§6.4). */
@ApiTags(ApiTag.Triggers)
@ApiDataset()
@Controller('admin/datasets/:dataset')
@RequireRole('admin')
export class SubscriptionsAdminController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get('subscriptions')
  @ApiOperation({ summary: 'List subscriptions', description: 'Admin role. Each with its delivery health; callback URLs shown as their origin only.' })
  @ApiOkResponse({ type: SubscriptionListSchema })
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string) {
    return this.subscriptions.list(connection, dataset);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'List deliveries', description: 'Admin role. `state=dead` lists the dead letters (given up after 24 h of retries).' })
  @ApiQueryParam('state', 'Only deliveries in this state.', { type: 'string', enum: ['pending', 'delivered', 'dead'] })
  @ApiOkResponse({ type: DeliveryListSchema })
  @ApiErrors(400)
  deliveries(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @QueryParam('state') state?: string) {
    return this.subscriptions.deliveries(connection, dataset, state);
  }

  @Post('deliveries/:id/redrive')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-drive a dead delivery', description: "Admin role. Puts a dead letter back in its subscription's queue, due now; 409 if the subscription is inactive." })
  @ApiParam({ name: 'id', description: 'The delivery id.' })
  @ApiAcceptedResponse({ type: DeliverySchema })
  @ApiErrors(409)
  redrive(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string) {
    return this.subscriptions.redrive(connection, dataset, id);
  }
}
