import type { RunRecord } from '@app/storage';
import { overviewLinks, runDetailLinks } from './status-links';
import { FAILED_RUN, HOSTILE_MESSAGE, HOSTILE_NAME, LOYAL_VALUES, sampleOverview, sampleRunDetail } from './status-page.fixtures';
import type { StatusOverview } from './status-page.model';
import { renderRunDetail, renderStatusOverview } from './status-page.render';
import { StatusTokens } from './status-token';

/** The `<svg>` element with this (already escaped) test id. */
function chart(page: string, testId: string): string {
  const start = page.indexOf(`data-testid="${testId}"`);
  if (start < 0) throw new Error(`no chart ${testId}`);
  return page.slice(page.lastIndexOf('<svg', start), page.indexOf('</svg>', start) + 6);
}

function polylinePoints(svg: string): number {
  const match = /<polyline class="line" points="([^"]*)"/.exec(svg);
  return match ? match[1].split(' ').length : 0;
}

/** A marker that would become an element if any field were not escaped. */
const PWN = `<b id="pwn">'&'</b>`;
const PWN_ESCAPED = '&lt;b id=&quot;pwn&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;';

describe(renderStatusOverview.name, () => {
  const page = renderStatusOverview(sampleOverview());

  it('is a complete HTML5 document without any script', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport"');
    expect(page).toContain('<title>Contoso Coffee (demo)</title>');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('escapes a hostile segment name everywhere it appears', () => {
    expect(page).not.toContain(HOSTILE_NAME);
    expect(page).toContain('<span>&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    expect(page).toContain('data-testid="chart-segment-&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('shows each process with its last run, or that it never ran', () => {
    const card = (process: string) => page.slice(page.indexOf(`data-testid="process-${process}"`), page.indexOf('</article>', page.indexOf(`data-testid="process-${process}"`)));
    expect(card('fullRefresh')).toContain('data-status="Failed"');
    expect(card('fullRefresh')).toContain('2 min 5 s');
    expect(card('fullRefresh')).toContain('Scheduled');
    expect(card('fullRefresh')).toContain('href="/status/demo/runs/run_7f3a9c"');
    expect(card('fullRefresh')).toContain('1 failed task');
    expect(card('fullRefresh')).toContain('PROC101');
    expect(card('dataSources')).toContain('850 ms');
    expect(card('segments')).toContain('running for 1 min 55 s');
    expect(card('measures')).toContain('Never run.');
  });

  it('lists recent runs with a badge for every status', () => {
    const runs = page.slice(page.indexOf('data-testid="recent-runs"'), page.indexOf('</table>', page.indexOf('data-testid="recent-runs"')));
    for (const status of ['Running', 'Queued', 'Failed', 'Successful', 'Canceled', 'Skipped']) {
      expect(runs).toContain(`<span class="badge ${status.toLowerCase()}" data-status="${status}">${status}</span>`);
    }
    expect(runs.match(/data-testid="run"/g)).toHaveLength(6);
  });

  it('charts segment and measure histories with one vertex per evaluation', () => {
    expect(polylinePoints(chart(page, 'chart-segment-loyal'))).toBe(LOYAL_VALUES.length);
    expect(polylinePoints(chart(page, 'chart-segment-&lt;script&gt;alert(1)&lt;/script&gt;'))).toBe(2);
    expect(polylinePoints(chart(page, 'chart-segment-steady'))).toBe(5);
    expect(polylinePoints(chart(page, 'chart-segment-single'))).toBe(1);
    expect(polylinePoints(chart(page, 'chart-segment-brand_new'))).toBe(0);
    expect(polylinePoints(chart(page, 'chart-measure-avg_order'))).toBe(10);
    expect(chart(page, 'chart-measure-churned')).toContain('No evaluations yet');
    expect(page).not.toMatch(/NaN|Infinity/);
  });

  it('shows the latest value and the change against the previous evaluation', () => {
    const loyal = page.slice(page.indexOf('data-testid="segment-loyal"'));
    expect(loyal).toMatch(/data-testid="latest">1,012 /);
    expect(loyal).toContain('+22 (+2.2 %)');
    const steady = page.slice(page.indexOf('data-testid="segment-steady"'));
    expect(steady).toContain('no change');
    const single = page.slice(page.indexOf('data-testid="segment-single"'));
    expect(single.slice(0, single.indexOf('</article>'))).toContain('first evaluation');
  });

  it('says so when there is nothing to show', () => {
    const empty: StatusOverview = { ...sampleOverview(), processes: [], recentRuns: [], segments: [], measures: [] };
    const sut = renderStatusOverview(empty);
    expect(sut).toContain('No runs yet.');
    expect(sut).toContain('No segments defined.');
    expect(sut).toContain('No measures defined.');
  });

  it('uses the links the model gives, escaped, token included', () => {
    const tokens = new StatusTokens('a-secret-of-at-least-16-bytes');
    const sut = renderStatusOverview({ ...sampleOverview(), links: overviewLinks('demo', { tokens }) });
    expect(sut).toMatch(/href="\/status\/demo\/runs\/run_7f3a9c\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    expect(sut).toMatch(/href="\/status\/demo\?token=[^"]+">Refresh</);
    const hostile = renderStatusOverview({ ...sampleOverview(), links: { self: `"><x>`, run: () => `javascript:"x"` } });
    expect(hostile).toContain('href="#"');
    expect(hostile).not.toContain('javascript:');
    expect(renderStatusOverview({ ...sampleOverview(), links: { self: `/s?a="><x>`, run: () => '/r' } })).toContain('href="/s?a=&quot;&gt;&lt;x&gt;"');
  });

  it('escapes every user-supplied field', () => {
    const run: RunRecord = { ...FAILED_RUN, id: PWN, error: { ErrorCode: PWN, ErrorMessage: PWN, ErrorSeverity: 'Error' } };
    const history = [{ evaluatedAt: PWN, value: 1, runId: PWN }];
    const sut = renderStatusOverview({
      dataset: PWN,
      displayName: PWN,
      generatedAt: PWN,
      processes: [{ process: 'fullRefresh', lastRun: run }],
      recentRuns: [run],
      segments: [{ name: PWN, displayName: PWN, state: 'inactive', history }],
      measures: [{ name: PWN, displayName: PWN, description: PWN, history }],
      links: overviewLinks(PWN),
    });
    expect(sut).not.toContain('<b id');
    expect(sut).toContain(PWN_ESCAPED);
  });
});

describe(renderRunDetail.name, () => {
  const page = renderRunDetail(sampleRunDetail());

  it('is a complete HTML5 document without any script', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<title>Full refresh run</title>');
    expect(page).not.toMatch(/<script/i);
  });

  it('shows the run: process, status, submission, times, duration and error', () => {
    const summary = page.slice(page.indexOf('data-testid="run-summary"'), page.indexOf('</section>'));
    expect(summary).toContain('data-status="Failed"');
    expect(summary).toContain('<code>fullRefresh</code>');
    expect(summary).toContain('Scheduled');
    expect(summary).toContain('<time datetime="2024-05-12T02:00:00.000Z">2024-05-12 02:00:00 UTC</time>');
    expect(summary).toContain('<time datetime="2024-05-12T02:00:01.250Z">2024-05-12 02:00:01 UTC</time>');
    expect(summary).toContain('<time datetime="2024-05-12T02:02:06.250Z">2024-05-12 02:02:06 UTC</time>');
    expect(summary).toContain('data-testid="run-duration">2 min 5 s<');
    expect(summary).toContain('5 (1 failed)');
    expect(summary).toContain('data-testid="run-error"');
  });

  it('lists the tasks in order, the failed one with its escaped ErrorCode and ErrorMessage', () => {
    const tasks = page.slice(page.indexOf('data-testid="tasks"'));
    expect(tasks.match(/data-testid="task"/g)).toHaveLength(5);
    expect(tasks.indexOf('PosSystem')).toBeLessThan(tasks.indexOf('>Crm<'));
    expect(page).not.toContain(HOSTILE_MESSAGE);
    const error = tasks.slice(tasks.indexOf('data-testid="task-error"'), tasks.indexOf('</div>', tasks.indexOf('data-testid="task-error"')));
    expect(error).toContain('<strong>DS204</strong>');
    expect(error).toContain('Column &quot;Total&quot; can&#39;t be parsed: expected &lt;number&gt; &amp; got &#39;abc&#39;');
    expect(tasks.match(/data-testid="task-error"/g)).toHaveLength(1);
    expect(tasks).toContain('rows: 120,000');
    expect(tasks).toContain('1 min 45 s');
    expect(tasks).toContain('850 ms');
  });

  it('still flags a failed task that carries no error', () => {
    const run: RunRecord = { ...FAILED_RUN, tasks: [{ seq: 0, process: 'segments', kind: 'segment', name: 's', status: 'Failed' }] };
    const sut = renderRunDetail({ ...sampleRunDetail(), run });
    expect(sut).toContain('data-testid="task-error"');
  });

  it('links back to the overview with the given token, and handles a run without tasks', () => {
    const tokens = new StatusTokens('a-secret-of-at-least-16-bytes');
    const run: RunRecord = { ...FAILED_RUN, status: 'Queued', startedAt: undefined, endedAt: undefined, error: undefined, tasks: [] };
    const sut = renderRunDetail({ ...sampleRunDetail(), run, links: runDetailLinks('demo', { tokens }) });
    expect(sut).toMatch(/<a href="\/status\/demo\?token=[^"]+">← Back to overview<\/a>/);
    expect(sut).toContain('No tasks planned yet.');
    expect(sut).not.toContain('data-testid="run-error"');
  });
});
