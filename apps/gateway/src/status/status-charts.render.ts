import { formatDate, formatNumber, formatTime } from './status-format';
import { html, SafeHtml } from './status-html';
import type { EvaluationPoint } from './status-page.model';

/**
 * History sparklines as inline SVG: no script, no library, readable by a screen reader
 * through `role="img"` + `aria-label`. The layout (viewBox units; scales with the card):
 *
 * ```
 *   1.2K ┤        ╭─╮   ●      max label, line, dot on the latest value
 *        │   ╭────╯ ╰───╯
 *    980 ┤───╯                  min label
 *        2024-05-01  2024-05-12 first and last evaluation date
 * ```
 * Points are spaced evenly by index (a sparkline shows the sequence of evaluations),
 * and the y range is the data's min..max so small changes stay visible; the labels
 * say what the range is. 0 points, 1 point and constant series never divide by zero.
 */

const WIDTH = 300;
const HEIGHT = 92;
const PLOT = { left: 46, right: WIDTH - 8, top: 8, bottom: 68 } as const;
const DATE_BASELINE = 86;
/** Beyond this, points get no hover target (the line alone tells the story). */
const MAX_HOVER_POINTS = 120;

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
/** Axis labels stay short: exact below this, `1.25M` above. */
const COMPACT_FROM = 10_000;

export interface SparklineInput {
  /** `data-testid` of the `<svg>`, e.g. `chart-segment-Loyal`. */
  readonly testId: string;
  /** What the chart is about, for the `aria-label`, e.g. `Segment "Loyal customers" member count`. */
  readonly subject: string;
  /** Oldest first. Points whose value is not a finite number are left out. */
  readonly points: readonly EvaluationPoint[];
}

/** Where each point lands in the viewBox. Exported for tests. */
export function layoutPoints(values: readonly number[]): { x: number; y: number }[] {
  const n = values.length;
  if (n === 0) return [];
  const { min, max } = extent(values);
  const width = PLOT.right - PLOT.left;
  const height = PLOT.bottom - PLOT.top;
  return values.map((value, i) => ({
    x: round(n === 1 ? PLOT.left + width / 2 : PLOT.left + (i * width) / (n - 1)),
    y: round(max === min ? PLOT.top + height / 2 : PLOT.bottom - ((value - min) / (max - min)) * height),
  }));
}

/** The chart: a polyline with one vertex per evaluation, min/max labels and the date span. */
export function renderSparkline(input: SparklineInput): SafeHtml {
  const points = input.points.filter((p) => Number.isFinite(p.value));
  const label = describe(input.subject, points);
  const open = (n: number, body: SafeHtml) =>
    html`<svg class="chart" role="img" aria-label="${label}" data-testid="${input.testId}" data-points="${n}" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;

  if (points.length === 0) {
    return open(
      0,
      html`<line class="axis" x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}"/><text class="none" x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle">No evaluations yet</text>`,
    );
  }

  const values = points.map((p) => p.value);
  const xy = layoutPoints(values);
  const polyline = xy.map((p) => `${p.x},${p.y}`).join(' ');
  const first = xy[0];
  const last = xy[xy.length - 1];
  const { min, max } = extent(values);

  const area =
    xy.length > 1 ? html`<polygon class="area" points="${polyline} ${last.x},${PLOT.bottom} ${first.x},${PLOT.bottom}"/>` : html``;
  const yLabels =
    min === max
      ? html`<text x="${PLOT.left - 6}" y="${first.y + 3}" text-anchor="end">${axisLabel(max)}</text>`
      : html`<text x="${PLOT.left - 6}" y="${PLOT.top + 4}" text-anchor="end">${axisLabel(max)}</text><text x="${PLOT.left - 6}" y="${PLOT.bottom}" text-anchor="end">${axisLabel(min)}</text>`;
  const firstDate = formatDate(points[0].evaluatedAt);
  const lastDate = formatDate(points[points.length - 1].evaluatedAt);
  const xLabels =
    points.length === 1
      ? html`<text x="${first.x}" y="${DATE_BASELINE}" text-anchor="middle">${firstDate}</text>`
      : html`<text x="${PLOT.left}" y="${DATE_BASELINE}">${firstDate}</text><text x="${PLOT.right}" y="${DATE_BASELINE}" text-anchor="end">${lastDate}</text>`;
  const hover =
    points.length <= MAX_HOVER_POINTS
      ? points.map((p, i) => html`<circle class="hit" cx="${xy[i].x}" cy="${xy[i].y}" r="4"><title>${formatTime(p.evaluatedAt)}: ${formatNumber(p.value)}</title></circle>`)
      : [];

  return open(
    points.length,
    html`<line class="axis" x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}"/><line class="axis" x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}"/>${area}<polyline class="line" points="${polyline}"/><circle class="dot" cx="${last.x}" cy="${last.y}" r="3"/>${hover}${yLabels}${xLabels}`,
  );
}

/** The `aria-label`: count, date span, range and latest value in words. */
function describe(subject: string, points: readonly EvaluationPoint[]): string {
  if (points.length === 0) return `${subject}: no evaluations yet.`;
  const values = points.map((p) => p.value);
  const latest = formatNumber(values[values.length - 1]);
  const from = formatDate(points[0].evaluatedAt);
  const to = formatDate(points[points.length - 1].evaluatedAt);
  if (points.length === 1) return `${subject}: 1 evaluation on ${from}, value ${latest}.`;
  const { min, max } = extent(values);
  const range = min === max ? `constant at ${latest}` : `lowest ${formatNumber(min)}, highest ${formatNumber(max)}, latest ${latest}`;
  return `${subject}: ${points.length} evaluations from ${from} to ${to}, ${range}.`;
}

/** Min and max without spreading (a long history must not blow the stack). */
function extent(values: readonly number[]): { min: number; max: number } {
  return values.reduce((acc, v) => ({ min: Math.min(acc.min, v), max: Math.max(acc.max, v) }), { min: Infinity, max: -Infinity });
}

function axisLabel(value: number): string {
  return Math.abs(value) < COMPACT_FROM ? formatNumber(value) : COMPACT.format(value).replace('-', '\u2212');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
