/**
 * The client of the feed read (phase 5): one sequential reader that fetches a page, reads its body
 * fully, JSON.parses it, counts its rows and follows `@odata.nextLink`. The same code reads the
 * gateway and the baseline, so the client's own cost is the same on both sides.
 */
import { Agent } from 'node:http';
import { httpGet, HttpResponse, LOOPBACK } from './http';
import { ODataPage, parsePage } from './odata-page';

export interface FeedRead {
  readonly rows: number;
  readonly pages: number;
  /** Response body bytes (no compression: the client sends no Accept-Encoding). */
  readonly bytes: number;
  readonly ms: number;
  /** Request sent → last body byte, summed over the pages. */
  readonly requestMs: number;
  /** JSON.parse in the client, summed over the pages. */
  readonly parseMs: number;
  readonly slowestPageMs: number;
}

/** Sees every page: its index (0-based), the path as requested, the response and the parsed body. */
export type PageHook = (index: number, path: string, res: HttpResponse, page: ODataPage) => void;

/** Reads the whole collection from 127.0.0.1:`port`, from `firstPath` to the page without a next link. */
export async function readFeed(
  port: number,
  firstPath: string,
  headers: Record<string, string>,
  options: { readonly deadlineMs: number; readonly onPage?: PageHook },
): Promise<FeedRead> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const origin = `http://${LOOPBACK}:${port}`;
  const started = performance.now();
  const deadline = started + options.deadlineMs;
  let rows = 0;
  let pages = 0;
  let bytes = 0;
  let requestMs = 0;
  let parseMs = 0;
  let slowest = 0;
  let path: string | undefined = firstPath;
  try {
    while (path !== undefined) {
      if (performance.now() > deadline) throw new Error(`feed read of :${port} not finished after ${options.deadlineMs / 1000} s (${rows} rows)`);
      const t0 = performance.now();
      const res = await httpGet(port, path, headers, { agent, timeoutMs: 60_000 });
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`:${port} page ${pages + 1}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
      const page = parsePage(res.body, `:${port} page ${pages + 1}`);
      const t2 = performance.now();
      requestMs += t1 - t0;
      parseMs += t2 - t1;
      slowest = Math.max(slowest, t1 - t0);
      options.onPage?.(pages, path, res, page);
      rows += page.value.length;
      bytes += res.body.length;
      pages++;
      path = nextPath(page, origin);
    }
  } finally {
    agent.destroy();
  }
  return { rows, pages, bytes, ms: performance.now() - started, requestMs, parseMs, slowestPageMs: slowest };
}

/** The path and query of the next link, or undefined after the last page; it must point back to `origin`. */
function nextPath(page: ODataPage, origin: string): string | undefined {
  const next = page['@odata.nextLink'];
  if (next === undefined) return undefined;
  if (!next.startsWith(`${origin}/`)) throw new Error(`next link does not point back to ${origin}: ${next.slice(0, 200)}`);
  return next.slice(origin.length);
}
