import type { TaskRecord } from '@app/storage';
import { formatElapsed, formatNumber, formatTime, NONE } from './status-format';
import { html, SafeHtml, safeHref } from './status-html';
import { renderDocument, statusBadge, table } from './status-layout.render';
import type { RunDetail } from './status-page.model';
import { errorBox, plural, processLabel, timeCell, timeWithAgo } from './status-parts.render';

/** Columns of the task table; an error row spans all of them. */
const TASK_COLUMNS = ['#', 'Name', 'Status', 'Duration', 'Process', 'Kind', 'Started', 'Result'] as const;
/** A task result longer than this is cut (the admin API has the full record). */
const MAX_RESULT_CHARS = 160;

/**
 * `GET /status/{dataset}/runs/{id}` as a complete HTML document: the run's facts, its
 * error, and its tasks in order, a failed task's ErrorCode and ErrorMessage in a box
 * right under it.
 */
export function renderRunDetail(model: RunDetail): string {
  const { run } = model;
  const now = model.generatedAt;
  const failed = run.tasks.filter((t) => t.status === 'Failed').length;
  const taskSummary = run.tasks.length === 0 ? NONE : failed > 0 ? `${run.tasks.length} (${failed} failed)` : String(run.tasks.length);
  const body = html`<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<div class="card" data-testid="run-summary">
<dl class="facts">
<dt>Status</dt><dd>${statusBadge(run.status)}${run.cancelRequested && run.status !== 'Canceled' ? html` <span class="sub">cancel requested</span>` : html``}</dd>
<dt>Process</dt><dd>${processLabel(run.process)} <span class="sub">(<code>${run.process}</code>)</span></dd>
<dt>Submission</dt><dd>${run.submissionKind}</dd>
<dt>Created</dt><dd>${timeWithAgo(run.createdAt, now)}</dd>
<dt>Started</dt><dd>${timeCell(run.startedAt)}</dd>
<dt>Ended</dt><dd>${timeCell(run.endedAt)}</dd>
<dt>Duration</dt><dd data-testid="run-duration">${formatElapsed(run, now)}</dd>
<dt>Tasks</dt><dd>${taskSummary}</dd>
</dl>
${run.error ? errorBox(run.error, 'run-error') : html``}
</div>
</section>
<section aria-labelledby="tasks">
<h2 id="tasks">Tasks${failed > 0 ? html` <span class="sub">· ${plural(failed, 'failed task')}</span>` : html``}</h2>
${run.tasks.length === 0 ? html`<p class="empty">No tasks planned yet.</p>` : taskTable(run.tasks, now)}
</section>`;
  return renderDocument({
    title: `${processLabel(run.process)} run`,
    kicker: `${model.displayName} · Insights Gateway status`,
    meta: html`<a href="${safeHref(model.links.overview)}">← Back to overview</a> · Run <code>${run.id}</code> · dataset <code>${model.dataset}</code> · generated <time datetime="${now}">${formatTime(now)}</time>`,
    body,
  });
}

function taskTable(tasks: readonly TaskRecord[], now: string): SafeHtml {
  const rows = tasks.map((task) => {
    const row = html`<tr data-testid="task" data-status="${task.status}">
<td class="num">${task.seq + 1}</td>
<td><code>${task.name}</code></td>
<td>${statusBadge(task.status)}</td>
<td class="num">${formatElapsed(task, now)}</td>
<td>${processLabel(task.process)}</td>
<td>${task.kind}</td>
<td class="nowrap">${timeCell(task.startedAt)}</td>
<td>${task.result && Object.keys(task.result).length > 0 ? html`<code>${formatResult(task.result)}</code>` : NONE}</td>
</tr>`;
    const error = task.error
      ? errorBox(task.error, 'task-error')
      : task.status === 'Failed'
        ? html`<div class="error" data-testid="task-error"><strong>Failed</strong><p>The task failed without an error message.</p></div>`
        : undefined;
    return error ? html`${row}<tr class="error-row" data-status="${task.status}"><td colspan="${TASK_COLUMNS.length}">${error}</td></tr>` : row;
  });
  return table(TASK_COLUMNS, rows, 'tasks');
}

/** `{ rows: 1200, value: 5 }` → `rows: 1,200, value: 5`; nested values as JSON; long results cut. */
export function formatResult(result: TaskRecord['result']): string {
  if (!result) return NONE;
  const entries = Object.entries(result);
  if (entries.length === 0) return NONE;
  const text = entries.map(([key, value]) => `${key}: ${valueText(value)}`).join(', ');
  return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS - 1)}…` : text;
}

function valueText(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
