import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { GatewayConfig } from '../config/gateway-config';
import { HealthChecks } from './health-checks';
import { HealthController } from './health.controller';
import { collectProcessMetrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { gatewayLoggerParams } from './request-logging';

/**
 * §8 around the gateway: `/health` (terminus), `/metrics` (prom-client) and pino JSON logs with
 * request ids (nestjs-pino). `imports` must provide the {@link StorageDriver} (the gateway's
 * storage module object); the lake and the throttler storage come from global modules.
 * The Fastify hooks that count requests are registered by `registerObservabilityHooks`.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(config: GatewayConfig, imports: DynamicModule['imports'] = []): DynamicModule {
    collectProcessMetrics();
    return {
      module: ObservabilityModule,
      imports: [...imports, LoggerModule.forRoot(gatewayLoggerParams(config.LOG_LEVEL)), TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController, MetricsController],
      providers: [HealthChecks],
    };
  }
}
