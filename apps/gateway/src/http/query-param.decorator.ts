import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { findQueryParameter } from './raw-query';

/**
 * One query-string parameter, decoded. The gateway parses query strings itself (§3.2), so
 * Nest's `@Query()` sees nothing; routes outside the OData query core read their few
 * parameters with this instead.
 */
export const QueryParam = createParamDecorator((name: string, context: ExecutionContext): string | undefined =>
  findQueryParameter(context.switchToHttp().getRequest<FastifyRequest>().url, name),
);
