import { createHash } from 'node:crypto';
import { html, HtmlValue, SafeHtml, trusted } from './status-html';

/**
 * The page frame shared by the status pages: one HTML5 document, one small inline
 * stylesheet, no scripts, no external resources (it works offline, in an e-mail
 * preview, and under a strict Content-Security-Policy; see `STATUS_PAGE_CSP`).
 */

/** The stylesheet. Colours are variables so the dark scheme only swaps values. */
const STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--fg:#1f2328;--muted:#656d76;--line:#d8dee4;--soft:#eef1f4;--accent:#0b63c5;
--ok-bg:#dcf5e3;--ok:#116329;--bad-bg:#ffe3e0;--bad:#b3261e;--run-bg:#ddeeff;--run:#0b57a4;--wait-bg:#fff1cc;--wait:#7a4d00;
--off-bg:#eceff2;--off:#57606a;--bad-row:#fff8f7;--chart:#0b63c5;--chart-fill:rgba(11,99,197,.12);color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1419;--card:#171d24;--fg:#e6edf3;--muted:#9aa5b1;--line:#2d3640;--soft:#1f2730;
--accent:#6cb6ff;--ok-bg:#113821;--ok:#6fdd8b;--bad-bg:#4a1714;--bad:#ff9a8f;--run-bg:#0f2d4d;--run:#8cc8ff;--wait-bg:#3d2e00;
--wait:#f2cc60;--bad-row:#241416;--off-bg:#262e37;--off:#a6b0bb;--chart:#6cb6ff;--chart-fill:rgba(108,182,255,.15)}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
.top{background:var(--card);border-bottom:1px solid var(--line);padding:18px 0 14px;margin-bottom:24px}
.brand{font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
h1{font-size:24px;margin:2px 0 4px;font-weight:650;overflow-wrap:anywhere}
h2{font-size:17px;margin:32px 0 12px;font-weight:650}
.meta{margin:0;color:var(--muted);font-size:13px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.grid{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr))}
.grid.halves{grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr))}
.card h3{margin:0 0 6px;font-size:15px;font-weight:600;display:flex;justify-content:space-between;gap:8px;align-items:baseline}
.card h3 span{overflow-wrap:anywhere}
.sub{color:var(--muted);font-size:12.5px;margin:0;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:8px 0 0;font-size:13.5px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
dl.facts:first-child{margin-top:0}
.figure{font-size:26px;font-weight:650;margin:6px 0 0;font-variant-numeric:tabular-nums}
.change{font-size:13px;color:var(--muted);font-variant-numeric:tabular-nums}
.change.up::before{content:"\\25B2  "}.change.down::before{content:"\\25BC  "}
.table{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
table{border-collapse:collapse;width:100%;min-width:680px;font-size:14px}
th,td{text-align:left;padding:9px 12px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;background:var(--soft);white-space:nowrap}
tr:last-child td{border-bottom:0}
tr:has(+tr.error-row) td{border-bottom:0}
tr.error-row td{padding-top:0}
tr[data-status=Failed] td{background:var(--bad-row)}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
td.nowrap{white-space:nowrap}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
td code{overflow-wrap:break-word}
.badge{display:inline-flex;align-items:center;gap:6px;padding:1px 9px 1px 8px;border-radius:999px;font-size:12.5px;font-weight:600;white-space:nowrap;background:var(--off-bg);color:var(--off)}
.badge::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor}
.badge.successful{background:var(--ok-bg);color:var(--ok)}
.badge.failed{background:var(--bad-bg);color:var(--bad)}
.badge.running{background:var(--run-bg);color:var(--run)}
.badge.queued{background:var(--wait-bg);color:var(--wait)}
.error{border:1px solid var(--bad);border-left-width:4px;background:var(--bad-bg);border-radius:6px;padding:8px 10px;margin-top:6px}
.error strong{color:var(--bad);font:600 12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.error p{margin:2px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.empty{color:var(--muted);font-style:italic;margin:0}
.chart{display:block;width:100%;height:auto;margin-top:10px;overflow:visible}
.chart .line{fill:none;stroke:var(--chart);stroke-width:2;stroke-linejoin:round;stroke-linecap:round;vector-effect:non-scaling-stroke}
.chart .area{fill:var(--chart-fill);stroke:none}
.chart .axis{stroke:var(--line);stroke-width:1}
.chart .dot{fill:var(--chart)}
.chart .hit{fill:transparent}
.chart .hit:hover{fill:var(--chart)}
.chart text{fill:var(--muted);font-size:10px;font-family:inherit}
.chart .none{font-style:italic}
footer.wrap{color:var(--muted);font-size:12px;padding-top:28px;padding-bottom:36px}
@media (max-width:600px){.wrap{padding:0 12px}h1{font-size:20px}th,td{padding:8px}
tr.error-row .error{position:sticky;left:8px;max-width:calc(100vw - 42px)}}
`
  .trim()
  .replace(/\n/g, '');

/**
 * Content-Security-Policy for the status pages: nothing but this stylesheet (allowed by
 * its hash) and inline SVG. No script can run even if escaping ever failed. Send it
 * with `Referrer-Policy: no-referrer` and `Cache-Control: no-store`, since the URL may
 * carry a page token.
 */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageFrame {
  /** `<title>` and `<h1>`. */
  readonly title: string;
  /** Small line above the title (e.g. the dataset). */
  readonly kicker: string;
  /** The line under the title. */
  readonly meta: SafeHtml;
  readonly body: SafeHtml;
}

/** A complete HTML5 document. */
export function renderDocument(frame: PageFrame): string {
  return `<!DOCTYPE html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${frame.title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<header class="top"><div class="wrap">
<div class="brand">${frame.kicker}</div>
<h1>${frame.title}</h1>
<p class="meta">${frame.meta}</p>
</div></header>
<main class="wrap">
${frame.body}
</main>
<footer class="wrap">Insights Gateway status page · times are UTC · no scripts, nothing loaded from elsewhere.</footer>
</body>
</html>
`.value
  }`;
}

const BADGE_CLASSES: Readonly<Record<string, string>> = {
  Successful: 'successful',
  Failed: 'failed',
  Running: 'running',
  Queued: 'queued',
  Canceled: 'canceled',
  Skipped: 'skipped',
};

/** A run or task status as a coloured pill (the word is always shown, not only the colour). */
export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge ${BADGE_CLASSES[status] ?? 'unknown'}" data-status="${status}">${status}</span>`;
}

/** `<time>` with the machine-readable value and the readable text. */
export function timeElement(iso: string | undefined, text: string): SafeHtml {
  return iso === undefined ? html`${text}` : html`<time datetime="${iso}">${text}</time>`;
}

/** A table in a horizontally scrolling box, so it never breaks a narrow layout. */
export function table(headers: readonly HtmlValue[], rows: readonly SafeHtml[], testId: string): SafeHtml {
  return html`<div class="table"><table data-testid="${testId}">
<thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}
