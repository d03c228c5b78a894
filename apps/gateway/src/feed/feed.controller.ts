import { Controller, Get, Headers, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection, InstanceCatalog } from '@app/storage';
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

/** The OData v4 feed for Excel, Power BI and OData clients (§4), under `/odata/{dataset}/`. */
@Controller('odata/:dataset')
export class FeedController {
  constructor(
    private readonly targets: ConnectorTargetResolver,
    private readonly feed: FeedQueries,
    private readonly listItems: ListItemsUseCase,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
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
