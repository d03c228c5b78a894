import { html, safeHref, SafeHtml, trusted } from '../status/status-html';
import type { StatusReport } from './report.model';
import { reportSections, ReportSection } from './report-sections';
import { reportTypeDisplayName } from './report-types';

/**
 * The e-mail renderings of a report: plain text and a small HTML page. Names, error
 * messages and display names come from users, so every value in the HTML goes through the
 * escaping `html` tag; links keep only http(s) or host-relative targets (`safeHref`).
 */

export interface RenderedReport {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function renderReport(report: StatusReport): RenderedReport {
  return { subject: reportSubject(report), text: renderReportText(report), html: renderReportHtml(report) };
}

/** `Segments report: Demo Customer Insights (demo)`. Line breaks would end the header, so none pass. */
export function reportSubject(report: StatusReport): string {
  return `${reportTypeDisplayName(report.reportType)} report: ${report.datasetDisplayName} (${report.dataset})`.replace(/[\r\n\t]+/g, ' ');
}

export function renderReportText(report: StatusReport): string {
  const lines = [
    oneLine(report.title),
    '',
    oneLine(report.summary),
    '',
    `Dataset: ${report.dataset}`,
    `Report type: ${report.reportType}`,
    `Generated: ${report.generatedAt}`,
    `Report id: ${report.reportId}`,
  ];
  for (const section of reportSections(report)) lines.push('', ...textSection(section));
  return `${lines.join('\n')}\n`;
}

function textSection(section: ReportSection): string[] {
  const lines = [section.heading, '='.repeat(section.heading.length)];
  if (section.rows.length === 0) return [...lines, section.empty];
  // Columns padded to their widest cell: readable in any monospace mail client.
  const widths = section.columns.map((column, i) => Math.max(column.length, ...section.rows.map((row) => oneLine(row[i] ?? '').length)));
  const format = (cells: readonly string[]) => cells.map((cell, i) => oneLine(cell).padEnd(widths[i])).join('  ').trimEnd();
  lines.push(format(section.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...section.rows.map(format));
  for (const link of section.links ?? []) lines.push(`${link.label}: ${link.href}`);
  return lines;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

const STYLE = trusted(
  'body{font-family:system-ui,sans-serif;color:#1b1b1b}table{border-collapse:collapse;margin:0 0 1em}' +
    'th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}',
);

export function renderReportHtml(report: StatusReport): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${report.title}</title><style>${STYLE}</style></head>
<body>
<h1>${report.title}</h1>
<p>${report.summary}</p>
<dl><dt>Dataset</dt><dd>${report.dataset}</dd><dt>Report type</dt><dd>${report.reportType}</dd><dt>Generated</dt><dd>${report.generatedAt}</dd><dt>Report id</dt><dd>${report.reportId}</dd></dl>
${reportSections(report).map(htmlSection)}
</body>
</html>
`;
  return page.value;
}

function htmlSection(section: ReportSection): SafeHtml {
  const table =
    section.rows.length === 0
      ? html`<p>${section.empty}</p>`
      : html`<table><thead><tr>${section.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${section.rows.map(
          (row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`,
        )}</tbody></table>`;
  const links = (section.links ?? []).map((link) => html`<p><a href="${safeHref(link.href)}">${link.label}</a></p>`);
  return html`<h2>${section.heading}</h2>
${table}${links}
`;
}
