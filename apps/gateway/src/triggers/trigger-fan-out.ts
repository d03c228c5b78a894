import { randomBytes } from 'node:crypto';
import type { NewDelivery, ProcessName, SubmissionKind, Subscription, TriggerName } from '@app/storage';
import {
  DataSourcesListPayload,
  FullRefreshProcessDataPayload,
  MeasureDataPayload,
  ProcessDataPayload,
  SegmentDataPayload,
} from './trigger-payloads';

/** A segment or measure evaluation, as the threshold triggers see it. */
export interface EvaluationEvent {
  readonly name: string;
  /** The evaluation before this one; none → this one only sets the baseline (§6.1). */
  readonly previous?: number;
  readonly value: number;
}

/** Something that happened in a run, before it is matched against subscriptions. */
export type TriggerEvent =
  | { readonly trigger: 'dataSourceRefreshCompleted' | 'dataSourceRefreshFailed'; readonly payload: DataSourcesListPayload }
  | { readonly trigger: 'segmentThresholdCrossed'; readonly evaluation: EvaluationEvent; readonly payload: Omit<SegmentDataPayload, 'Threshold'> }
  | { readonly trigger: 'measureThresholdCrossed'; readonly evaluation: EvaluationEvent; readonly payload: Omit<MeasureDataPayload, 'Threshold'> }
  | { readonly trigger: 'processCompleted'; readonly process: ProcessName; readonly submissionKind: SubmissionKind; readonly payload: ProcessDataPayload }
  | { readonly trigger: 'fullRefreshCompleted'; readonly submissionKind: SubmissionKind; readonly payload: FullRefreshProcessDataPayload };

const sameName = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Fires only on a move from ≤ threshold to > threshold, never on the first evaluation seen. */
export function crossesThreshold(evaluation: EvaluationEvent, threshold: number): boolean {
  return evaluation.previous !== undefined && evaluation.previous <= threshold && evaluation.value > threshold;
}

/** The body this subscription gets for this event, or undefined when the event is not for it. */
export function payloadFor(event: TriggerEvent, subscription: Subscription): object | undefined {
  const { parameters } = subscription;
  if (subscription.trigger !== event.trigger) return undefined;
  switch (event.trigger) {
    case 'dataSourceRefreshCompleted':
    case 'dataSourceRefreshFailed':
      return event.payload;
    case 'segmentThresholdCrossed':
    case 'measureThresholdCrossed': {
      const subject = event.trigger === 'segmentThresholdCrossed' ? parameters.segment : parameters.measure;
      const threshold = parameters.threshold;
      if (!sameName(subject, event.evaluation.name) || threshold === undefined || !crossesThreshold(event.evaluation, threshold)) return undefined;
      return { ...event.payload, Threshold: threshold };
    }
    case 'processCompleted': {
      if (parameters.process !== undefined && !sameName(parameters.process, event.process)) return undefined;
      if (event.submissionKind === 'Manual' && parameters.includingManualRefreshes !== true) return undefined;
      return event.payload;
    }
    case 'fullRefreshCompleted':
      return event.submissionKind === 'Scheduled' ? event.payload : undefined;
  }
}

/** One delivery per subscription the event is for; each gets its own `webhook-id`. */
export function fanOut(events: readonly TriggerEvent[], subscriptions: readonly Subscription[], at: string): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const event of events) {
    for (const subscription of subscriptions) {
      const payload = payloadFor(event, subscription);
      if (payload === undefined) continue;
      deliveries.push({ id: newMessageId(), subscriptionId: subscription.id, eventType: event.trigger, payload: JSON.stringify(payload), createdAt: at });
    }
  }
  return deliveries;
}

export function triggersOf(events: readonly TriggerEvent[]): TriggerName[] {
  return [...new Set(events.map((e) => e.trigger))];
}

function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}
