import { BadParameterError } from '../errors/gateway-errors';
import { REPORT_TYPES, ReportType } from './report.model';

/** A report type as the connector's dynamic values list shows it (`GET …/reports/types`). */
export interface ReportTypeInfo {
  readonly Name: ReportType;
  readonly DisplayName: string;
  readonly Description: string;
}

const INFO: Readonly<Record<ReportType, Omit<ReportTypeInfo, 'Name'>>> = {
  refreshStatus: { DisplayName: 'Refresh status', Description: 'The latest run of every process (data sources, segments, measures, full refresh) and its tasks.' },
  dataSources: { DisplayName: 'Data sources', Description: 'Each data source: status, time and error of its last refresh, and the rows it loaded.' },
  segments: { DisplayName: 'Segments', Description: 'Each segment: member count, last evaluation and the change since the previous one.' },
  measures: { DisplayName: 'Measures', Description: 'Each business measure: value, last evaluation and the change since the previous one.' },
  subscriptions: { DisplayName: 'Subscriptions', Description: 'Trigger subscriptions and their delivery health: deliveries per state, failed attempts, last error.' },
};

export const REPORT_TYPE_INFO: readonly ReportTypeInfo[] = REPORT_TYPES.map((Name) => ({ Name, ...INFO[Name] }));

export function reportTypeDisplayName(type: ReportType): string {
  return INFO[type].DisplayName;
}

/**
 * The `reportType` query parameter, matched in any case (flow designers retype values).
 * @throws BadParameterError (400, target `reportType`) naming the types
 */
export function parseReportType(value: string | undefined): ReportType {
  const list = `Report types: ${REPORT_TYPES.join(', ')}.`;
  if (value === undefined || value.trim() === '') throw new BadParameterError(`The query parameter reportType is required. ${list}`, 'reportType');
  const found = REPORT_TYPES.find((type) => type.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw new BadParameterError(`Unknown reportType '${value}'. ${list}`, 'reportType');
  return found;
}
