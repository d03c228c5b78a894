import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { pinoOptions, stdoutDestination } from '@app/config';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it is a short token that cannot forge a log line or a header. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Paths are logged up to this length (MAX_URL_LENGTH allows far longer ones). */
const MAX_LOGGED_PATH = 1024;

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` when it is a short safe token (a proxy's or
 * a client's correlation id), a fresh UUID otherwise. The same id is Fastify's `request.id`,
 * pino's `req.id` and the `X-Request-Id` echoed on the answer.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The path of a request URL without its query string: `?api-key=` (Power Query's Web API key)
 * and `?token=` (status-page links) are credentials, and `$filter` values may be personal data.
 */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/** The request as pino-std-serializers hands it to a custom serializer. */
interface SerializedRequest {
  readonly id?: unknown;
  readonly method?: string;
  readonly url?: string;
}

/**
 * nestjs-pino (pino-http) for the gateway (§8): one `request completed` line per request with
 * its id, method, path (no query), status and time, at `info` (`LOG_LEVEL=log`), or `error` for
 * a 5xx. No request or response headers are logged at all, so `Authorization` and `api-key`
 * cannot leak; `Logger` calls made while a request is handled carry its `reqId`.
 */
export function gatewayLoggerParams(logLevel: string): Params {
  return {
    pinoHttp: [
      {
        ...pinoOptions(logLevel),
        quietReqLogger: true,
        customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
        serializers: {
          req: (request: SerializedRequest) => ({ id: request.id, method: request.method, path: pathOf(request.url) }),
          res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
        },
      },
      stdoutDestination(),
    ],
    // Nest 11's path syntax for "every route" (the package's default '*' draws a deprecation warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
