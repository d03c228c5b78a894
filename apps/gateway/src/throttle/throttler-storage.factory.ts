import type { ThrottlerStorage } from '@nestjs/throttler';
import type { GatewayConfig } from '../config/gateway-config';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';
import { RedisFixedWindowThrottlerStorage } from './redis-fixed-window.storage';

/**
 * §9: counters shared by every replica in Redis when `REDIS_URL` is set, in this process
 * otherwise. The throttler module provides the instance through a factory provider, so Nest
 * runs its lifecycle hooks (the Redis storage connects on init and disconnects on shutdown).
 */
export function createThrottlerStorage(config: GatewayConfig): ThrottlerStorage {
  return config.REDIS_URL ? new RedisFixedWindowThrottlerStorage(config.REDIS_URL) : new FixedWindowThrottlerStorage();
}
