import type { Socket } from 'node:net';
import { toEnvelope } from './error-envelope';
import { GatewayErrorCode } from './gateway-errors';

/**
 * Requests Node's HTTP parser rejects (bad request line, oversized headers) never reach
 * Fastify's routing; answer them with the same envelope instead of a bare 400.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const message = tooLarge ? 'The request headers are too large.' : 'The request is not valid HTTP.';
  const body = JSON.stringify(toEnvelope({ status, code: GatewayErrorCode.BadRequest, message }));
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nOData-Version: 4.0\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
