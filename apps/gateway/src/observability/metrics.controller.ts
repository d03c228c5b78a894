import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiTag } from '../api-docs/api-docs.constants';
import { RequireRole } from '../auth/auth.decorators';
import { metricsRegistry } from './metrics';

/**
 * Prometheus text format (§8). Not public (§7 lists only /health and the documents): scrape
 * with an admin connection's key, e.g. `Authorization: Bearer <key>`; scrapes count against
 * that connection's throttle limit like any call.
 */
@ApiTags(ApiTag.Status)
@Controller('metrics')
@RequireRole('admin')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics', description: 'Requests by route pattern, latency, throttled calls, webhook deliveries and retries, run durations, process metrics. Admin role.' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'The metrics in the Prometheus text exposition format 0.0.4.', schema: { type: 'string' } })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
