import { call, Json, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { runToEnd, subscribe, unsubscribe } from './support/runs';
import { pause, startWebhookReceiver, verifySignature, WebhookReceiver } from './support/webhook-receiver';

/**
 * Subscribing to the six webhook triggers and unsubscribing (§3.1, §6.1), as Power Automate
 * does it: `POST /datasets/{dataset}/triggers/{trigger}/subscriptions` with the callback and
 * the trigger's parameters → 201 + Location; `DELETE` the Location's path → 204, idempotent.
 */
describe('trigger subscriptions (e2e)', () => {
  let gw: RunningGateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    [gw, receiver] = await Promise.all([startGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: '50' }), startWebhookReceiver()]);
  });
  afterAll(async () => {
    await gw?.close();
    await receiver?.close();
  });

  const subscriptionsUrl = (trigger: string, dataset = 'demo') => `${gw.url}/datasets/${dataset}/triggers/${trigger}/subscriptions`;
  const post = (trigger: string, body: unknown, headers: Record<string, string> = gw.admin, dataset = 'demo') =>
    call(subscriptionsUrl(trigger, dataset), jsonInit('POST', body, headers));
  const adminList = async (): Promise<Json[]> => {
    const res = await call(`${gw.url}/admin/datasets/demo/subscriptions`, { headers: gw.admin });
    expect(res.status).toBe(200);
    return res.body.value;
  };

  /** Each trigger with what a flow sends and the parameters the gateway keeps (names as the instance spells them). */
  const SIX: ReadonlyArray<readonly [string, Record<string, unknown>, Record<string, unknown>]> = [
    ['dataSourceRefreshCompleted', {}, {}],
    ['dataSourceRefreshFailed', {}, {}],
    ['measureThresholdCrossed', { measure: 'totalspend', threshold: '1500.5' }, { measure: 'TotalSpend', threshold: 1500.5 }],
    ['fullRefreshCompleted', {}, {}],
    ['processCompleted', { process: 'SEGMENTS', includingManualRefreshes: 'true' }, { process: 'segments', includingManualRefreshes: true }],
    ['segmentThresholdCrossed', { segment: 'highvalue', threshold: 10 }, { segment: 'HighValue', threshold: 10 }],
  ];

  it.each(SIX)('subscribes to %s: 201, absolute Location, {id, trigger, parameters, notificationUrl, secret}; unsubscribe 204 twice', async (trigger, sent, kept) => {
    const notificationUrl = receiver.url(`/flows/${trigger}?sig=s3cr3t-${trigger}`);
    const res = await post(trigger, { NotificationUrl: notificationUrl, ...sent });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^sub_[A-Za-z0-9_-]{8,}$/),
      trigger,
      parameters: kept,
      notificationUrl,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/),
    });
    const id: string = res.body.id;
    expect(res.headers.get('location')).toBe(`${gw.url}/datasets/demo/subscriptions/${id}`);

    // The admin view lists it, with the callback redacted (it is a secret) and never the signing secret.
    const listed = (await adminList()).find((s) => s.id === id);
    expect(listed).toMatchObject({ id, trigger, parameters: kept, state: 'active', notificationUrl: `${receiver.origin}/…` });
    expect(JSON.stringify(await adminList())).not.toContain(res.body.secret);
    expect(JSON.stringify(await adminList())).not.toContain(`s3cr3t-${trigger}`);

    // DELETE the Location: 204, and 204 again once it is gone.
    const location = new URL(res.headers.get('location') as string);
    const first = await call(`${gw.url}${location.pathname}`, { method: 'DELETE', headers: gw.admin });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(await unsubscribe(gw, id)).toBe(204);
    expect((await adminList()).some((s) => s.id === id)).toBe(false);
  });

  it('gives every subscription its own id and secret', async () => {
    const a = await subscribe(gw, 'fullRefreshCompleted', { NotificationUrl: receiver.url('/twice') });
    const b = await subscribe(gw, 'fullRefreshCompleted', { NotificationUrl: receiver.url('/twice') });
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
    expect(await unsubscribe(gw, a.id)).toBe(204);
    expect(await unsubscribe(gw, b.id)).toBe(204);
  });

  it('defaults includingManualRefreshes to false and leaves process out when not given', async () => {
    const res = await post('processCompleted', { NotificationUrl: receiver.url('/defaults') });
    expect(res.status).toBe(201);
    expect(res.body.parameters).toEqual({ includingManualRefreshes: false });
    expect(await unsubscribe(gw, res.body.id)).toBe(204);
  });

  it('delivers while subscribed and nothing more once unsubscribed', async () => {
    const leaving = await subscribe(gw, 'dataSourceRefreshCompleted', { NotificationUrl: receiver.url('/leaving') });
    const staying = await subscribe(gw, 'dataSourceRefreshCompleted', { NotificationUrl: receiver.url('/staying') });

    expect((await runToEnd(gw, 'dataSources')).status).toBe('Successful');
    const [delivered] = await receiver.waitFor((r) => r.path === '/leaving', 5_000);
    await receiver.waitFor((r) => r.path === '/staying', 5_000);
    expect(verifySignature(leaving.secret, delivered)).toEqual(delivered.json);
    expect(delivered.json.value[0].RefreshObjectId).toBe('PosSystem');

    expect(await unsubscribe(gw, leaving.id)).toBe(204);
    expect((await runToEnd(gw, 'dataSources')).status).toBe('Successful');
    // The second run's event reached the subscription that stayed…
    await receiver.waitFor((r) => r.path === '/staying', 5_000, 2);
    await pause(300);
    // …and none came to the one that left.
    expect(receiver.at('/leaving')).toHaveLength(1);
    expect(receiver.at('/staying')).toHaveLength(2);
    expect(await unsubscribe(gw, staying.id)).toBe(204);
  });

  it('stops retrying a failing delivery once its subscription is removed', async () => {
    receiver.respond('/failing', ...Array.from({ length: 30 }, () => 503));
    const sub = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/failing'), process: 'measures', includingManualRefreshes: true });
    await runToEnd(gw, 'measures');
    // Retried (WEBHOOK_RETRY_BASE_MS=50: the next attempts would follow within a second)…
    await receiver.waitFor((r) => r.path === '/failing', 5_000, 2);
    expect(await unsubscribe(gw, sub.id)).toBe(204);
    // …until the subscription went: an attempt already under way may still land, nothing after it.
    await pause(150);
    const attempts = receiver.at('/failing').length;
    await pause(1_000);
    expect(receiver.at('/failing')).toHaveLength(attempts);
  });

  describe('refuses bad subscriptions with 400 and a clear message', () => {
    const url = () => receiver.url('/never');
    const CASES: ReadonlyArray<readonly [string, string, () => Record<string, unknown>, { code: string; target: string; message: RegExp }]> = [
      ['an unknown segment', 'segmentThresholdCrossed', () => ({ NotificationUrl: url(), segment: 'Nope', threshold: 1 }),
        { code: 'BAD_REQUEST', target: 'segment', message: /no segment 'Nope'.*HighValue, GoldAndPlatinum/ }],
      ['an unknown measure', 'measureThresholdCrossed', () => ({ NotificationUrl: url(), measure: 'Nope', threshold: 1 }),
        { code: 'BAD_REQUEST', target: 'measure', message: /no measure 'Nope'.*CustomerCount, TotalSpend, AverageOrderValue/ }],
      ['a segment trigger without a segment', 'segmentThresholdCrossed', () => ({ NotificationUrl: url(), threshold: 1 }),
        { code: 'BAD_REQUEST', target: 'segment', message: /requires the parameter 'segment'/ }],
      ['a measure trigger without threshold', 'measureThresholdCrossed', () => ({ NotificationUrl: url(), measure: 'TotalSpend' }),
        { code: 'BAD_REQUEST', target: 'threshold', message: /requires the parameter 'threshold'/ }],
      ['a segment trigger without threshold', 'segmentThresholdCrossed', () => ({ NotificationUrl: url(), segment: 'HighValue' }),
        { code: 'BAD_REQUEST', target: 'threshold', message: /requires the parameter 'threshold'/ }],
      ['a non-integer segment threshold', 'segmentThresholdCrossed', () => ({ NotificationUrl: url(), segment: 'HighValue', threshold: 1.5 }),
        { code: 'BAD_REQUEST', target: 'threshold', message: /threshold must be an integer/ }],
      ['a threshold that is no number', 'measureThresholdCrossed', () => ({ NotificationUrl: url(), measure: 'TotalSpend', threshold: 'lots' }),
        { code: 'VALIDATION_FAILED', target: 'threshold', message: /threshold must be a number/ }],
      ['an unknown process', 'processCompleted', () => ({ NotificationUrl: url(), process: 'nightly' }),
        { code: 'BAD_REQUEST', target: 'process', message: /Unknown process 'nightly'.*dataSources, segments, measures, fullRefresh/ }],
      ['includingManualRefreshes that is no boolean', 'processCompleted', () => ({ NotificationUrl: url(), includingManualRefreshes: 'maybe' }),
        { code: 'VALIDATION_FAILED', target: 'includingManualRefreshes', message: /true or false/ }],
      ['a parameter the trigger does not take', 'dataSourceRefreshCompleted', () => ({ NotificationUrl: url(), segment: 'HighValue' }),
        { code: 'BAD_REQUEST', target: 'segment', message: /takes no parameter 'segment'/ }],
      ['an ftp: NotificationUrl', 'processCompleted', () => ({ NotificationUrl: 'ftp://files.example.com/drop' }),
        { code: 'WEBHOOK_URL_INVALID', target: 'NotificationUrl', message: /absolute http\(s\) URL/ }],
      ['a relative NotificationUrl', 'processCompleted', () => ({ NotificationUrl: '/hooks/flow' }),
        { code: 'WEBHOOK_URL_INVALID', target: 'NotificationUrl', message: /absolute http\(s\) URL/ }],
      ['a NotificationUrl with credentials', 'processCompleted', () => ({ NotificationUrl: `http://user:pw@${new URL(url()).host}/x` }),
        { code: 'WEBHOOK_URL_INVALID', target: 'NotificationUrl', message: /credentials/ }],
      ['no NotificationUrl', 'processCompleted', () => ({ includingManualRefreshes: true }),
        { code: 'VALIDATION_FAILED', target: 'NotificationUrl', message: /NotificationUrl must be a string/ }],
      ['an unknown body field', 'fullRefreshCompleted', () => ({ NotificationUrl: url(), color: 'blue' }),
        { code: 'VALIDATION_FAILED', target: 'color', message: /property color should not exist/ }],
    ];

    it.each(CASES)('%s', async (_what, trigger, body, expected) => {
      const before = (await adminList()).length;
      const res = await post(trigger, body());
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: { code: expected.code, message: expect.stringMatching(expected.message), target: expected.target, details: expect.any(Array) },
        statusCode: 400,
        message: res.body.error.message,
      });
      expect((await adminList()).length).toBe(before);
    });
  });

  it('answers an unknown trigger with 404 TRIGGER_NOT_FOUND listing the six', async () => {
    const res = await post('somethingHappened', { NotificationUrl: receiver.url('/never') });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: 'TRIGGER_NOT_FOUND',
      message: expect.stringContaining("Unknown trigger 'somethingHappened'"),
      target: 'somethingHappened',
      details: [],
    });
    for (const [trigger] of SIX) expect(res.body.error.message).toContain(trigger);
  });

  it('matches trigger names case-insensitively and keeps the canonical name', async () => {
    const res = await post('SEGMENTTHRESHOLDCROSSED', { NotificationUrl: receiver.url('/case'), segment: 'HighValue', threshold: 3 });
    expect(res.status).toBe(201);
    expect(res.body.trigger).toBe('segmentThresholdCrossed');
    expect(await unsubscribe(gw, res.body.id)).toBe(204);
  });

  it('keeps a connection to its datasets (§7): 403 for a dataset not granted, 404 for one that does not exist', async () => {
    const created = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'Flow elsewhere', role: 'writer', datasets: ['elsewhere'] }, gw.admin));
    expect(created.status).toBe(201);
    const elsewhere = { authorization: `Bearer ${created.body.key}` };

    const denied = await post('processCompleted', { NotificationUrl: receiver.url('/never') }, elsewhere);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN_DATASET', target: 'demo' });

    // Nor may it remove someone else's subscription of that dataset.
    const theirs = await subscribe(gw, 'fullRefreshCompleted', { NotificationUrl: receiver.url('/theirs') });
    const removal = await call(`${gw.url}/datasets/demo/subscriptions/${theirs.id}`, { method: 'DELETE', headers: elsewhere });
    expect(removal.status).toBe(403);
    expect((await adminList()).some((s) => s.id === theirs.id)).toBe(true);
    expect(await unsubscribe(gw, theirs.id)).toBe(204);

    const missing = await post('processCompleted', { NotificationUrl: receiver.url('/never') }, gw.admin, 'no-such-dataset');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('DATASET_NOT_FOUND');
    expect((await call(`${gw.url}/datasets/no-such-dataset/subscriptions/sub_x`, { method: 'DELETE', headers: gw.admin })).status).toBe(404);
  });

  it('needs a credential to subscribe or unsubscribe (401)', async () => {
    const res = await call(subscriptionsUrl('processCompleted'), jsonInit('POST', { NotificationUrl: receiver.url('/never') }));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await call(`${gw.url}/datasets/demo/subscriptions/sub_x`, { method: 'DELETE' })).status).toBe(401);
  });

  describe('without WEBHOOK_ALLOW_PRIVATE_NETWORKS', () => {
    let strict: RunningGateway;
    beforeAll(async () => {
      strict = await startGateway();
    });
    afterAll(() => strict?.close());

    const INTERNAL = [
      ['the loopback receiver', () => receiver.url('/strict')],
      ['localhost by name', () => 'http://localhost:9/hook'],
      ['IPv6 loopback', () => 'http://[::1]:9/hook'],
      ['a private address', () => 'http://10.1.2.3/hook'],
      ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data'],
      ['an IPv4-mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]:9/hook'],
    ] as const;

    it.each(INTERNAL)('refuses %s with 400 WEBHOOK_URL_PRIVATE', async (_what, target) => {
      const res = await call(`${strict.url}/datasets/demo/triggers/processCompleted/subscriptions`, jsonInit('POST', { NotificationUrl: target() }, strict.admin));
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'WEBHOOK_URL_PRIVATE',
        message: expect.stringMatching(/private or loopback address .*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/),
        target: 'NotificationUrl',
        details: [],
      });
    });

    it('accepts a public address', async () => {
      const res = await call(`${strict.url}/datasets/demo/triggers/processCompleted/subscriptions`, jsonInit('POST', { NotificationUrl: 'https://8.8.8.8/hook' }, strict.admin));
      expect(res.status).toBe(201);
      expect((await call(`${strict.url}/datasets/demo/subscriptions/${res.body.id}`, { method: 'DELETE', headers: strict.admin })).status).toBe(204);
    });
  });
});
