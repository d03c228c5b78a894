import type { InstanceCatalog, ProcessName, TaskRecord } from '@app/storage';

/** The processes a run of `process` completes (§6.1: a full refresh completes each one it contains). */
export const CONTAINED: Readonly<Record<ProcessName, readonly ProcessName[]>> = {
  dataSources: ['dataSources'],
  segments: ['segments'],
  measures: ['measures'],
  fullRefresh: ['dataSources', 'segments', 'measures'],
};

/**
 * The tasks of a run in the order they run (§2, dependency order: data sources → segments
 * and measures). Inactive segments are not evaluated. A run that changes entities ends with
 * one `partitions` task: the derived and system entities' partitions rewritten from the store
 * (§3.1; data-source imports write their own entities' partitions as they go).
 */
export function planTasks(process: ProcessName, instance: InstanceCatalog): TaskRecord[] {
  const tasks: Omit<TaskRecord, 'seq'>[] = [];
  const queued = { status: 'Queued' as const };
  for (const part of CONTAINED[process]) {
    if (part === 'dataSources') for (const d of instance.dataSources) tasks.push({ process: part, kind: 'dataSource', name: d.name, ...queued });
    if (part === 'segments') {
      for (const s of instance.manifest.segments ?? []) if ((s.state ?? 'active') === 'active') tasks.push({ process: part, kind: 'segment', name: s.name, ...queued });
    }
    if (part === 'measures') for (const m of instance.manifest.measures ?? []) tasks.push({ process: part, kind: 'measure', name: m.name, ...queued });
  }
  if (process === 'segments' || process === 'fullRefresh') tasks.push({ process, kind: 'partitions', name: 'partitions', ...queued });
  return tasks.map((task, seq) => ({ ...task, seq }));
}

/** Entities whose partitions the closing `partitions` task rewrites. */
export function entitiesToRewrite(process: ProcessName, instance: InstanceCatalog) {
  const sourceFilled = new Set(instance.dataSources.flatMap((d) => (d.entities ?? []).map((e) => e.entity ?? e.name)));
  return instance.entities.filter((e) =>
    process === 'segments' ? e.kind === 'segment' || e.derived === true : !sourceFilled.has(e.name) && e.kind !== 'source',
  );
}
