/** Console output of the benchmark: timestamped progress lines, number formatting and plain-text tables. */

/** performance.now() when the benchmark started; progress lines are stamped relative to it. */
export const benchStarted = performance.now();

export function say(message: string): void {
  const t = ((performance.now() - benchStarted) / 1000).toFixed(1).padStart(7);
  process.stdout.write(`[${t}s] ${message}\n`);
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
