import { RUN_STATUSES } from '@app/storage';
import type { EvaluationRecord } from '@app/storage';
import type { ChangeCounts, ReportStatus } from '../report.model';

/** Statuses in the order reports list them; `NeverRun` last. */
export const REPORT_STATUSES: readonly ReportStatus[] = [...RUN_STATUSES, 'NeverRun'];

/** Milliseconds from start to end; null unless both are known. */
export function durationMs(startedAt: string | undefined, endedAt: string | undefined): number | null {
  if (startedAt === undefined || endedAt === undefined) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? ms : null;
}

/** How many of `statuses` there are of each status (every status present, zeros included). */
export function countStatuses(statuses: readonly ReportStatus[]): Record<ReportStatus, number> {
  const counts = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
  for (const status of statuses) counts[status] += 1;
  return counts;
}

/** `1 Successful, 2 never run`: the non-zero counts, in status order. */
export function describeStatusCounts(counts: Readonly<Record<ReportStatus, number>>): string {
  const parts = REPORT_STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s === 'NeverRun' ? 'never run' : s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** `1 segment`, `2 segments`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The latest evaluation, the one before, and how the value moved between them. */
export interface EvaluationChange {
  readonly latest: EvaluationRecord | undefined;
  readonly previous: EvaluationRecord | undefined;
  readonly change: number | null;
  readonly changePercent: number | null;
}

/**
 * Reads a history (oldest first, as `evaluationHistory` returns it). Differences keep 12
 * significant digits, so `0.3 − 0.1` reads `0.2`, not `0.19999999999999998`.
 */
export function evaluationChange(history: readonly EvaluationRecord[]): EvaluationChange {
  const latest = history.at(-1);
  const previous = history.length >= 2 ? history.at(-2) : undefined;
  if (!latest || !previous) return { latest, previous, change: null, changePercent: null };
  const change = Number((latest.value - previous.value).toPrecision(12));
  const changePercent = previous.value === 0 ? null : Math.round((change / Math.abs(previous.value)) * 10_000) / 100;
  return { latest, previous, change, changePercent };
}

/** Counts of a set of changes, for the segments and measures reports. */
export function countChanges(changes: readonly EvaluationChange[]): ChangeCounts {
  const compared = changes.filter((c) => c.change !== null);
  return {
    evaluated: changes.filter((c) => c.latest !== undefined).length,
    notEvaluated: changes.filter((c) => c.latest === undefined).length,
    increased: compared.filter((c) => (c.change ?? 0) > 0).length,
    decreased: compared.filter((c) => (c.change ?? 0) < 0).length,
    unchanged: compared.filter((c) => c.change === 0).length,
    firstEvaluations: changes.filter((c) => c.latest !== undefined && c.previous === undefined).length,
  };
}

/** `3 evaluated: 1 up, 0 down, 1 unchanged, 1 first evaluation; 1 not evaluated yet`. */
export function describeChanges(counts: ChangeCounts): string {
  const first = counts.firstEvaluations > 0 ? `, ${plural(counts.firstEvaluations, 'first evaluation')}` : '';
  const moved = `${counts.evaluated} evaluated: ${counts.increased} up, ${counts.decreased} down, ${counts.unchanged} unchanged${first}`;
  return counts.notEvaluated > 0 ? `${moved}; ${counts.notEvaluated} not evaluated yet` : moved;
}
