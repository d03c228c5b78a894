import { layoutPoints, renderSparkline } from './status-charts.render';
import { dailyHistory, HOSTILE_NAME } from './status-page.fixtures';

/** The vertices of the chart's line, as numbers. */
function polyline(svg: string): { x: number; y: number }[] {
  const match = /<polyline class="line" points="([^"]*)"/.exec(svg);
  if (!match) return [];
  return match[1].split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return { x, y };
  });
}

describe('renderSparkline', () => {
  it('draws one vertex per evaluation, left to right, higher values higher up', () => {
    const sut = renderSparkline({ testId: 'chart-segment-loyal', subject: 'Segment "Loyal"', points: dailyHistory([10, 30, 20, 40]) }).value;
    const points = polyline(sut);
    expect(points).toHaveLength(4);
    expect(points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(points.map((p) => p.x)).toEqual([...points.map((p) => p.x)].sort((a, b) => a - b));
    expect(points[3].y).toBeLessThan(points[1].y);
    expect(points[0].y).toBeGreaterThan(points[2].y);
    expect(sut).toContain('data-points="4"');
    expect(sut).toContain('role="img"');
    expect(sut).toContain('aria-label="Segment &quot;Loyal&quot;: 4 evaluations from 2024-05-09 to 2024-05-12, lowest 10, highest 40, latest 40."');
    expect(sut).toMatch(/>40<\/text>.*>10<\/text>/);
  });

  it('handles no evaluations: a placeholder, no line', () => {
    const sut = renderSparkline({ testId: 'chart-measure-x', subject: 'Measure "X"', points: [] }).value;
    expect(sut).toContain('data-testid="chart-measure-x"');
    expect(sut).toContain('data-points="0"');
    expect(sut).toContain('No evaluations yet');
    expect(sut).toContain('aria-label="Measure &quot;X&quot;: no evaluations yet."');
    expect(sut).not.toContain('<polyline');
  });

  it('handles one evaluation: a centred point, no NaN', () => {
    const sut = renderSparkline({ testId: 't', subject: 'S', points: dailyHistory([42]) }).value;
    expect(polyline(sut)).toHaveLength(1);
    expect(sut).not.toContain('NaN');
    expect(sut).toContain('aria-label="S: 1 evaluation on 2024-05-12, value 42."');
  });

  it('handles a constant series: a flat line in the middle, one axis label', () => {
    const sut = renderSparkline({ testId: 't', subject: 'S', points: dailyHistory([250, 250, 250]) }).value;
    const points = polyline(sut);
    expect(points).toHaveLength(3);
    expect(new Set(points.map((p) => p.y)).size).toBe(1);
    expect(sut).not.toMatch(/NaN|Infinity/);
    expect(sut.match(/>250<\/text>/g)).toHaveLength(1);
    expect(sut).toContain('constant at 250');
  });

  it('leaves out values that are not finite numbers', () => {
    const points = [...dailyHistory([1, 2]), { evaluatedAt: '2024-05-13T00:00:00Z', value: Number.NaN, runId: 'r' }];
    const sut = renderSparkline({ testId: 't', subject: 'S', points }).value;
    expect(polyline(sut)).toHaveLength(2);
    expect(sut).not.toContain('NaN');
  });

  it('escapes the test id and the subject', () => {
    const sut = renderSparkline({ testId: `chart-segment-${HOSTILE_NAME}`, subject: HOSTILE_NAME, points: dailyHistory([1, 2]) }).value;
    expect(sut).not.toContain('<script');
    expect(sut).toContain('data-testid="chart-segment-&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('shortens large axis values and keeps a long history cheap', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 1_000_000 + i * 100);
    const sut = renderSparkline({ testId: 't', subject: 'S', points: dailyHistory(values) }).value;
    expect(polyline(sut)).toHaveLength(5000);
    expect(sut).toContain('>1.5M</text>');
    expect(sut).toContain('>1M</text>');
    expect(sut).not.toContain('class="hit"');
  });
});

describe('layoutPoints', () => {
  it('stays inside the plot for any input', () => {
    for (const values of [[], [0], [5, 5], [-3, 0, 3], [1e12, -1e12]]) {
      for (const p of layoutPoints(values)) {
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.x).toBeLessThanOrEqual(300);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThanOrEqual(92);
      }
    }
  });
});
