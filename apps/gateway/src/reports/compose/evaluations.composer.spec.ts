import { composeMeasures, composeSegments } from './evaluations.composer';
import { CONTEXT, evaluations } from './report-fixtures';

describe(composeSegments.name, () => {
  const sut = composeSegments(CONTEXT, [
    { definition: { name: 'HighValue', displayName: 'High-value customers', filter: 'LoyaltyPoints gt 15000' }, history: evaluations('segment', 'HighValue', [40, 50]) },
    { definition: { name: 'Lapsed', filter: 'true', state: 'inactive' }, history: evaluations('segment', 'Lapsed', [12, 12]) },
    { definition: { name: 'New', filter: 'true' }, history: evaluations('segment', 'New', [7]) },
    { definition: { name: 'Empty', filter: 'false' }, history: evaluations('segment', 'Empty', [0, 3]) },
    { definition: { name: 'Never', filter: 'true' }, history: [] },
  ]);

  it('counts how the segments moved since their previous evaluation', () => {
    expect(sut.counts).toEqual({ segments: 5, evaluated: 4, notEvaluated: 1, increased: 2, decreased: 0, unchanged: 1, firstEvaluations: 1 });
    expect(sut.summary).toBe('5 segments, 4 evaluated: 2 up, 0 down, 1 unchanged, 1 first evaluation; 1 not evaluated yet.');
    expect(sut.title).toBe('Segments of Contoso Coffee (demo)');
  });

  it('gives the latest count, the previous one and the change in numbers and percent', () => {
    expect(sut.segments[0]).toEqual({
      name: 'HighValue',
      displayName: 'High-value customers',
      state: 'active',
      entityCount: 50,
      evaluationDate: '2024-05-11T02:01:00.000Z',
      previousEntityCount: 40,
      previousEvaluationDate: '2024-05-10T02:01:00.000Z',
      change: 10,
      changePercent: 25,
    });
  });

  it('defaults the display name and state; no change without two evaluations; no percent from 0', () => {
    expect(sut.segments.slice(1).map((s) => [s.displayName, s.state, s.entityCount, s.change, s.changePercent])).toEqual([
      ['Lapsed', 'inactive', 12, 0, 0],
      ['New', 'active', 7, null, null],
      ['Empty', 'active', 3, 3, null],
      ['Never', 'active', null, null, null],
    ]);
  });
});

describe(composeMeasures.name, () => {
  const sut = composeMeasures(CONTEXT, [
    { definition: { name: 'AverageOrderValue', displayName: 'Average order value', entity: 'Customer_Measure', aggregate: 'avg', field: 'AOV' }, history: evaluations('measure', 'AverageOrderValue', [0.1, 0.3]) },
    { definition: { name: 'TotalSpend', entity: 'Customer_Measure', aggregate: 'sum', field: 'TotalSpend' }, history: evaluations('measure', 'TotalSpend', [2000, 1234567.891]) },
    { definition: { name: 'Churn', entity: 'Customer', aggregate: 'count' }, history: evaluations('measure', 'Churn', [10, 8]) },
  ]);

  it('keeps differences readable (12 significant digits) and formats values as the connector does', () => {
    expect(sut.measures[0]).toEqual({
      name: 'AverageOrderValue',
      displayName: 'Average order value',
      value: 0.3,
      valueDisplayName: '0.3',
      evaluationDate: '2024-05-11T02:01:00.000Z',
      previousValue: 0.1,
      previousEvaluationDate: '2024-05-10T02:01:00.000Z',
      change: 0.2,
      changePercent: 200,
    });
    expect(sut.measures[1]).toMatchObject({ valueDisplayName: '1,234,567.89', change: 1232567.891, changePercent: 61628.39 });
    expect(sut.measures[2]).toMatchObject({ change: -2, changePercent: -20 });
  });

  it('summarises the measures', () => {
    expect(sut.counts).toEqual({ measures: 3, evaluated: 3, notEvaluated: 0, increased: 2, decreased: 1, unchanged: 0, firstEvaluations: 0 });
    expect(sut.summary).toBe('3 measures, 3 evaluated: 2 up, 1 down, 0 unchanged.');
  });
});
