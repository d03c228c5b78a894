import type { OverviewLinks, RunDetailLinks } from './status-page.model';
import type { StatusTokens } from './status-token';

/**
 * Paths and hrefs of the status pages (§6.3). The path a token is signed for and the
 * path it is verified against both come from these helpers, built from the *decoded*
 * route parameters, so encoding differences in the request URL never matter.
 *
 * ```ts
 * const tokens = new StatusTokens(secret);
 * // in a ProcessData event (§6.1): an absolute link that opens the run for 7 days
 * StatusPage = statusPageUrl('https://gw.example.com', 'demo', run.id, tokens);
 * // in the controller, a page opened with ?token=
 * tokens.verify(query.token, statusRunPath(params.dataset, params.id)) === 'valid'
 * // links on a page: plain for a viewer with a credential, signed per page otherwise
 * overviewLinks('demo', { tokens })   // run(id) → /status/demo/runs/<id>?token=…
 * ```
 */

export interface StatusLinkOptions {
  /** Put before every path: `''` (default) for host-relative links, or `https://gw.example.com`. */
  readonly origin?: string;
  /** When given, every href carries `?token=` signed for exactly its own page. */
  readonly tokens?: StatusTokens;
  /** Lifetime of those tokens (default: the `StatusTokens` default, 7 days). */
  readonly validForMs?: number;
}

/** `/status/{dataset}`. */
export function statusOverviewPath(dataset: string): string {
  return `/status/${encodeURIComponent(dataset)}`;
}

/** `/status/{dataset}/runs/{id}`. */
export function statusRunPath(dataset: string, runId: string): string {
  return `${statusOverviewPath(dataset)}/runs/${encodeURIComponent(runId)}`;
}

/** The href of a page path: origin + path (+ `?token=` when signing). */
export function statusHref(path: string, options: StatusLinkOptions = {}): string {
  const { origin = '', tokens, validForMs } = options;
  const query = tokens ? `?token=${encodeURIComponent(tokens.sign(path, validForMs))}` : '';
  return `${origin.replace(/\/+$/, '')}${path}${query}`;
}

/** The `StatusPage` value of a `ProcessData` / `FullRefreshProcessData` event: absolute and signed. */
export function statusPageUrl(origin: string, dataset: string, runId: string, tokens: StatusTokens, validForMs?: number): string {
  return statusHref(statusRunPath(dataset, runId), { origin, tokens, validForMs });
}

/** Links of the overview of `dataset`. */
export function overviewLinks(dataset: string, options: StatusLinkOptions = {}): OverviewLinks {
  return {
    self: statusHref(statusOverviewPath(dataset), options),
    run: (id: string) => statusHref(statusRunPath(dataset, id), options),
  };
}

/** Links of a run-detail page of `dataset`. */
export function runDetailLinks(dataset: string, options: StatusLinkOptions = {}): RunDetailLinks {
  return { overview: statusHref(statusOverviewPath(dataset), options) };
}
