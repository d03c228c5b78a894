import { lookup as dnsLookup } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { privateAddressKind } from '../network/private-address';

/** One POST of a delivery: the exact body and the signed headers. */
export interface WebhookRequest {
  /** A secret (Power Automate puts a signature in its query): never log it, see {@link redactUrl}. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Why no HTTP status came back. `blocked` (the address is internal, checked when connecting)
 * and `invalid-url` will not get better by retrying; the others may.
 */
export type NetworkErrorKind = 'timeout' | 'refused' | 'dns' | 'reset' | 'tls' | 'blocked' | 'invalid-url' | 'other';

export type WebhookSendResult =
  | { readonly kind: 'response'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'network-error'; readonly error: NetworkErrorKind; readonly message: string };

/** Sends one attempt; never throws for what the network or the receiver does. */
export interface WebhookTransport {
  send(request: WebhookRequest): Promise<WebhookSendResult>;
  /** Closes idle keep-alive connections. */
  close(): void;
}
export const WebhookTransport = Symbol('WebhookTransport');

export interface HttpWebhookTransportOptions {
  /** Whole attempt, connect to response headers; 10 s by default. */
  readonly timeoutMs?: number;
  /** `WEBHOOK_ALLOW_PRIVATE_NETWORKS`: skip the connect-time address check. */
  readonly allowPrivateNetworks?: boolean;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** A receiver's answer body is read and thrown away (so the connection can be reused), up to this size. */
const MAX_DRAINED_BYTES = 64 * 1024;
const BLOCKED = 'ERR_WEBHOOK_ADDRESS_BLOCKED';
const TIMED_OUT = 'ERR_WEBHOOK_TIMEOUT';

/**
 * POSTs deliveries with node:http/https over keep-alive connections. The address is checked
 * again when the connection is made (the `lookup` hook), so a name that resolved to a public
 * address at subscribe time cannot be re-pointed at an internal one (DNS rebinding).
 * Redirects are not followed: a 3xx is an answer like any other.
 */
export class HttpWebhookTransport implements WebhookTransport {
  private readonly timeoutMs: number;
  private readonly allowPrivateNetworks: boolean;
  private readonly agents: { readonly http: http.Agent; readonly https: https.Agent };
  private readonly lookup: LookupFunction | undefined;

  constructor(options: HttpWebhookTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.allowPrivateNetworks = options.allowPrivateNetworks ?? false;
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    this.lookup = this.allowPrivateNetworks ? undefined : publicOnlyLookup;
  }

  send(request: WebhookRequest): Promise<WebhookSendResult> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(networkError('invalid-url', 'the notification URL does not parse'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.resolve(networkError('invalid-url', `the notification URL's scheme ${url.protocol} is not http(s)`));
    }
    // An IP literal is connected to without a lookup, so the hook below never sees it.
    const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const kind = isIP(literal) && !this.allowPrivateNetworks ? privateAddressKind(literal) : undefined;
    if (kind !== undefined) return Promise.resolve(networkError('blocked', `refused to connect to ${literal} (${kind} address)`));
    return this.post(url, request);
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private post(url: URL, request: WebhookRequest): Promise<WebhookSendResult> {
    return new Promise((resolve) => {
      const secure = url.protocol === 'https:';
      const req = (secure ? https : http).request(url, {
        method: 'POST',
        agent: secure ? this.agents.https : this.agents.http,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        ...(this.lookup ? { lookup: this.lookup } : {}),
      });
      const timer = setTimeout(() => req.destroy(coded(TIMED_OUT, `no response within ${this.timeoutMs} ms`)), this.timeoutMs);
      req.once('response', (res) => {
        const retryAfter = res.headers['retry-after'];
        resolve({ kind: 'response', status: res.statusCode ?? 0, ...(retryAfter !== undefined ? { retryAfter } : {}) });
        drain(res, () => clearTimeout(timer));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // Settles only the first time: an error after the answer (while draining) changes nothing.
        resolve(networkError(errorKind(error), error.message));
      });
      req.end(request.body);
    });
  }
}

/**
 * A URL fit for logs: origin only, since path and query may hold the receiver's secret
 * (e.g. `https://hooks.example.com/…`).
 * @publicApi
 */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** `dns.lookup`, refusing every answer that holds an internal address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (error, address, family) => {
    if (error) return callback(error, address, family);
    const addresses = typeof address === 'string' ? [address] : address.map((entry) => entry.address);
    const refused = addresses.find((candidate) => privateAddressKind(candidate) !== undefined);
    if (refused !== undefined) {
      return callback(coded(BLOCKED, `refused to connect to ${refused} (${privateAddressKind(refused)} address) for ${hostname}`), address, family);
    }
    callback(null, address, family);
  });
};

/** Reads the answer to its end so the socket returns to the pool; a long or slow one is cut. */
function drain(res: http.IncomingMessage, done: () => void): void {
  let bytes = 0;
  res.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_DRAINED_BYTES) res.destroy();
  });
  res.on('error', () => undefined);
  res.once('close', done);
}

function errorKind(error: NodeJS.ErrnoException): NetworkErrorKind {
  const code = error.code ?? '';
  if (code === BLOCKED) return 'blocked';
  if (code === TIMED_OUT || code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return 'dns';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return 'tls';
  return 'other';
}

function networkError(error: NetworkErrorKind, message: string): WebhookSendResult {
  return { kind: 'network-error', error, message };
}

function coded(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}
