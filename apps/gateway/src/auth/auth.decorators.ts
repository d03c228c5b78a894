import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Connection, Role } from '@app/storage';
import { getConnection } from './principal';

export const IS_PUBLIC = 'gateway:public';
export const REQUIRED_ROLE = 'gateway:required-role';
export const PAGE_TOKEN_ACCESS = 'gateway:page-token-access';

/**
 * No credential needed (§7: health, documents). The empty security requirement tells the
 * OpenAPI document the same, so `/openapi.json` cannot drift from what the guards do.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/** Also opens with a `?token=` signed for exactly the requested page (§6.3 status links). */
export const PageTokenAccess = () => SetMetadata(PAGE_TOKEN_ACCESS, true);

/** The weakest role that may call the route; `reader` when absent. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The calling connection. */
export const CurrentConnection = createParamDecorator(
  (_: unknown, context: ExecutionContext): Connection => getConnection(context.switchToHttp().getRequest<object>()),
);
