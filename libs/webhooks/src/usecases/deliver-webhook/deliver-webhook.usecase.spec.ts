import { Webhook } from 'standardwebhooks';
import type { AttemptOutcome } from '@app/storage';
import { generateWebhookSecret } from '../../signing/standard-webhooks.signer';
import type { WebhookRequest, WebhookSendResult, WebhookTransport } from '../../transport/http-webhook.transport';
import type { DeliverWebhookCommand } from './deliver-webhook.command';
import { DeliverWebhookUseCase, type WebhookAttemptEvent } from './deliver-webhook.usecase';

describe(DeliverWebhookUseCase.name, () => {
  const secret = generateWebhookSecret();
  const command: DeliverWebhookCommand = {
    id: 'msg_1',
    subscriptionId: 'sub_1',
    payload: '{"Process":"segments","Status":"Succeeded"}',
    createdAt: '2025-06-01T00:00:00.000Z',
    attempts: 2,
    notificationUrl: 'https://hooks.example.com/x?sig=1',
    secret,
  };
  const policy = { baseMs: 1000, capMs: 3_600_000, windowMs: 86_400_000 };
  let sent: WebhookRequest[];
  let recorded: { id: string; outcome: AttemptOutcome }[];
  let clock: number;

  function makeSut(answer: WebhookSendResult) {
    const transport: WebhookTransport = {
      send: async (request) => {
        sent.push(request);
        clock += 150;
        return answer;
      },
      close: () => undefined,
    };
    const store = { recordAttempt: async (id: string, outcome: AttemptOutcome) => void recorded.push({ id, outcome }) };
    return new DeliverWebhookUseCase({ store, transport, policy, now: () => clock, random: () => 0.999999 });
  }

  beforeEach(() => {
    sent = [];
    recorded = [];
    clock = Date.parse('2025-06-01T00:10:00.000Z');
  });

  it('signs with a fresh timestamp and the delivery id, sends the payload as is, and records the outcome', async () => {
    const sut = makeSut({ kind: 'response', status: 200 });

    const outcome = await sut.execute(command);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: command.notificationUrl, body: command.payload });
    expect(sent[0].headers).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.parse('2025-06-01T00:10:00Z') / 1000)) });
    const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = sent[0].headers;
    const verifier = new Webhook(secret);
    // Verify against the attempt's own time (the reference library rejects stale timestamps).
    jest.useFakeTimers({ now: clock, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      expect(verifier.verify(command.payload, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature })).toEqual(JSON.parse(command.payload));
    } finally {
      jest.useRealTimers();
    }
    expect(outcome).toEqual({ kind: 'delivered', at: '2025-06-01T00:10:00.150Z', status: 200 });
    expect(recorded).toEqual([{ id: 'msg_1', outcome }]);
  });

  it('counts this attempt after the ones already made', async () => {
    const sut = makeSut({ kind: 'response', status: 503 });
    // attempts 2 → this is attempt 3: backoff 4 s.
    await expect(sut.execute(command)).resolves.toEqual({
      kind: 'retry',
      at: '2025-06-01T00:10:00.150Z',
      nextAttemptAt: '2025-06-01T00:10:04.150Z',
      status: 503,
      error: 'HTTP 503',
    });
  });

  it('dead-letters a damaged delivery without sending it', async () => {
    const sut = makeSut({ kind: 'response', status: 200 });
    const outcome = await sut.execute({ ...command, secret: 'not-a-secret' });
    expect(sent).toHaveLength(0);
    expect(outcome).toEqual({ kind: 'dead', at: '2025-06-01T00:10:00.000Z', error: 'the subscription secret is not a whsec_ secret (not sent)' });
    expect(recorded).toEqual([{ id: 'msg_1', outcome }]);
  });

  it('lets a recording failure through (the lease brings the delivery back)', async () => {
    const transport: WebhookTransport = { send: async () => ({ kind: 'response', status: 200 }), close: () => undefined };
    const sut = new DeliverWebhookUseCase({ store: { recordAttempt: async () => Promise.reject(new Error('disk full')) }, transport, policy });
    await expect(sut.execute(command)).rejects.toThrow('disk full');
  });

  it('tells its observer of each recorded attempt, never of one that failed to record, and survives an observer that throws', async () => {
    const seen: WebhookAttemptEvent[] = [];
    const transport: WebhookTransport = { send: async () => ({ kind: 'response', status: 503 }), close: () => undefined };
    const store = { recordAttempt: async () => undefined };
    const sut = new DeliverWebhookUseCase({ store, transport, policy, now: () => clock, observer: (event) => seen.push(event) });
    await sut.execute(command);
    await sut.execute({ ...command, attempts: 0, secret: 'not-a-secret' });
    expect(seen).toEqual([
      { outcome: 'retry', attempt: 3 },
      { outcome: 'dead', attempt: 1 },
    ]);

    const failing = new DeliverWebhookUseCase({ store: { recordAttempt: async () => Promise.reject(new Error('disk full')) }, transport, policy, observer: (e) => seen.push(e) });
    await expect(failing.execute(command)).rejects.toThrow('disk full');
    expect(seen).toHaveLength(2);

    const throwing = new DeliverWebhookUseCase({
      store,
      transport,
      policy,
      now: () => clock,
      observer: () => {
        throw new Error('metrics broke');
      },
    });
    await expect(throwing.execute(command)).resolves.toMatchObject({ kind: 'retry' });
  });
});
