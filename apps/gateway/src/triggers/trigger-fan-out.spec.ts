import type { Subscription, SubscriptionParameters, TriggerName } from '@app/storage';
import { crossesThreshold, fanOut, payloadFor, TriggerEvent } from './trigger-fan-out';

function subscription(trigger: TriggerName, parameters: SubscriptionParameters = {}, id = 'sub_1'): Subscription {
  return { id, instance: 'demo', trigger, parameters, notificationUrl: 'https://example.com/hook', secret: 'whsec_x', state: 'active', createdAt: '2026-01-01T00:00:00.000Z' };
}

const timing = { StartTime: '2026-01-01T00:00:00.000Z', EndTime: '2026-01-01T00:01:00.000Z', Duration: 1, Status: 'Successful' as const, StatusPage: 'https://gw/status' };
const segmentEvent = (previous: number | undefined, value: number): TriggerEvent => ({
  trigger: 'segmentThresholdCrossed',
  evaluation: { name: 'HighValue', value, ...(previous === undefined ? {} : { previous }) },
  payload: { Name: 'HighValue', DisplayName: 'High value', EvaluationDate: timing.EndTime, EntityCount: value },
});

describe(crossesThreshold.name, () => {
  it.each([
    [undefined, 600, false], // the first evaluation only sets the baseline
    [400, 600, true],
    [500, 501, true], // ≤ threshold to > threshold
    [500, 500, false],
    [501, 700, false], // already above
    [700, 400, false], // falling
  ])('previous %p → %p crosses 500: %p', (previous, value, expected) => {
    expect(crossesThreshold({ name: 's', value, ...(previous === undefined ? {} : { previous }) }, 500)).toBe(expected);
  });
});

describe(payloadFor.name, () => {
  it('adds the subscription threshold to a crossing of its own segment only (names case-insensitive)', () => {
    expect(payloadFor(segmentEvent(400, 600), subscription('segmentThresholdCrossed', { segment: 'highvalue', threshold: 500 }))).toEqual({
      Name: 'HighValue',
      DisplayName: 'High value',
      EvaluationDate: timing.EndTime,
      EntityCount: 600,
      Threshold: 500,
    });
    expect(payloadFor(segmentEvent(400, 600), subscription('segmentThresholdCrossed', { segment: 'Other', threshold: 500 }))).toBeUndefined();
    expect(payloadFor(segmentEvent(400, 600), subscription('segmentThresholdCrossed', { segment: 'HighValue', threshold: 700 }))).toBeUndefined();
    expect(payloadFor(segmentEvent(400, 600), subscription('measureThresholdCrossed', { measure: 'HighValue', threshold: 500 }))).toBeUndefined();
  });

  it('sends processCompleted for manual runs only when asked, and only for the chosen process', () => {
    const event = (submissionKind: 'Manual' | 'Scheduled'): TriggerEvent => ({ trigger: 'processCompleted', process: 'segments', submissionKind, payload: { Process: 'segments', ...timing } });
    expect(payloadFor(event('Scheduled'), subscription('processCompleted', {}))).toEqual({ Process: 'segments', ...timing });
    expect(payloadFor(event('Manual'), subscription('processCompleted', {}))).toBeUndefined();
    expect(payloadFor(event('Manual'), subscription('processCompleted', { includingManualRefreshes: true }))).toBeDefined();
    expect(payloadFor(event('Scheduled'), subscription('processCompleted', { process: 'measures' }))).toBeUndefined();
    expect(payloadFor(event('Scheduled'), subscription('processCompleted', { process: 'Segments' }))).toBeDefined();
  });

  it('sends fullRefreshCompleted for scheduled full refreshes only', () => {
    const event = (submissionKind: 'Manual' | 'Scheduled'): TriggerEvent => ({ trigger: 'fullRefreshCompleted', submissionKind, payload: { NumberOfFailedTasks: 0, ...timing } });
    expect(payloadFor(event('Scheduled'), subscription('fullRefreshCompleted'))).toEqual({ NumberOfFailedTasks: 0, ...timing });
    expect(payloadFor(event('Manual'), subscription('fullRefreshCompleted'))).toBeUndefined();
  });
});

describe(fanOut.name, () => {
  it('makes one delivery per matching subscription, each with its own webhook-id and exact body', () => {
    const subscriptions = [
      subscription('segmentThresholdCrossed', { segment: 'HighValue', threshold: 500 }, 'sub_a'),
      subscription('segmentThresholdCrossed', { segment: 'HighValue', threshold: 550 }, 'sub_b'),
      subscription('segmentThresholdCrossed', { segment: 'HighValue', threshold: 900 }, 'sub_c'),
    ];
    const deliveries = fanOut([segmentEvent(400, 600)], subscriptions, '2026-01-01T00:02:00.000Z');
    expect(deliveries.map((d) => d.subscriptionId)).toEqual(['sub_a', 'sub_b']);
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(2);
    expect(deliveries[0].id).toMatch(/^msg_[A-Za-z0-9_-]{20,}$/);
    expect(JSON.parse(deliveries[1].payload)).toMatchObject({ EntityCount: 600, Threshold: 550 });
    expect(deliveries[0]).toMatchObject({ eventType: 'segmentThresholdCrossed', createdAt: '2026-01-01T00:02:00.000Z' });
  });
});
