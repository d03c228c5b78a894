import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Json } from './gateway-harness';

/** One request the receiver got, exactly as it arrived. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, e.g. `/hooks/segment?sig=abc`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body bytes as UTF-8: what the signature covers. */
  readonly rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Json;
  /** Epoch ms when the body had fully arrived. */
  readonly at: number;
}

/** An answer to give: a status, and optionally headers (e.g. `Retry-After`) and a body. */
export interface ProgrammedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * A webhook callback on 127.0.0.1 (a free port), standing in for Power Automate: it records
 * every request and answers 200 unless told otherwise. Answers are programmed per path
 * (without the query) as a queue: each request takes the next one; an empty queue answers 200.
 *
 * ```ts
 * const receiver = await startWebhookReceiver();
 * const url = receiver.url('/flow-1');            // http://127.0.0.1:<port>/flow-1
 * receiver.respond('/flow-1', 503, 503, 200);     // two failures, then success
 * const [first] = await receiver.waitFor((r) => r.path === '/flow-1', 5_000);
 * ```
 */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Every request so far, in arrival order (a snapshot). */
  readonly requests: readonly ReceivedRequest[];
  /** An absolute URL for `path` on this receiver. */
  url(path: string): string;
  /** Requests to `path` (query ignored), in arrival order. */
  at(path: string): ReceivedRequest[];
  /** Queues answers for `path`; a number is a bare status. */
  respond(path: string, ...responses: readonly (number | ProgrammedResponse)[]): void;
  /**
   * Resolves with every recorded request matching `predicate` once at least `count` (default 1)
   * of them have arrived; rejects after `timeoutMs` saying how many it saw.
   */
  waitFor(predicate: (request: ReceivedRequest) => boolean, timeoutMs: number, count?: number): Promise<ReceivedRequest[]>;
  /** Forgets the recorded requests (programmed answers stay). */
  clear(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const queues = new Map<string, ProgrammedResponse[]>();
  const waiters = new Set<() => void>();
  const pathOf = (path: string) => path.split('?')[0];

  const answer = (res: ServerResponse, path: string) => {
    const next = queues.get(pathOf(path))?.shift() ?? { status: 200 };
    res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers }).end(next.body ?? '');
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: Json = undefined;
      try {
        json = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
      } catch {
        json = undefined;
      }
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, rawBody, json, at: Date.now() });
      answer(res, path);
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    get requests() {
      return [...requests];
    },
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    at: (path) => requests.filter((r) => pathOf(r.path) === pathOf(path)),
    respond(path, ...responses) {
      const queue = queues.get(pathOf(path)) ?? [];
      queue.push(...responses.map((r) => (typeof r === 'number' ? { status: r } : r)));
      queues.set(pathOf(path), queue);
    },
    waitFor(predicate, timeoutMs, count = 1) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = requests.filter(predicate);
          if (matching.length < count) return false;
          clearTimeout(timer);
          waiters.delete(listener);
          resolve(matching);
          return true;
        };
        const listener = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(listener);
          reject(new Error(`webhook receiver: ${requests.filter(predicate).length} of ${count} expected request(s) within ${timeoutMs} ms (${requests.length} received in all)`));
        }, timeoutMs);
        if (!check()) waiters.add(listener);
      });
    },
    clear() {
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Verifies a delivery as a receiver would, with the reference Standard Webhooks library:
 * returns the verified payload, throws `WebhookVerificationError` when the signature, the
 * timestamp or a header is wrong.
 */
export function verifySignature(secret: string, request: ReceivedRequest): unknown {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : (value ?? '');
  };
  return new Webhook(secret).verify(request.rawBody, {
    'webhook-id': header('webhook-id'),
    'webhook-timestamp': header('webhook-timestamp'),
    'webhook-signature': header('webhook-signature'),
  });
}

/** Resolves after `ms`: for checking that nothing (more) arrives in a while. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
