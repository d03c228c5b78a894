import type { RunSummary } from './status-page.model';

/**
 * Text formats of the status page. Pure and locale-independent (times in UTC, numbers
 * in `en-US`), so a page reads the same whatever the server's locale.
 */

/** Shown where there is no value. */
export const NONE = '—';
/** U+2212, typographic minus: lines up with `+` in tables. */
const MINUS = '\u2212';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Parses an ISO time; undefined when absent or not a time. */
export function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `2024-05-01T14:03:22.123Z` → `2024-05-01 14:03:22 UTC`; text that is no time comes back as is. */
export function formatTime(iso: string): string {
  const ms = parseTime(iso);
  if (ms === undefined) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `2024-05-01T14:03:22Z` → `2024-05-01` (chart axis labels). */
export function formatDate(iso: string): string {
  const ms = parseTime(iso);
  return ms === undefined ? iso : new Date(ms).toISOString().slice(0, 10);
}

/**
 * Human-readable duration: `850 ms`, `4.2 s`, `42 s`, `2 min 5 s`, `3 h 20 min`, `2 d 5 h`.
 * Negative or non-finite input (clock skew, bad data) → `—`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return NONE;
  if (ms < SECOND - 0.5) return `${Math.round(ms)} ms`;
  if (ms < 9.95 * SECOND) return `${trimZero((ms / SECOND).toFixed(1))} s`;
  const seconds = Math.round(ms / SECOND);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return pair(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 24 * 60) return pair(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  const hours = Math.round(ms / HOUR);
  return pair(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

/** `3 h 20 min ago` (coarse: two units at most); `—` for a time in the future or no time. */
export function formatAgo(iso: string | undefined, nowIso: string): string {
  const at = parseTime(iso);
  const now = parseTime(nowIso);
  if (at === undefined || now === undefined || now < at) return NONE;
  if (now - at < MINUTE) return 'just now';
  return `${formatDuration(now - at)} ago`;
}

/**
 * How long a run (or task) took: from `startedAt` to `endedAt`, or up to `now` while it
 * is still running. Undefined when it never started.
 */
export function elapsedMs(item: { readonly startedAt?: string; readonly endedAt?: string; readonly status: string }, nowIso: string): number | undefined {
  const start = parseTime(item.startedAt);
  if (start === undefined) return undefined;
  const end = parseTime(item.endedAt) ?? (item.status === 'Running' ? parseTime(nowIso) : undefined);
  return end === undefined ? undefined : end - start;
}

/** The duration cell: `2 min 5 s`, `running for 12 s`, or `—`. */
export function formatElapsed(item: { readonly startedAt?: string; readonly endedAt?: string; readonly status: string }, nowIso: string): string {
  const ms = elapsedMs(item, nowIso);
  if (ms === undefined) return NONE;
  return item.endedAt === undefined ? `running for ${formatDuration(ms)}` : formatDuration(ms);
}

/** `12345.678` → `12,345.68`; `-3` → `−3`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return NUMBER.format(value).replace('-', MINUS);
}

export type Trend = 'up' | 'down' | 'flat';

export interface Change {
  readonly trend: Trend;
  /** `+12 (+3.4 %)`, `−5 (−50 %)`, `no change`; no percentage when the previous value was 0. */
  readonly text: string;
}

/** The change from `previous` to `latest`, or undefined without a previous value. */
export function formatChange(latest: number, previous: number | undefined): Change | undefined {
  if (previous === undefined) return undefined;
  const delta = latest - previous;
  if (delta === 0) return { trend: 'flat', text: 'no change' };
  const sign = delta > 0 ? '+' : MINUS;
  const amount = `${sign}${NUMBER.format(Math.abs(delta))}`;
  const percent = previous === 0 ? '' : ` (${sign}${PERCENT.format(Math.abs((delta / previous) * 100))} %)`;
  return { trend: delta > 0 ? 'up' : 'down', text: amount + percent };
}

/** Failed tasks of a run summary that carries its tasks; 0 otherwise. */
export function failedTaskCount(run: RunSummary): number {
  return run.tasks?.filter((t) => t.status === 'Failed').length ?? 0;
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}

function trimZero(fixed: string): string {
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}
