import { REPORT_TYPES } from './report.model';
import { parseReportType, REPORT_TYPE_INFO } from './report-types';

describe(parseReportType.name, () => {
  it('accepts every type, in any case', () => {
    for (const type of REPORT_TYPES) expect(parseReportType(type.toUpperCase())).toBe(type);
  });

  it.each([
    [undefined, 'The query parameter reportType is required. Report types: refreshStatus, dataSources, segments, measures, subscriptions.'],
    ['  ', 'The query parameter reportType is required. Report types: refreshStatus, dataSources, segments, measures, subscriptions.'],
    ['weekly', "Unknown reportType 'weekly'. Report types: refreshStatus, dataSources, segments, measures, subscriptions."],
  ])('rejects %p naming reportType and the types', (value, message) => {
    expect(() => parseReportType(value)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', target: 'reportType', message }));
  });
});

describe('REPORT_TYPE_INFO', () => {
  it('describes every type for the connector dynamic values', () => {
    expect(REPORT_TYPE_INFO.map((t) => [t.Name, t.DisplayName])).toEqual([
      ['refreshStatus', 'Refresh status'],
      ['dataSources', 'Data sources'],
      ['segments', 'Segments'],
      ['measures', 'Measures'],
      ['subscriptions', 'Subscriptions'],
    ]);
    expect(REPORT_TYPE_INFO.every((t) => t.Description.length > 20)).toBe(true);
  });
});
