import { composeDataSources } from './compose/data-sources.composer';
import { composeMeasures, composeSegments } from './compose/evaluations.composer';
import { composeRefreshStatus } from './compose/refresh-status.composer';
import { CONTEXT, EARLIER_DATA_SOURCES_RUN, evaluations, FAILED_FULL_REFRESH, HOSTILE, subscription } from './compose/report-fixtures';
import { composeSubscriptions } from './compose/subscriptions.composer';
import type { StatusReport } from './report.model';
import { renderReport, renderReportHtml, renderReportText, reportSubject } from './report-render';

const hostileContext = { ...CONTEXT, datasetDisplayName: `Contoso\r\nBcc: victim@example.com ${HOSTILE}` };
const REPORTS: readonly StatusReport[] = [
  composeRefreshStatus(hostileContext, [{ process: 'dataSources' }, { process: 'fullRefresh', run: FAILED_FULL_REFRESH }], (id) => `https://gw.example.com/status/demo/runs/${id}?token=a&b`),
  composeDataSources(hostileContext, [{ name: 'pos', kind: 'cdm', location: 'x' }, { name: 'crm', kind: 'cdm', location: 'y' }], [FAILED_FULL_REFRESH, EARLIER_DATA_SOURCES_RUN]),
  composeSegments(hostileContext, [{ definition: { name: 'HighValue', displayName: HOSTILE, filter: 'true' }, history: evaluations('segment', 'HighValue', [40, 50]) }]),
  composeMeasures(hostileContext, [{ definition: { name: 'Spend', displayName: HOSTILE, entity: 'Customer', aggregate: 'count' }, history: evaluations('measure', 'Spend', [3]) }]),
  composeSubscriptions(hostileContext, [subscription({ stateReason: HOSTILE })]),
];

describe(renderReportHtml.name, () => {
  it.each(REPORTS.map((r) => [r.reportType, r] as const))('%s: escapes every user value, runs nothing, links only http(s)', (_type, report) => {
    const page = renderReportHtml(report);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/<script|\son[a-z]+="/i);
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;');
    expect(page).toContain(`<dt>Report type</dt><dd>${report.reportType}</dd>`);
    expect(page).toContain('<dt>Dataset</dt><dd>demo</dd>');
  });

  it('links to the status page of each latest run', () => {
    expect(renderReportHtml(REPORTS[0])).toContain('<a href="https://gw.example.com/status/demo/runs/run_full2?token=a&amp;b">Status page of the latest fullRefresh run</a>');
  });

  it('shows the change of a segment and the rows of a data source', () => {
    expect(renderReportHtml(REPORTS[2])).toContain('<td>50</td><td>+10 (+25 %)</td>');
    expect(renderReportHtml(REPORTS[1])).toContain('<td>pos</td><td>cdm</td><td>Successful</td><td>2024-05-12 02:01:00 UTC</td><td>59 s</td><td>1,150</td><td>—</td>');
  });
});

describe(renderReportText.name, () => {
  it('names the report, the dataset and the type, then one aligned table per section', () => {
    const text = renderReportText(REPORTS[2]);
    expect(text.split('\n').slice(4, 8)).toEqual(['Dataset: demo', 'Report type: segments', 'Generated: 2024-05-12T08:30:00.000Z', 'Report id: rpt_test']);
    expect(text).toContain('Segments\n========\nSegment');
    expect(text).toMatch(/\nSegment {2,}Name {2,}State {2,}Members {2,}Change {2,}Evaluated\n-+ {2}-+/);
  });

  it('lists the tasks of each latest run and the status-page links', () => {
    const text = renderReportText(REPORTS[0]);
    expect(text).toContain('Tasks of the latest fullRefresh run (run_full2)');
    expect(text).toContain('Status page of the latest fullRefresh run: https://gw.example.com/status/demo/runs/run_full2?token=a&b');
    expect(text).toMatch(/dataSources +Never run/);
  });

  it('says so when a section is empty', () => {
    expect(renderReportText(composeSubscriptions(CONTEXT, []))).toContain('Trigger subscriptions\n=====================\nThe dataset has no trigger subscriptions.');
  });
});

describe(reportSubject.name, () => {
  it('holds the report type and the dataset on one line (no header injection)', () => {
    expect(reportSubject(REPORTS[2])).toBe(`Segments report: Contoso Bcc: victim@example.com ${HOSTILE} (demo)`);
    expect(renderReport(REPORTS[0]).subject).toMatch(/^Refresh status report: .* \(demo\)$/);
  });
});
