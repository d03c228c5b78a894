import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Connection, Role } from '@app/storage';
import { getConnection } from './principal';

export const IS_PUBLIC = 'gateway:public';
export const REQUIRED_ROLE = 'gateway:required-role';
export const PAGE_TOKEN_ACCESS = 'gateway:page-token-access';

/** No credential needed (§7: health, documents). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Also opens with a `?token=` signed for exactly the requested page (§6.3 status links). */
export const PageTokenAccess = () => SetMetadata(PAGE_TOKEN_ACCESS, true);

/** The weakest role that may call the route; `reader` when absent. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The calling connection. */
export const CurrentConnection = createParamDecorator(
  (_: unknown, context: ExecutionContext): Connection => getConnection(context.switchToHttp().getRequest<object>()),
);
