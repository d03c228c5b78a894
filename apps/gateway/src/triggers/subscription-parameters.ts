import { InstanceCatalog, PROCESS_NAMES, SubscriptionParameters, TriggerName } from '@app/storage';
import { BadParameterError } from '../errors/gateway-errors';
import type { SubscribeDto } from './subscribe.dto';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const NONE: readonly (keyof SubscriptionParameters)[] = [];
const ACCEPTED: Readonly<Record<TriggerName, readonly (keyof SubscriptionParameters)[]>> = {
  dataSourceRefreshCompleted: NONE,
  dataSourceRefreshFailed: NONE,
  fullRefreshCompleted: NONE,
  processCompleted: ['process', 'includingManualRefreshes'],
  segmentThresholdCrossed: ['segment', 'threshold'],
  measureThresholdCrossed: ['measure', 'threshold'],
};

/**
 * The parameters of one trigger (§6.1), checked against the instance: a segment or measure
 * must exist, a threshold is required (an integer for segments), a process must be one of
 * the four. Names are stored as the instance spells them.
 */
export function subscriptionParameters(trigger: TriggerName, dto: SubscribeDto, instance: InstanceCatalog): SubscriptionParameters {
  for (const name of ['segment', 'measure', 'threshold', 'process', 'includingManualRefreshes'] as const) {
    if (dto[name] !== undefined && !ACCEPTED[trigger].includes(name)) throw new BadParameterError(`Trigger '${trigger}' takes no parameter '${name}'.`, name);
  }
  switch (trigger) {
    case 'segmentThresholdCrossed': {
      const segment = required(dto.segment, 'segment', trigger);
      const found = (instance.manifest.segments ?? []).find((s) => same(s.name, segment));
      if (!found) throw new BadParameterError(`Dataset '${instance.name}' has no segment '${segment}'. Segments: ${list((instance.manifest.segments ?? []).map((s) => s.name))}.`, 'segment');
      const threshold = required(dto.threshold, 'threshold', trigger);
      if (!Number.isSafeInteger(threshold)) throw new BadParameterError(`threshold must be an integer for a segment (got ${threshold}).`, 'threshold');
      return { segment: found.name, threshold };
    }
    case 'measureThresholdCrossed': {
      const measure = required(dto.measure, 'measure', trigger);
      const found = (instance.manifest.measures ?? []).find((m) => same(m.name, measure));
      if (!found) throw new BadParameterError(`Dataset '${instance.name}' has no measure '${measure}'. Measures: ${list((instance.manifest.measures ?? []).map((m) => m.name))}.`, 'measure');
      return { measure: found.name, threshold: required(dto.threshold, 'threshold', trigger) };
    }
    case 'processCompleted': {
      const process = dto.process === undefined ? undefined : PROCESS_NAMES.find((p) => same(p, dto.process as string));
      if (dto.process !== undefined && !process) throw new BadParameterError(`Unknown process '${dto.process}'. Processes: ${PROCESS_NAMES.join(', ')}.`, 'process');
      return { ...(process ? { process } : {}), includingManualRefreshes: dto.includingManualRefreshes ?? false };
    }
    default:
      return {};
  }
}

function required<T>(value: T | undefined, name: string, trigger: TriggerName): T {
  if (value === undefined) throw new BadParameterError(`Trigger '${trigger}' requires the parameter '${name}'.`, name);
  return value;
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}
