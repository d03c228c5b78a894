import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttributeMetadata } from '@app/odata';
import { Connection, formatEtag, ItemRecord, parseIfMatch } from '@app/storage';
import { CurrentConnection, RequireRole } from '../auth/auth.decorators';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { requestOrigin } from '../http/request-origin';
import { ConnectorTargetResolver } from './connector-target.resolver';
import { ItemUseCases } from './item-writes.usecase';
import { RecordWriter } from './json-writer';
import { ListItemsUseCase } from './list-items.usecase';
import { applyPreference, listRequest, requireJson } from '../http/list-request';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Get items, Get item, Create item, Update item, delete (§3.1). */
@Controller('datasets/:dataset/tables/:table/items')
export class ItemsController {
  constructor(
    private readonly targets: ConnectorTargetResolver,
    private readonly listItems: ListItemsUseCase,
    private readonly items: ItemUseCases,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  async list(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { entity } = await this.targets.table(connection, dataset, table);
    // The connector speaks JSON whatever Accept says; a `$format` asking for anything else is refused, not ignored.
    requireJson(undefined, request.url, 'The connector routes answer in JSON only ($format=json).');
    const result = await this.listItems.execute({ entity, surface: 'connector', ...listRequest(request, this.config.PUBLIC_BASE_URL) });
    applyPreference(reply, result.appliedPageSize);
    reply.type(JSON_TYPE);
    return result.body;
  }

  @Get(':id')
  async get(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { entity } = await this.targets.table(connection, dataset, table);
    return sendRecord(reply, entity.attributes, await this.items.get(entity, id));
  }

  @Post()
  @RequireRole('writer')
  @HttpCode(201)
  async create(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { instance, entity } = await this.targets.table(connection, dataset, table);
    const record = await this.items.create(instance.name, entity, body);
    const path = request.url.split('?')[0];
    reply.header('Location', `${requestOrigin(request, this.config.PUBLIC_BASE_URL)}${path}/${encodeURIComponent(String(record.values[entity.key]))}`);
    return sendRecord(reply, entity.attributes, record);
  }

  @Patch(':id')
  @RequireRole('writer')
  async update(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { entity } = await this.targets.table(connection, dataset, table);
    return sendRecord(reply, entity.attributes, await this.items.update(entity, id, body, parseIfMatch(ifMatch)));
  }

  @Delete(':id')
  @RequireRole('writer')
  @HttpCode(204)
  async remove(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    const { instance, entity } = await this.targets.table(connection, dataset, table);
    await this.items.delete(instance.name, entity, id, parseIfMatch(ifMatch));
  }
}

function sendRecord(reply: FastifyReply, attributes: readonly AttributeMetadata[], record: ItemRecord): string {
  reply.header('ETag', formatEtag(record.etag)).type(JSON_TYPE);
  return new RecordWriter(attributes).write(record);
}
