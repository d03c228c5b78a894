import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection } from '@app/storage';
import { CurrentConnection } from '../auth/auth.decorators';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { requestOrigin } from '../http/request-origin';
import { SubscribeDto } from './subscribe.dto';
import { SubscriptionsService } from './subscriptions.service';

/** The six webhook triggers (§6.1): subscribe with the callback, unsubscribe by id. */
@Controller('datasets/:dataset')
export class TriggersController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('triggers/:trigger/subscriptions')
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
  unsubscribe(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('id') id: string): Promise<void> {
    return this.subscriptions.unsubscribe(connection, dataset, id);
  }
}
