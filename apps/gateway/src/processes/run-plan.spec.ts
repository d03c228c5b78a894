import { demoManifest } from '@app/demo';
import { resolveInstance } from '@app/storage';
import { entitiesToRewrite, planTasks } from './run-plan';

describe(planTasks.name, () => {
  const manifest = demoManifest();
  const instance = resolveInstance({ ...manifest, segments: [...(manifest.segments ?? []), { name: 'Dormant', filter: "City eq 'Oslo'", state: 'inactive' }] });
  const shape = (process: Parameters<typeof planTasks>[0]) => planTasks(process, instance).map((t) => `${t.seq}:${t.process}/${t.kind}/${t.name}`);

  it('plans a full refresh in dependency order: data sources, segments, measures, then the partition rewrite', () => {
    expect(shape('fullRefresh')).toEqual([
      '0:dataSources/dataSource/PosSystem',
      '1:segments/segment/HighValue',
      '2:segments/segment/GoldAndPlatinum',
      '3:measures/measure/CustomerCount',
      '4:measures/measure/TotalSpend',
      '5:measures/measure/AverageOrderValue',
      '6:fullRefresh/partitions/partitions',
    ]);
    expect(planTasks('fullRefresh', instance).every((t) => t.status === 'Queued')).toBe(true);
  });

  it('skips inactive segments and rewrites partitions only after runs that change entities', () => {
    expect(shape('segments')).toEqual(['0:segments/segment/HighValue', '1:segments/segment/GoldAndPlatinum', '2:segments/partitions/partitions']);
    expect(shape('measures')).toEqual(['0:measures/measure/CustomerCount', '1:measures/measure/TotalSpend', '2:measures/measure/AverageOrderValue']);
    expect(shape('dataSources')).toEqual(['0:dataSources/dataSource/PosSystem']);
  });

  it('rewrites derived entities after segments, and every entity a data source does not fill after a full refresh', () => {
    expect(entitiesToRewrite('segments', instance).map((e) => e.name)).toEqual(['HighValue', 'GoldAndPlatinum', 'Dormant', 'Segments']);
    expect(entitiesToRewrite('fullRefresh', instance).map((e) => e.name)).toEqual([
      'Customer',
      'UnifiedActivity',
      'Customer_Measure',
      'HighValue',
      'GoldAndPlatinum',
      'Dormant',
      'Segments',
    ]);
  });
});
