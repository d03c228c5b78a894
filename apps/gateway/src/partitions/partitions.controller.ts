import { Readable } from 'node:stream';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection } from '@app/storage';
import { CurrentConnection } from '../auth/auth.decorators';
import { findQueryParameter } from '../http/raw-query';
import { PartitionQueries } from './partition.queries';

/** §3.1 partition routes: listings (V1, V2) and "Retrieve data from a partition" (§5). */
@Controller()
export class PartitionsController {
  constructor(private readonly partitions: PartitionQueries) {}

  @Get('datasets/:dataset/tables/:table/partitions')
  list(@CurrentConnection() connection: Connection, @Param('dataset') dataset: string, @Param('table') table: string) {
    return this.partitions.list(connection, dataset, table);
  }

  @Get('v2/datasets/:dataset/tables/:table/partitions')
  listV2(
    @CurrentConnection() connection: Connection,
    @Param('dataset') dataset: string,
    @Param('table') table: string,
    @Req() request: FastifyRequest,
  ) {
    return this.partitions.listV2(connection, dataset, table, findQueryParameter(request.url, 'partitionDisplayName'));
  }

  @Get('datasets/:dataset/tables/:table/partitions/data')
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
