import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { PinoLogger, type Params } from 'nestjs-pino';
import type { Logger } from 'pino';
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

/**
 * nestjs-pino for the gateway (§8): Nest's `Logger` writes pino JSON lines. Its per-request
 * middleware is not used: Nest middleware on Fastify cost ~60 µs per request (the lookup
 * benchmark halved), so the `request completed` line is written by the gateway's own Fastify
 * `onResponse` hook ({@link logRequest}). No request or response headers are logged at all, so
 * `Authorization` and `api-key` cannot leak.
 */
export function gatewayLoggerParams(logLevel: string): Params {
  return {
    pinoHttp: [{ ...pinoOptions(logLevel), quietReqLogger: true }, stdoutDestination()],
    // No route gets the middleware; the module still builds the root logger Nest's Logger uses.
    forRoutes: [],
  };
}

/** One line per answered request: id, method, path (no query), status and time; `error` for a 5xx. */
export function logRequest(request: { id: unknown; method: string; url: string }, statusCode: number, elapsedMs: number): void {
  const logger = requestLogger();
  if (!logger) return;
  const line = { reqId: request.id, req: { id: request.id, method: request.method, path: pathOf(request.url) }, res: { statusCode }, responseTime: Math.round(elapsedMs) };
  if (statusCode >= 500) logger.error(line, 'request completed');
  else if (logger.isLevelEnabled('info')) logger.info(line, 'request completed');
}

function asIs<T>(value: T): T {
  return value;
}

let requestLog: { root: unknown; logger: Logger } | undefined;

/** The root logger without pino-http's request serializers, which expect Node's request objects. */
function requestLogger(): Logger | undefined {
  const root = PinoLogger.root as Logger | undefined;
  if (!root) return undefined;
  if (requestLog?.root !== root) requestLog = { root, logger: root.child({}, { serializers: { req: asIs, res: asIs } }) };
  return requestLog.logger;
}
