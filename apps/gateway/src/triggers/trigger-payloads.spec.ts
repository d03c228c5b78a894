import { dataSourcesList, durationMinutes, formatMeasureValue } from './trigger-payloads';

describe('trigger payloads', () => {
  it('counts Duration in whole minutes, rounded', () => {
    expect(durationMinutes('2026-01-01T00:00:00Z', '2026-01-01T00:00:20Z')).toBe(0);
    expect(durationMinutes('2026-01-01T00:00:00Z', '2026-01-01T00:00:40Z')).toBe(1);
    expect(durationMinutes('2026-01-01T00:00:00Z', '2026-01-01T02:05:10Z')).toBe(125);
  });

  it('formats ValueDisplayName with grouped digits and at most two decimals', () => {
    expect(formatMeasureValue(1234567.891)).toBe('1,234,567.89');
    expect(formatMeasureValue(0)).toBe('0');
  });

  it('names the data source and carries a failed refresh error with the connector field names', () => {
    const error = { ErrorCode: 'CDM_FOLDER_INVALID', ErrorMessage: 'model.json is not JSON', ErrorSeverity: 'Error' as const };
    const body = dataSourcesList({ name: 'PosSystem', version: 7, submissionKind: 'Scheduled', startedAt: 'a', endedAt: 'b', error });
    expect(body).toEqual({
      value: [
        {
          RefreshType: 'Full',
          RefreshObjectId: 'PosSystem',
          RefreshObjectVersion: 7,
          Operation: 'DataSourceRefresh',
          JobType: 'Scheduled',
          ErrorCode: 'CDM_FOLDER_INVALID',
          ErrorMessage: 'model.json is not JSON',
          ErrorSeverity: 'Error',
          StartTimeUtc: 'a',
          EndTimeUtc: 'b',
        },
      ],
    });
  });
});
