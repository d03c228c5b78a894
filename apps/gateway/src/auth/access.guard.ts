import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/storage';
import { AuthenticationError, ForbiddenError, GatewayErrorCode } from '../errors/gateway-errors';
import type { FastifyRequest } from 'fastify';
import { findQueryParameter } from '../http/raw-query';
import { StatusTokens } from '../status/status-token';
import { IS_PUBLIC, PAGE_TOKEN_ACCESS, REQUIRED_ROLE } from './auth.decorators';
import { getAuthState } from './principal';

const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2 };

/** Last guard: rejects missing or bad credentials (401) and too weak roles (403). */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly pageTokens: StatusTokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const state = getAuthState(context.switchToHttp().getRequest<object>());
    if (!state || 'failure' in state) {
      if (this.reflector.getAllAndOverride<boolean>(PAGE_TOKEN_ACCESS, targets) && this.hasPageToken(context)) return true;
      const code = state?.failure ?? GatewayErrorCode.AuthRequired;
      throw new AuthenticationError(
        code,
        code === GatewayErrorCode.AuthRequired
          ? 'A credential is required: Authorization: Bearer <key>, Basic <connectionId:key>, or the api-key header or query parameter.'
          : 'The credential is not valid.',
      );
    }
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'reader';
    if (RANK[state.connection.role] < RANK[required]) {
      throw new ForbiddenError(
        GatewayErrorCode.ForbiddenRole,
        `This operation needs the '${required}' role; connection '${state.connection.id}' has '${state.connection.role}'.`,
      );
    }
    return true;
  }

  /** The token must be for this very page: its path, segment by segment as the router decoded them. */
  private hasPageToken(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = findQueryParameter(request.url, 'token');
    if (token === undefined) return false;
    const path = request.url.split('?')[0].replace(/\/+$/, '');
    return this.pageTokens.verify(token, canonicalPath(path)) === 'valid';
  }
}

/** `/status/my%20data` and `/status/my data` are one page: decode each segment, encode it again. */
function canonicalPath(path: string): string {
  try {
    return path
      .split('/')
      .map((segment) => encodeURIComponent(decodeURIComponent(segment)))
      .join('/');
  } catch {
    return path;
  }
}
