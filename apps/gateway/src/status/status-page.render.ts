import { renderSparkline } from './status-charts.render';
import { failedTaskCount, formatChange, formatElapsed, formatNumber, formatTime, NONE } from './status-format';
import { html, SafeHtml, safeHref } from './status-html';
import { renderDocument, statusBadge, table } from './status-layout.render';
import type { EvaluationPoint, MeasureStatus, OverviewLinks, ProcessStatus, RunSummary, SegmentStatus, StatusOverview } from './status-page.model';
import { errorBox, plural, processLabel, timeCell, timeWithAgo } from './status-parts.render';

export { renderRunDetail } from './status-run.render';

/**
 * `GET /status/{dataset}` as a complete HTML document: processes and their last runs,
 * recent runs, then segments and measures with their history charts. Pure: the same
 * model always gives the same page.
 */
export function renderStatusOverview(model: StatusOverview): string {
  const now = model.generatedAt;
  const body = html`<section aria-labelledby="processes">
<h2 id="processes">Processes</h2>
${model.processes.length === 0 ? html`<p class="empty">No processes.</p>` : html`<div class="grid halves">${model.processes.map((p) => processCard(p, model.links, now))}</div>`}
</section>
<section aria-labelledby="runs">
<h2 id="runs">Recent runs</h2>
${recentRuns(model.recentRuns, model.links, now)}
</section>
<section aria-labelledby="segments">
<h2 id="segments">Segments</h2>
${model.segments.length === 0 ? html`<p class="empty">No segments defined.</p>` : html`<div class="grid">${model.segments.map(segmentCard)}</div>`}
</section>
<section aria-labelledby="measures">
<h2 id="measures">Measures</h2>
${model.measures.length === 0 ? html`<p class="empty">No measures defined.</p>` : html`<div class="grid">${model.measures.map(measureCard)}</div>`}
</section>`;
  return renderDocument({
    title: model.displayName,
    kicker: 'Insights Gateway · status',
    meta: html`Dataset <code>${model.dataset}</code> · generated <time datetime="${now}">${formatTime(now)}</time> · <a href="${safeHref(model.links.self)}">Refresh</a>`,
    body,
  });
}

function processCard(status: ProcessStatus, links: OverviewLinks, now: string): SafeHtml {
  const run = status.lastRun;
  const heading = html`<h3><span>${processLabel(status.process)}</span>${run ? statusBadge(run.status) : html``}</h3>`;
  if (!run) {
    return html`<article class="card" data-testid="process-${status.process}">${heading}<p class="empty">Never run.</p></article>`;
  }
  const failed = failedTaskCount(run);
  return html`<article class="card" data-testid="process-${status.process}">${heading}
<dl class="facts">
${run.startedAt ? html`<dt>Started</dt><dd>${timeWithAgo(run.startedAt, now)}</dd>` : html`<dt>Queued</dt><dd>${timeWithAgo(run.createdAt, now)}</dd>`}
<dt>Duration</dt><dd>${formatElapsed(run, now)}</dd>
<dt>Submitted</dt><dd>${run.submissionKind}</dd>
<dt>Run</dt><dd><a href="${safeHref(links.run(run.id))}"><code>${run.id}</code></a></dd>
${failed > 0 ? html`<dt>Tasks</dt><dd>${plural(failed, 'failed task')}</dd>` : html``}
</dl>
${run.error ? errorBox(run.error, 'run-error') : html``}
</article>`;
}

function recentRuns(runs: readonly RunSummary[], links: OverviewLinks, now: string): SafeHtml {
  if (runs.length === 0) return html`<p class="empty">No runs yet.</p>`;
  const rows = runs.map((run) => {
    const failed = failedTaskCount(run);
    const problem = run.error ? html`<code>${run.error.ErrorCode}</code>` : failed > 0 ? html`${plural(failed, 'failed task')}` : html`${NONE}`;
    return html`<tr data-testid="run" data-status="${run.status}">
<td><a href="${safeHref(links.run(run.id))}"><code>${run.id}</code></a></td>
<td>${statusBadge(run.status)}</td>
<td>${processLabel(run.process)}</td>
<td class="nowrap">${timeCell(run.startedAt ?? run.createdAt)}</td>
<td class="num">${formatElapsed(run, now)}</td>
<td>${run.submissionKind}</td>
<td>${problem}</td>
</tr>`;
  });
  return table(['Run', 'Status', 'Process', 'Started', 'Duration', 'Submission', 'Problems'], rows, 'recent-runs');
}

function segmentCard(segment: SegmentStatus): SafeHtml {
  const state = segment.state === 'inactive' ? html`<span class="badge skipped">inactive</span>` : html``;
  return html`<article class="card" data-testid="segment-${segment.name}">
<h3><span>${segment.displayName}</span>${state}</h3>
<p class="sub"><code>${segment.name}</code></p>
${latestFigures(segment.history, 'members')}
${renderSparkline({ testId: `chart-segment-${segment.name}`, subject: `Segment "${segment.displayName}" member count`, points: segment.history })}
</article>`;
}

function measureCard(measure: MeasureStatus): SafeHtml {
  return html`<article class="card" data-testid="measure-${measure.name}">
<h3><span>${measure.displayName}</span></h3>
<p class="sub"><code>${measure.name}</code>${measure.description ? html` · ${measure.description}` : html``}</p>
${latestFigures(measure.history, '')}
${renderSparkline({ testId: `chart-measure-${measure.name}`, subject: `Measure "${measure.displayName}" value`, points: measure.history })}
</article>`;
}

/** The latest value, its change against the evaluation before, and when it was evaluated. */
function latestFigures(history: readonly EvaluationPoint[], unit: string): SafeHtml {
  const latest = history.at(-1);
  if (!latest) return html`<p class="figure">${NONE}</p><p class="sub">Not evaluated yet.</p>`;
  const change = formatChange(latest.value, history.at(-2)?.value);
  const changeLine = change
    ? html`<span class="change ${change.trend}" data-testid="change">${change.text}</span> <span class="sub">vs previous</span>`
    : html`<span class="sub">first evaluation</span>`;
  return html`<p class="figure" data-testid="latest">${formatNumber(latest.value)}${unit ? html` <span class="sub">${unit}</span>` : html``}</p>
<p class="sub">${changeLine}</p>
<p class="sub">Evaluated ${timeCell(latest.evaluatedAt)}</p>`;
}
