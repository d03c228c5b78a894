import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotAcceptableError } from '../errors/gateway-errors';
import { acceptsFormat } from './content-negotiation';
import { findQueryParameter } from './raw-query';
import { preferredPageSize, requestOrigin } from './request-origin';

/** What a list use case needs from the HTTP request, read the same way on the connector and the feed. */
export function listRequest(request: FastifyRequest, publicBaseUrl: string | undefined) {
  const preferred = preferredPageSize(request);
  return {
    url: request.url,
    origin: requestOrigin(request, publicBaseUrl),
    ...(preferred !== undefined ? { preferredPageSize: preferred } : {}),
  };
}

/** `Preference-Applied` when the client's `odata.maxpagesize` bounded the page. */
export function applyPreference(reply: FastifyReply, appliedPageSize: number | undefined): void {
  if (appliedPageSize !== undefined) reply.header('Preference-Applied', `odata.maxpagesize=${appliedPageSize}`);
}

/** JSON answers only: Accept, or `$format` when given (it wins, OData URL conventions §5.1.8), must allow it. */
export function requireJson(accept: string | undefined, url: string, message: string): void {
  if (!acceptsFormat(accept, findQueryParameter(url, '$format'), 'application', 'json')) throw new NotAcceptableError(message);
}
