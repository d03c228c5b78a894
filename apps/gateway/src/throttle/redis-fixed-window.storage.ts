import { Logger, LoggerService, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis, { RedisOptions } from 'ioredis';
import { Counter } from 'prom-client';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';

/** The package does not export its record type from its index. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Calls counted on the replica-local window because Redis did not answer (default registry;
 * exposed by /metrics). A rising value means the limit is enforced per replica, not shared.
 */
export const redisFallbackCounter = new Counter({
  name: 'gateway_throttle_redis_fallback_total',
  help: 'Throttled calls counted on the replica-local fixed window because Redis did not answer',
});

/**
 * One round trip, atomic: count the call, open the window on its first call, report what is
 * left of it. `PTTL < 0` also repairs a key left without an expiry (set by hand, say), which
 * would otherwise throttle its caller forever.
 *
 *   KEYS[1] = igw:throttle:<throttler>:<tracker>   ARGV[1] = window length in ms
 *   → { hits in this window, ms until it ends }
 */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }
`;

/** A Redis client with the script registered as a command (EVALSHA, EVAL after a restart's NOSCRIPT). */
interface ThrottleRedis extends Redis {
  throttleIncrement(key: string, ttlMs: number): Promise<[number, number]>;
}

/**
 * Fail fast while Redis is down: a call waits at most `commandTimeout` for its counter, never
 * for a queue of commands piling up until Redis is back; the client keeps reconnecting behind.
 */
export const THROTTLE_REDIS_OPTIONS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 250,
  connectTimeout: 1000,
  // ioredis arms this timer on disconnect even for a socket that is already gone: keep shutdown short.
  disconnectTimeout: 250,
  retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
};

export interface RedisThrottlerStorageOptions {
  /** Prepended to every key, so the counters share a Redis with other data safely. */
  keyPrefix?: string;
  logger?: LoggerService;
  /** Overrides of {@link THROTTLE_REDIS_OPTIONS}. */
  redis?: RedisOptions;
}

/**
 * {@link FixedWindowThrottlerStorage}'s fixed window (it opens with the tracker's first call;
 * blocked above the limit; `timeToExpire` in whole seconds, at least 1), kept in Redis so that
 * every gateway replica counts on the same window (§9).
 *
 * Outage decision: while Redis does not answer, each replica **fails open to its own local fixed
 * window**: it keeps enforcing the limit on a replica-local counter, so a connection gets at most
 * replicas × limit calls per window, instead of every connection being cut off (fail closed) by an
 * outage of a store that holds nothing but counters, or getting no limit at all (fail open
 * silently). Every call counted that way increments `gateway_throttle_redis_fallback_total`; the
 * first failure of an outage logs one warning and the first answer after it logs the recovery.
 * Once Redis answers again, calls count on the shared window again (local counts are not carried
 * over). See docs/operations.md, "Redis".
 */
export class RedisFixedWindowThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly redis: ThrottleRedis;
  private readonly local = new FixedWindowThrottlerStorage();
  private readonly keyPrefix: string;
  private readonly logger: LoggerService;
  private outage = false;

  constructor(url: string, options: RedisThrottlerStorageOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'igw:throttle:';
    this.logger = options.logger ?? new Logger(RedisFixedWindowThrottlerStorage.name);
    this.redis = new Redis(url, { ...THROTTLE_REDIS_OPTIONS, ...options.redis }) as ThrottleRedis;
    this.redis.defineCommand('throttleIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    // Without a listener, every failed reconnect would be reported as an unhandled error event.
    this.redis.on('error', (error: unknown) => this.failed(error));
    // A reconnect ends an outage even before the next call; a successful call ends one without it.
    this.redis.on('ready', () => this.recovered());
  }

  /** Connects before the first call is counted; a Redis down at boot is an outage, not a failed start. */
  async onModuleInit(): Promise<void> {
    await this.redis.connect().catch((error: unknown) => this.failed(error));
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    let hits: number;
    let msLeft: number;
    try {
      [hits, msLeft] = await this.redis.throttleIncrement(this.keyPrefix + key, ttl);
    } catch (error) {
      this.failed(error);
      redisFallbackCounter.inc();
      return this.local.increment(key, ttl, limit);
    }
    this.recovered();
    const timeToExpire = Math.max(1, Math.ceil(msLeft / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  /**
   * Readiness (`/health`): a PING on the counters' own client, so it fails as fast as a call's
   * counter would (`commandTimeout`, no offline queue). It neither opens nor ends an outage.
   */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.local.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private recovered(): void {
    if (!this.outage) return;
    this.outage = false;
    this.logger.log('Redis answers again: throttle counters are shared across replicas again');
  }

  private failed(error: unknown): void {
    if (this.outage) return;
    this.outage = true;
    this.logger.warn(
      `Redis does not answer (${error instanceof Error ? error.message : String(error)}): each replica throttles on its own counter until it does ` +
        '(at most replicas × limit calls per window; counted in gateway_throttle_redis_fallback_total)',
    );
  }
}
