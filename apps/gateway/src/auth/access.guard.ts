import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/storage';
import { AuthenticationError, ForbiddenError, GatewayErrorCode } from '../errors/gateway-errors';
import { IS_PUBLIC, REQUIRED_ROLE } from './auth.decorators';
import { getAuthState } from './principal';

const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2 };

/** Last guard: rejects missing or bad credentials (401) and too weak roles (403). */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const state = getAuthState(context.switchToHttp().getRequest<object>());
    if (!state || 'failure' in state) {
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
}
