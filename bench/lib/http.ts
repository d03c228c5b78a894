import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The only host the benchmark talks to. */
export const LOOPBACK = '127.0.0.1';

/**
 * GET `path` (sent byte for byte as given: no URL normalisation) from 127.0.0.1:`port`.
 * Rejects on network errors and after `timeoutMs`.
 */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string>,
  options: { readonly agent?: Agent; readonly timeoutMs?: number } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: LOOPBACK, port, path, method: 'GET', headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`GET ${path} timed out after ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls `path` until it answers 200; returns ms since `since` (a performance.now() value). */
export async function waitForFirstAnswer(
  port: number,
  path: string,
  headers: Record<string, string>,
  options: { readonly since: number; readonly intervalMs: number; readonly deadlineMs: number; readonly alive: () => boolean },
): Promise<number> {
  const deadline = options.since + options.deadlineMs;
  let last = 'no attempt';
  while (performance.now() < deadline) {
    if (!options.alive()) throw new Error(`process exited before answering (${last})`);
    try {
      const res = await httpGet(port, path, headers, { timeoutMs: 5_000 });
      if (res.status === 200) return performance.now() - options.since;
      last = `HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs);
  }
  throw new Error(`no successful answer on ${path} within ${options.deadlineMs} ms (last: ${last})`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
