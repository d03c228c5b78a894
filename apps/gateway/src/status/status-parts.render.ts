import type { ProcessName, RunError } from '@app/storage';
import { formatAgo, formatTime, NONE } from './status-format';
import { html, SafeHtml } from './status-html';
import { timeElement } from './status-layout.render';

/** Small pieces shared by the overview and the run-detail page. */

const PROCESS_LABELS: Readonly<Record<ProcessName, string>> = {
  dataSources: 'Data sources',
  segments: 'Segments',
  measures: 'Measures',
  fullRefresh: 'Full refresh',
};

/** `fullRefresh` → `Full refresh`; an unknown name is shown as it is. */
export function processLabel(process: string): string {
  return (PROCESS_LABELS as Readonly<Record<string, string>>)[process] ?? process;
}

/** A time cell: `2024-05-01 14:03:22 UTC`, or `—`. */
export function timeCell(iso: string | undefined): SafeHtml {
  return iso === undefined ? html`${NONE}` : timeElement(iso, formatTime(iso));
}

/** A time with how long ago it was: `2024-05-01 14:03:22 UTC (3 h ago)`. */
export function timeWithAgo(iso: string | undefined, nowIso: string): SafeHtml {
  if (iso === undefined) return html`${NONE}`;
  const ago = formatAgo(iso, nowIso);
  return ago === NONE ? timeCell(iso) : html`${timeCell(iso)} <span class="sub">(${ago})</span>`;
}

/** The connector's error triple, shown prominently (code, severity, message). */
export function errorBox(error: RunError, testId: string): SafeHtml {
  return html`<div class="error" role="note" data-testid="${testId}"><strong>${error.ErrorCode}</strong> <span class="sub">${error.ErrorSeverity}</span><p>${error.ErrorMessage}</p></div>`;
}

/** `1 failed task` / `3 failed tasks`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
