import { Readable } from 'node:stream';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection } from '@app/storage';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiErrors, ApiQueryParam, ApiTable } from '../api-docs/api-docs.decorators';
import { PartitionDataSchema, PartitionListV2Schema, PartitionSchema } from '../api-docs/schemas/partitions.schemas';
import { CurrentConnection } from '../auth/auth.decorators';
import { findQueryParameter } from '../http/raw-query';
import { DEFAULT_PARTITION_READ_BYTES, DEFAULT_PARTITION_RESULTS, MAX_PARTITION_READ_BYTES, MAX_PARTITION_RESULTS } from './partition-data.request';
import { PartitionQueries } from './partition.queries';

/** §3.1 partition routes: listings (V1, V2) and "Retrieve data from a partition" (§5). */
@ApiTags(ApiTag.Partitions)
@ApiTable()
@Controller()
export class PartitionsController {
  constructor(private readonly partitions: PartitionQueries) {}

  @Get('datasets/:dataset/tables/:table/partitions')
  @ApiOperation({ summary: 'Retrieve partitions for an entity', description: "The entity's CSV partitions, each as a `Table` with its location, refresh time, header flag and size." })
  @ApiOkResponse({ type: [PartitionSchema] })
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('table') table: string) {
    return this.partitions.list(connection, dataset, table);
  }

  @Get('v2/datasets/:dataset/tables/:table/partitions')
  @ApiOperation({ summary: 'Retrieve partitions for an entity V2', description: "The CSV header (the entity's attribute order) and the partitions, optionally those of one name." })
  @ApiQueryParam('partitionDisplayName', 'Only the partitions with this name (any case); none match → an empty list.')
  @ApiOkResponse({ type: PartitionListV2Schema })
  listV2(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Req() request: FastifyRequest,
  ) {
    return this.partitions.listV2(connection, dataset, table, findQueryParameter(request.url, 'partitionDisplayName'));
  }

  @Get('datasets/:dataset/tables/:table/partitions/data')
  @ApiOperation({
    summary: 'Retrieve data from a partition',
    description:
      'Whole records from `offsetStart` until `maxSize` bytes or `maxResults` records; call again with `offsetStart` = the `OffsetEnd` returned until it equals the partition size.',
  })
  @ApiQueryParam('partitionUri', "A partition's name or its location, from 'Retrieve partitions for an entity'.", { type: 'string' }, true)
  @ApiQueryParam('select', 'Comma-separated attribute names (any case); default: all, in entity order.')
  @ApiQueryParam('offsetStart', 'Byte to start at: 0 or an `OffsetEnd` returned earlier (anything else → 400).', { type: 'integer', minimum: 0, default: 0 })
  @ApiQueryParam('maxSize', 'Stop before the record that would pass this many bytes (at least one record is returned).', {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PARTITION_READ_BYTES,
    default: DEFAULT_PARTITION_READ_BYTES,
  })
  @ApiQueryParam('maxResults', 'At most this many records.', { type: 'integer', minimum: 1, maximum: MAX_PARTITION_RESULTS, default: DEFAULT_PARTITION_RESULTS })
  @ApiOkResponse({ type: PartitionDataSchema })
  @ApiErrors(400, 422)
  async data(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const body = await this.partitions.data(connection, dataset, table, request.url);
    reply.header('Content-Type', 'application/json; charset=utf-8').send(Readable.from(body));
  }
}
