import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Connection, Role } from '@app/storage';
import { getConnection } from './principal';

export const IS_PUBLIC = 'gateway:public';
export const REQUIRED_ROLE = 'gateway:required-role';

/** No credential needed (§7: health, documents). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The weakest role that may call the route; `reader` when absent. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The calling connection. */
export const CurrentConnection = createParamDecorator(
  (_: unknown, context: ExecutionContext): Connection => getConnection(context.switchToHttp().getRequest<object>()),
);
