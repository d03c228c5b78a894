import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Lake } from '@app/lake';
import { StorageDriver } from '@app/storage';
import { RedisFixedWindowThrottlerStorage } from '../throttle/redis-fixed-window.storage';
import { describeFailure } from './redact-secrets';

/** No check may hold `/health` longer than this (PostgreSQL bounds its own ping at 2 s, Redis at 250 ms). */
export const CHECK_TIMEOUT_MS = 3000;
/** A lake path that is never written: a stat of it costs one HEAD (Azure) or one `stat` (local), and "absent" is healthy. */
const LAKE_PROBE_PATH = '.health-probe';

export interface HealthAnswer {
  readonly httpStatus: 200 | 503;
  readonly result: HealthCheckResult;
}

/**
 * `/health` (§8) in one answer: `process` is liveness (this process answers at all), and the
 * rest is readiness: the store, the lake and, when `REDIS_URL` is set, Redis. Checks run in
 * parallel, each bounded by {@link CHECK_TIMEOUT_MS}; a failing one reports its error message
 * with credentials and query strings removed, never a URL with a password.
 */
@Injectable()
export class HealthChecks {
  private readonly startedAt = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    @Inject(Lake) private readonly lake: Lake,
    @Inject(ThrottlerStorage) private readonly throttlerStorage: ThrottlerStorage,
  ) {}

  async run(): Promise<HealthAnswer> {
    const redis = this.throttlerStorage instanceof RedisFixedWindowThrottlerStorage ? this.throttlerStorage : undefined;
    const checks = [
      async () => this.indicators.check('process').up({ uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) }),
      () => this.probe('store', { dialect: this.storage.dialect }, () => this.storage.ping()),
      () => this.probe('lake', { kind: this.lake.kind }, () => this.lake.stat(LAKE_PROBE_PATH)),
      ...(redis ? [() => this.probe('redis', {}, () => redis.ping())] : []),
    ];
    try {
      return { httpStatus: 200, result: await this.health.check(checks) };
    } catch (error) {
      // Terminus reports "down" (and "shutting down") as a 503 exception carrying the full result.
      if (error instanceof ServiceUnavailableException) return { httpStatus: 503, result: error.getResponse() as HealthCheckResult };
      throw error;
    }
  }

  private async probe(key: string, data: Record<string, unknown>, work: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const started = Date.now();
    try {
      await withTimeout(work(), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
      return indicator.up({ ...data, responseTimeMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ ...data, message: describeFailure(error) });
    }
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
