import { Controller, Get, Headers, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection, InstanceCatalog } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiErrors, ApiODataQueryOptions, ApiQueryParam } from '../api-docs/api-docs.decorators';
import { FEED_COLLECTION_SCHEMA, SERVICE_DOCUMENT_SCHEMA } from '../api-docs/schemas/feed.schemas';
import { CurrentConnection } from '../auth/auth.decorators';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import { ListItemsUseCase } from '../connector/list-items.usecase';
import { NotAcceptableError } from '../errors/gateway-errors';
import { requestOrigin } from '../http/request-origin';
import { applyPreference, listRequest, requireJson } from '../http/list-request';
import { acceptsFormat, wantsIeee754 } from '../http/content-negotiation';
import { findQueryParameter } from '../http/raw-query';
import { parseFeedResource } from './feed-resource';
import { FeedQueries, relatedIn } from './feed.queries';

const FEED_JSON_ONLY = 'The feed answers in JSON (application/json); Atom and XML payloads are not supported.';

const jsonType = (ieee754: boolean) =>
  `application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=${ieee754};charset=utf-8`;

const ApiResource = () =>
  ApiParam({
    name: 'resource',
    description: "An entity set (`Customer`), or one entity by key: `Customer('C-1')` or `Customer(CustomerId='C-1')`.",
    example: 'Customer',
  });

/** The OData v4 feed for Excel, Power BI and OData clients (§4), under `/odata/{dataset}/`. */
@ApiTags(ApiTag.Feed)
@ApiDataset()
@Controller('odata/:dataset')
export class FeedController {
  constructor(
    private readonly targets: ConnectorTargetResolver,
    private readonly feed: FeedQueries,
    private readonly listItems: ListItemsUseCase,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Service document', description: 'The entity sets of the dataset: the service root for Excel ("From OData Feed") and Power BI.' })
  @ApiOkResponse({ description: 'The service document.', content: { 'application/json': { schema: SERVICE_DOCUMENT_SCHEMA } } })
  @ApiErrors(406)
  async serviceDocument(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const instance = await this.targets.dataset(connection, dataset);
    requireJson(accept, request.url, FEED_JSON_ONLY);
    reply.type(jsonType(false));
    return this.feed.serviceDocument(instance, this.feedRoot(request, instance));
  }

  @Get('$metadata')
  @ApiOperation({ summary: 'Metadata (CSDL XML)', description: 'Entity types, keys, navigation and Capabilities annotations for filter restrictions.' })
  @ApiOkResponse({ description: 'CSDL XML.', content: { 'application/xml': { schema: { type: 'string' } } } })
  @ApiErrors(406)
  async metadata(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const instance = await this.targets.dataset(connection, dataset);
    if (!acceptsFormat(accept, findQueryParameter(request.url, '$format'), 'application', 'xml')) {
      throw new NotAcceptableError('$metadata is served as application/xml (CSDL XML).');
    }
    reply.type('application/xml;charset=utf-8');
    return this.feed.metadata(instance);
  }

  @Get(':resource')
  @ApiOperation({
    summary: 'Entity set or entity by key',
    description:
      'A collection in pages (`@odata.nextLink`), or one entity when the segment carries a key. `Accept: application/json;IEEE754Compatible=true` writes Int64 and Decimal as strings.',
  })
  @ApiResource()
  @ApiODataQueryOptions('feed')
  @ApiOkResponse({ description: 'The collection, or the entity.', content: { 'application/json': { schema: FEED_COLLECTION_SCHEMA } } })
  async resource(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('resource') segment: string,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const instance = await this.targets.dataset(connection, dataset);
    requireJson(accept, request.url, FEED_JSON_ONLY);
    const resource = parseFeedResource(segment);
    const { entity, edmName } = this.feed.entitySet(instance, resource.set);
    const ieee754 = wantsIeee754(accept);
    const root = this.feedRoot(request, instance);
    reply.type(jsonType(ieee754));
    if (resource.key !== undefined) {
      return this.feed.entity(instance, entity, resource, request.url, `${root}$metadata#${edmName}/$entity`, ieee754);
    }
    const result = await this.listItems.execute({
      entity,
      surface: 'feed',
      context: `${root}$metadata#${edmName}`,
      ieee754Compatible: ieee754,
      related: relatedIn(instance),
      ...listRequest(request, this.config.PUBLIC_BASE_URL),
    });
    applyPreference(reply, result.appliedPageSize);
    return result.body;
  }

  @Get(':resource/$count')
  @ApiOperation({ summary: 'Count', description: 'The number of entities matching `$filter`, as text/plain.' })
  @ApiResource()
  @ApiQueryParam('$filter', 'Count only the entities this OData filter matches.')
  @ApiOkResponse({ description: 'The count.', content: { 'text/plain': { schema: { type: 'integer', example: 10000 } } } })
  @ApiErrors(400, 406, 501)
  async count(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('resource') segment: string,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const instance = await this.targets.dataset(connection, dataset);
    if (!acceptsFormat(accept, undefined, 'text', 'plain')) throw new NotAcceptableError('$count is served as text/plain.');
    const { entity } = this.feed.entitySet(instance, parseFeedResource(segment).set);
    reply.type('text/plain;charset=utf-8');
    return this.feed.count(entity, request.url);
  }

  /** `Customer('C-1')/UnifiedActivity`: valid OData this feed answers through `$expand` instead. */
  @Get(':resource/:navigation')
  @ApiOperation({ summary: 'Navigation path (not supported)', description: 'Always 501: ask for related entities with `$expand` on the entity set instead.' })
  @ApiResource()
  @ApiParam({ name: 'navigation', description: 'A navigation property, e.g. `UnifiedActivity`.', example: 'UnifiedActivity' })
  @ApiErrors(501)
  async navigation(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('resource') segment: string,
    @Param('navigation') navigation: string,
  ): Promise<never> {
    const instance = await this.targets.dataset(connection, dataset);
    const { entity } = this.feed.entitySet(instance, parseFeedResource(segment).set);
    throw this.feed.navigationPathNotSupported(entity, navigation);
  }

  private feedRoot(request: FastifyRequest, instance: InstanceCatalog): string {
    return `${requestOrigin(request, this.config.PUBLIC_BASE_URL)}/odata/${encodeURIComponent(instance.name)}/`;
  }
}
