/**
 * Query (c): one sequential client reads a collection to its end through `@odata.nextLink`. The
 * gateway writes absolute links, CAP relative ones (`Customer?%24skiptoken=1000`); both are
 * resolved against the page's own URL and only path + query are requested, from the target's port.
 * That is what lets the floor serve the gateway's captured pages byte for byte.
 */
import { createHash, Hash } from 'node:crypto';
import { Agent } from 'node:http';
import { httpGet } from '../lib/http';
import { parsePage } from '../lib/odata-page';

export interface PagedRead {
  readonly rows: number;
  readonly pages: number;
  /** Response body bytes. */
  readonly bytes: number;
  readonly ms: number;
  /** Request sent → last body byte, per page (the client's JSON.parse is not in it). */
  readonly pageMs: readonly number[];
}

export interface PagedReadOptions {
  readonly deadlineMs: number;
  /** Sees every page: the path as requested, the raw body and the parsed rows. */
  readonly onPage?: (path: string, body: Buffer, rows: readonly Record<string, unknown>[]) => void;
}

export async function readPaged(port: number, firstPath: string, headers: Readonly<Record<string, string>>, options: PagedReadOptions): Promise<PagedRead> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  const pageMs: number[] = [];
  let rows = 0;
  let bytes = 0;
  let path: string | undefined = firstPath;
  try {
    while (path !== undefined) {
      if (performance.now() - started > options.deadlineMs) throw new Error(`:${port} paged read not finished after ${options.deadlineMs / 1000} s (${rows} rows)`);
      const t0 = performance.now();
      const res = await httpGet(port, path, { ...headers }, { agent, timeoutMs: 60_000 });
      pageMs.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`:${port} ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
      const page = parsePage(res.body, `:${port} ${path}`);
      options.onPage?.(path, res.body, page.value);
      rows += page.value.length;
      bytes += res.body.length;
      path = nextPath(path, page['@odata.nextLink']);
    }
  } finally {
    agent.destroy();
  }
  return { rows, pages: pageMs.length, bytes, ms: performance.now() - started, pageMs };
}

/** Path and query of the next page, or undefined after the last one. */
export function nextPath(currentPath: string, nextLink: string | undefined): string | undefined {
  if (nextLink === undefined) return undefined;
  const url = new URL(nextLink, `http://target${currentPath}`);
  return `${url.pathname}${url.search}`;
}

/**
 * A digest of rows that ignores property order and `@odata.*` annotations: two servers that
 * return the same records with the same values in the same order have the same digest.
 */
export class RowDigest {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  add(rows: readonly Record<string, unknown>[]): void {
    for (const row of rows) {
      this.hash.update(canonicalRow(row));
      this.hash.update('\n');
      this.count++;
    }
  }

  finish(): { readonly rows: number; readonly sha256: string } {
    return { rows: this.count, sha256: this.hash.digest('hex') };
  }
}

/** The row as JSON with sorted property names and without control information (`@odata.context`, …). */
export function canonicalRow(row: Record<string, unknown>): string {
  const names = Object.keys(row).filter((n) => !n.startsWith('@')).sort();
  return JSON.stringify(names.map((n) => [n, row[n]]));
}
