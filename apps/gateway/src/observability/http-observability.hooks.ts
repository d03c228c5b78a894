import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpRequestDuration, httpRequests } from './metrics';
import { logRequest, REQUEST_ID_HEADER } from './request-logging';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The label of requests no route matched (404s): one series, whatever URLs were tried. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Fastify hooks of §8, registered on the root instance before the app initialises (so every
 * route gets them): the request id is echoed as `X-Request-Id`, and every answered request is
 * logged, counted and timed by its route *pattern* (`/datasets/:dataset/tables/:table/items`), never by
 * its URL, so the series stay bounded whatever callers send.
 */
export function registerObservabilityHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const labels = requestLabels(request, reply);
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    logRequest(request, reply.statusCode, reply.elapsedTime);
  });
}

function requestLabels(request: FastifyRequest, reply: FastifyReply): { route: string; method: string; status: string } {
  return {
    route: request.routeOptions.url ?? UNMATCHED_ROUTE,
    method: METHODS.has(request.method) ? request.method : 'OTHER',
    status: String(reply.statusCode),
  };
}
