import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiTag } from '../api-docs/api-docs.constants';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HealthChecks } from './health-checks';

const EXAMPLE = {
  status: 'ok',
  info: { process: { status: 'up', uptimeSeconds: 42 }, store: { status: 'up', dialect: 'postgres', responseTimeMs: 1 }, lake: { status: 'up', kind: 'local', responseTimeMs: 0 } },
  error: {},
  details: { process: { status: 'up', uptimeSeconds: 42 }, store: { status: 'up', dialect: 'postgres', responseTimeMs: 1 }, lake: { status: 'up', kind: 'local', responseTimeMs: 0 } },
};

/** §7: public; no credential, and no data beyond what is up. */
@ApiTags(ApiTag.Status)
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly checks: HealthChecks) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness',
    description:
      '`details.process` is liveness (any answer means the process lives); the store, the lake and Redis (when configured) are readiness: 200 when all are up, 503 naming the ones that are down.',
  })
  @ApiResponse({ status: 200, description: 'Every check is up.', schema: { type: 'object', example: EXAMPLE } })
  @ApiResponse({ status: 503, description: 'A check is down (its `message` says why), or the gateway is shutting down.', schema: { type: 'object' } })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    const { httpStatus, result } = await this.checks.run();
    reply.status(httpStatus).header('Cache-Control', 'no-store');
    return result;
  }
}
