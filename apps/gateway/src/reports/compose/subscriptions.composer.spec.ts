import { composeSubscriptions } from './subscriptions.composer';
import { CONTEXT, subscription } from './report-fixtures';

describe(composeSubscriptions.name, () => {
  const sut = composeSubscriptions(CONTEXT, [
    subscription(),
    subscription({
      id: 'sub_2',
      trigger: 'processCompleted',
      parameters: {},
      notificationUrl: 'http://hooks.example.com:8080/private/path',
      state: 'inactive',
      stateReason: '410 from the receiver',
      stats: { delivered: 0, pending: 0, dead: 3, failedAttempts: 9, lastError: 'HTTP 410' },
    }),
  ]);

  it('adds up the delivery health of every subscription', () => {
    expect(sut.counts).toEqual({ subscriptions: 2, active: 1, inactive: 1, delivered: 5, pending: 1, dead: 3, failedAttempts: 11 });
    expect(sut.summary).toBe('2 subscriptions (1 active, 1 inactive): 5 delivered, 1 pending, 3 dead, 11 failed attempts.');
    expect(sut.title).toBe('Trigger subscriptions of Contoso Coffee (demo)');
  });

  it('shows only the origin of callback URLs and never the signing secret', () => {
    expect(sut.subscriptions.map((s) => s.notificationUrl)).toEqual(['https://prod-12.westeurope.logic.azure.com/…', 'http://hooks.example.com:8080/…']);
    expect(JSON.stringify(sut)).not.toMatch(/SECRET|whsec_|private\/path/);
  });

  it('keeps the state, its reason and the statistics of each', () => {
    expect(sut.subscriptions[1]).toEqual({
      id: 'sub_2',
      trigger: 'processCompleted',
      parameters: {},
      notificationUrl: 'http://hooks.example.com:8080/…',
      state: 'inactive',
      stateReason: '410 from the receiver',
      createdAt: '2024-05-01T00:00:00.000Z',
      deliveries: { delivered: 0, pending: 0, dead: 3, failedAttempts: 9, lastDeliveredAt: null, lastError: 'HTTP 410' },
    });
    expect(composeSubscriptions(CONTEXT, []).summary).toBe('0 subscriptions (0 active, 0 inactive): 0 delivered, 0 pending, 0 dead, 0 failed attempts.');
  });
});
