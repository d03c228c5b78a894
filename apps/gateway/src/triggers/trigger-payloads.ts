import type { ProcessName, RunError, RunStatus, SubmissionKind } from '@app/storage';

/*
 * The bodies the six triggers send (§6.1), with the connector's field names exactly:
 * bare objects, no wrapper.
 */

export interface DataSourcePayload {
  readonly RefreshType: string;
  readonly RefreshObjectId: string;
  readonly RefreshObjectVersion: number;
  readonly Operation: string;
  readonly JobType: string;
  readonly ErrorCode: string | null;
  readonly ErrorMessage: string | null;
  readonly ErrorSeverity: string | null;
  readonly StartTimeUtc: string;
  readonly EndTimeUtc: string;
}

export interface DataSourcesListPayload {
  readonly value: readonly DataSourcePayload[];
}

export interface SegmentDataPayload {
  readonly Name: string;
  readonly DisplayName: string;
  readonly EvaluationDate: string;
  readonly EntityCount: number;
  readonly Threshold: number;
}

export interface MeasureDataPayload {
  readonly Name: string;
  readonly DisplayName: string;
  readonly EvaluationDate: string;
  readonly Value: number;
  readonly ValueDisplayName: string;
  readonly Threshold: number;
}

export interface FullRefreshProcessDataPayload {
  readonly NumberOfFailedTasks: number;
  readonly StartTime: string;
  readonly EndTime: string;
  readonly Duration: number;
  readonly Status: RunStatus;
  readonly StatusPage: string;
}

export interface ProcessDataPayload {
  readonly Process: ProcessName;
  readonly StartTime: string;
  readonly EndTime: string;
  readonly Duration: number;
  readonly Status: RunStatus;
  readonly StatusPage: string;
}

/** What a data-source task reports once it ends. */
export interface DataSourceTaskOutcome {
  readonly name: string;
  /** How many refreshes of this data source have been recorded, this one included. */
  readonly version: number;
  readonly submissionKind: SubmissionKind;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly error?: RunError;
}

export function dataSourcesList(outcome: DataSourceTaskOutcome): DataSourcesListPayload {
  return {
    value: [
      {
        RefreshType: 'Full',
        RefreshObjectId: outcome.name,
        RefreshObjectVersion: outcome.version,
        Operation: 'DataSourceRefresh',
        JobType: outcome.submissionKind,
        ErrorCode: outcome.error?.ErrorCode ?? null,
        ErrorMessage: outcome.error?.ErrorMessage ?? null,
        ErrorSeverity: outcome.error?.ErrorSeverity ?? null,
        StartTimeUtc: outcome.startedAt,
        EndTimeUtc: outcome.endedAt,
      },
    ],
  };
}

/** Whole minutes (§6.1), rounded to the nearest: a 40-second run lasted 1 minute, a 20-second one 0. */
export function durationMinutes(startedAt: string, endedAt: string): number {
  return Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 60_000));
}

/** `Value` as people read it: grouped digits, at most two decimals (en-US, as the connector shows it). */
export function formatMeasureValue(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
