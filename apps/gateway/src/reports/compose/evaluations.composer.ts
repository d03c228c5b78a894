import type { EvaluationRecord, MeasureDefinition, SegmentDefinition } from '@app/storage';
import { formatMeasureValue } from '../../triggers/trigger-payloads';
import type { MeasuresReport, ReportContext, SegmentsReport } from '../report.model';
import { countChanges, describeChanges, evaluationChange, plural } from './compose-shared';

/** A definition with its latest evaluations, oldest first (two are enough for the change). */
export interface Evaluated<D> {
  readonly definition: D;
  readonly history: readonly EvaluationRecord[];
}

/** `segments`: each segment's latest EntityCount and the change since the evaluation before. */
export function composeSegments(context: ReportContext, segments: readonly Evaluated<SegmentDefinition>[]): SegmentsReport {
  const changes = segments.map((s) => evaluationChange(s.history));
  const counts = countChanges(changes);
  return {
    reportId: context.reportId,
    reportType: 'segments',
    dataset: context.dataset,
    datasetDisplayName: context.datasetDisplayName,
    generatedAt: context.generatedAt,
    title: `Segments of ${context.datasetDisplayName} (${context.dataset})`,
    summary: `${plural(segments.length, 'segment')}, ${describeChanges(counts)}.`,
    counts: { segments: segments.length, ...counts },
    segments: segments.map(({ definition: s }, i) => {
      const { latest, previous, change, changePercent } = changes[i];
      return {
        name: s.name,
        displayName: s.displayName ?? s.name,
        state: s.state ?? 'active',
        entityCount: latest?.value ?? null,
        evaluationDate: latest?.evaluatedAt ?? null,
        previousEntityCount: previous?.value ?? null,
        previousEvaluationDate: previous?.evaluatedAt ?? null,
        change,
        changePercent,
      };
    }),
  };
}

/** `measures`: each measure's latest Value and the change since the evaluation before. */
export function composeMeasures(context: ReportContext, measures: readonly Evaluated<MeasureDefinition>[]): MeasuresReport {
  const changes = measures.map((m) => evaluationChange(m.history));
  const counts = countChanges(changes);
  return {
    reportId: context.reportId,
    reportType: 'measures',
    dataset: context.dataset,
    datasetDisplayName: context.datasetDisplayName,
    generatedAt: context.generatedAt,
    title: `Measures of ${context.datasetDisplayName} (${context.dataset})`,
    summary: `${plural(measures.length, 'measure')}, ${describeChanges(counts)}.`,
    counts: { measures: measures.length, ...counts },
    measures: measures.map(({ definition: m }, i) => {
      const { latest, previous, change, changePercent } = changes[i];
      return {
        name: m.name,
        displayName: m.displayName ?? m.name,
        value: latest?.value ?? null,
        valueDisplayName: latest ? formatMeasureValue(latest.value) : null,
        evaluationDate: latest?.evaluatedAt ?? null,
        previousValue: previous?.value ?? null,
        previousEvaluationDate: previous?.evaluatedAt ?? null,
        change,
        changePercent,
      };
    }),
  };
}
