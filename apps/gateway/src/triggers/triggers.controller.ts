import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Connection, TRIGGER_NAMES } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors } from '../api-docs/api-docs.decorators';
import { CreatedSubscriptionSchema } from '../api-docs/schemas/triggers.schemas';
import { CurrentConnection } from '../auth/auth.decorators';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { requestOrigin } from '../http/request-origin';
import { SubscribeDto } from './subscribe.dto';
import { SubscriptionsService } from './subscriptions.service';

/** The six webhook triggers (§6.1): subscribe with the callback, unsubscribe by id. */
@ApiTags(ApiTag.Triggers)
@ApiDataset()
@Controller('datasets/:dataset')
export class TriggersController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('triggers/:trigger/subscriptions')
  @ApiOperation({
    summary: 'Subscribe to a trigger',
    description:
      'Events are POSTed to `NotificationUrl` with Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with the returned `secret`). Which parameters a trigger needs: `segmentThresholdCrossed` segment + threshold, `measureThresholdCrossed` measure + threshold, `processCompleted` process? + includingManualRefreshes?.',
  })
  @ApiParam({ name: 'trigger', enum: TRIGGER_NAMES, description: 'The trigger (any case).' })
  @ApiCreatedResponse({
    type: CreatedSubscriptionSchema,
    headers: { Location: { description: 'The absolute URL of the subscription (DELETE it to unsubscribe).', schema: { type: 'string' } } },
  })
  @ApiErrors(400)
  async subscribe(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('trigger') trigger: string,
    @Body() dto: SubscribeDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { instance, ...created } = await this.subscriptions.subscribe(connection, dataset, trigger, dto);
    const location = `${requestOrigin(request, this.config.PUBLIC_BASE_URL)}/datasets/${encodeURIComponent(instance)}/subscriptions/${created.id}`;
    reply.status(201).header('Location', location);
    return created;
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe', description: 'Idempotent: 204 also when the subscription is already gone.' })
  @ApiParam({ name: 'id', description: 'The subscription id.', example: 'sub_3kP0aQ9xWm1bT2cD' })
  @ApiNoContentResponse({ description: 'Unsubscribed.' })
  unsubscribe(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string): Promise<void> {
    return this.subscriptions.unsubscribe(connection, dataset, id);
  }
}
