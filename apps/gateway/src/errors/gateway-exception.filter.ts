import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { mapError } from './map-error';
import { toEnvelope, GatewayErrorInfo } from './error-envelope';
import { GatewayErrorCode } from './gateway-errors';

const logger = new Logger('GatewayExceptionFilter');

/**
 * Writes any error as the §3.5 envelope. Unexpected errors become a 500 with a fixed
 * message and a correlation id; the real error is logged, never returned.
 */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const surface = request.url.startsWith('/odata/') ? 'feed' : 'connector';
  const info = mapError(error, surface) ?? internalError(request, error);
  if (info.status === 429 && !reply.getHeader('Retry-After')) reply.header('Retry-After', '1');
  for (const [name, value] of Object.entries(info.headers ?? {})) reply.header(name, value);
  reply
    .status(info.status)
    .header('OData-Version', '4.0')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(toEnvelope(info)));
}

function internalError(request: FastifyRequest, error: unknown): GatewayErrorInfo {
  const correlationId = randomUUID();
  logger.error(
    `unexpected error ${correlationId} on ${request.method} ${request.routeOptions?.url ?? 'unknown route'} (request ${String(request.id)})`,
    error instanceof Error ? error.stack : String(error),
  );
  return {
    status: 500,
    code: GatewayErrorCode.Internal,
    message: `An unexpected error occurred. Quote correlation id ${correlationId} when reporting it.`,
    details: [{ code: 'CORRELATION_ID', message: correlationId }],
  };
}

@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}
