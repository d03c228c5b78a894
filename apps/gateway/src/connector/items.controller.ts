import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttributeMetadata } from '@app/odata';
import { Connection, formatEtag, ItemRecord, parseIfMatch } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiErrors, ApiODataQueryOptions, ApiTable } from '../api-docs/api-docs.decorators';
import { ITEM_BODY_SCHEMA, ITEM_SCHEMA, ItemsPageSchema } from '../api-docs/schemas/connector.schemas';
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

const ApiItemId = () => ApiParam({ name: 'id', description: "The item's key value (URL-encoded).", example: 'C-000001' });
const ApiIfMatch = () =>
  ApiHeader({ name: 'if-match', required: false, description: 'An `@odata.etag` value (or `*`): change the item only if it is still that version (412 otherwise).' });
const ETAG_HEADER = { ETag: { description: "The record's version, as `@odata.etag`.", schema: { type: 'string' } } };

/** Get items, Get item, Create item, Update item, delete (§3.1). */
@ApiTags(ApiTag.Connector)
@ApiTable()
@Controller('datasets/:dataset/tables/:table/items')
export class ItemsController {
  constructor(
    private readonly targets: ConnectorTargetResolver,
    private readonly listItems: ListItemsUseCase,
    private readonly items: ItemUseCases,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Get items from an entity',
    description: 'Records in pages (`@odata.nextLink` while more remain); `$top` default is all. Filters and sorts only on the fields the table metadata allows (§3.3).',
  })
  @ApiODataQueryOptions('connector')
  @ApiOkResponse({ type: ItemsPageSchema, headers: { 'Preference-Applied': { description: 'When `Prefer: odata.maxpagesize` bounded the page.', schema: { type: 'string' } } } })
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
  @ApiOperation({ summary: 'Get item', description: 'The bare record; 404 if absent.' })
  @ApiItemId()
  @ApiOkResponse({ description: 'The record.', schema: ITEM_SCHEMA, headers: ETAG_HEADER })
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
  @ApiOperation({ summary: 'Create item', description: 'Writer role. Returns the stored record (with the server-filled key when the key is generated).' })
  @ApiBody({ schema: ITEM_BODY_SCHEMA })
  @ApiCreatedResponse({
    description: 'The stored record.',
    schema: ITEM_SCHEMA,
    headers: { ...ETAG_HEADER, Location: { description: 'The absolute URL of the new item.', schema: { type: 'string' } } },
  })
  @ApiErrors(400, 405, 409)
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
  @ApiOperation({ summary: 'Update item', description: 'Writer role. Changes the given columns; returns the whole updated record.' })
  @ApiItemId()
  @ApiIfMatch()
  @ApiBody({ schema: ITEM_BODY_SCHEMA })
  @ApiOkResponse({ description: 'The updated record.', schema: ITEM_SCHEMA, headers: ETAG_HEADER })
  @ApiErrors(400, 405, 412)
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
  @ApiOperation({ summary: 'Delete item', description: "Writer role (Power Apps' `Remove`)." })
  @ApiItemId()
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(405, 412)
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
