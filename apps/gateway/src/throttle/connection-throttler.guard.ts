import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { SkipTokenCodec } from '@app/odata';
import { IS_PUBLIC } from '../auth/auth.decorators';
import { getAuthState } from '../auth/principal';
import { findQueryParameter } from '../http/raw-query';
import { continuationFingerprint } from '../http/continuation';
import { throttledCalls } from '../observability/metrics';

/**
 * §7 throttling: counted per connection id (not per route, not per IP), per client
 * address for calls without a valid credential, and continuation pages carrying a
 * `$skiptoken` we signed are free, so one logical query costs one call.
 */
@Injectable()
export class ConnectionThrottlerGuard extends ThrottlerGuard {
  @Inject(SkipTokenCodec) private readonly skipTokens!: SkipTokenCodec;

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const state = getAuthState(request);
    if (!state || !('connection' in state)) return false;
    const token = findQueryParameter(request.url, '$skiptoken');
    return token !== undefined && this.skipTokens.isValidFor(token, continuationFingerprint(request.url));
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const state = getAuthState(request);
    return state && 'connection' in state ? `connection:${state.connection.id}` : `address:${String(request.ip)}`;
  }

  /** Every 429 of §7 is produced here: counted for `/metrics`, then thrown as the package does. */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throttledCalls.inc({ caller: detail.tracker.startsWith('connection:') ? 'connection' : 'anonymous' });
    return super.throwThrottlingException(context, detail);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
