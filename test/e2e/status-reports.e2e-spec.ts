import { call, Json, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { HttpReceiver, SmtpSink, startHttpReceiver, startSmtpSink, waitFor } from './support/report-receivers';
import { runToEnd, subscribe } from './support/runs';

/**
 * Status reports (§3.1, §6.5) on real data: runs started through the admin API, a real
 * SMTP server receiving the e-mails and real HTTP servers receiving the report webhooks.
 */
describe('status reports (e2e)', () => {
  let gw: RunningGateway;
  let smtp: SmtpSink;
  let hook: HttpReceiver;
  let failingHook: HttpReceiver;
  /** Answers after 3 s: past WEBHOOK_TIMEOUT_MS (1 s here). */
  let slowHook: HttpReceiver;
  let reader: { authorization: string };
  let fullRefresh: Json;
  let segmentsRun: Json;

  const TYPES = 'Report types: refreshStatus, dataSources, segments, measures, subscriptions.';
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  const origin = (receiver: HttpReceiver) => `${receiver.url}/…`;
  const v1 = (type: string, headers = gw.admin) => call(`${gw.url}/datasets/demo/reports?reportType=${type}`, { method: 'POST', headers });
  const v2 = (type: string, headers = gw.admin) => call(`${gw.url}/v2/datasets/demo/reports?reportType=${type}`, { method: 'POST', headers });
  const recipients = `/admin/datasets/demo/reports/recipients`;
  const putRecipients = (body: unknown) => call(`${gw.url}${recipients}`, jsonInit('PUT', body, gw.admin));

  beforeAll(async () => {
    [smtp, hook, failingHook, slowHook] = await Promise.all([startSmtpSink(), startHttpReceiver(200), startHttpReceiver(500), startHttpReceiver(200, 3000)]);
    gw = await startGateway({
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_TIMEOUT_MS: '1000',
      REPORT_MAIL_FROM: 'Reports <reports@gateway.test>',
    });
    const created = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'report reader', role: 'reader', datasets: ['demo'] }, gw.admin));
    reader = { authorization: `Bearer ${created.body.key}` };
    // Real data: a full refresh, then segments again so each segment has a previous evaluation to compare with.
    fullRefresh = await runToEnd(gw, 'fullRefresh');
    segmentsRun = await runToEnd(gw, 'segments');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([smtp?.close(), hook?.close(), failingHook?.close(), slowHook?.close()]);
  });

  it('lists the report types for any connection granted the dataset', async () => {
    const res = await call(`${gw.url}/datasets/demo/reports/types`, { headers: reader });
    expect(res.status).toBe(200);
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(res.body).toEqual({
      value: [
        { Name: 'refreshStatus', DisplayName: 'Refresh status', Description: expect.stringContaining('latest run of every process') },
        { Name: 'dataSources', DisplayName: 'Data sources', Description: expect.stringContaining('last refresh') },
        { Name: 'segments', DisplayName: 'Segments', Description: expect.stringContaining('member count') },
        { Name: 'measures', DisplayName: 'Measures', Description: expect.stringContaining('value') },
        { Name: 'subscriptions', DisplayName: 'Subscriptions', Description: expect.stringContaining('delivery health') },
      ],
    });
    const other = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'elsewhere', role: 'writer', datasets: ['other'] }, gw.admin));
    for (const res of [await call(`${gw.url}/datasets/demo/reports/types`, { headers: { authorization: `Bearer ${other.body.key}` } }), await v2('segments', { authorization: `Bearer ${other.body.key}` })]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'FORBIDDEN_DATASET', message: `Connection '${other.body.id}' is not granted dataset 'demo'.`, target: 'demo', details: [] });
    }
    const missing = await call(`${gw.url}/datasets/nowhere/reports/types`, { headers: gw.admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'DATASET_NOT_FOUND', message: "Dataset 'nowhere' does not exist.", target: 'nowhere', details: [] });
  });

  it('reports the latest run of every process with its tasks (V2, no recipients → no deliveries)', async () => {
    expect(fullRefresh.status).toBe('Successful');
    const res = await v2('refreshStatus');
    expect(res.status).toBe(200);
    const { processes, ...header } = res.body;
    expect(header).toEqual({
      reportId: expect.stringMatching(/^rpt_[A-Za-z0-9_-]{16}$/),
      reportType: 'refreshStatus',
      dataset: 'demo',
      datasetDisplayName: 'Demo Customer Insights',
      generatedAt: expect.stringMatching(ISO),
      title: 'Refresh status of Demo Customer Insights (demo)',
      summary: '4 processes: 2 Successful, 2 never run.',
      counts: { Queued: 0, Running: 0, Successful: 2, Failed: 0, Skipped: 0, Canceled: 0, NeverRun: 2 },
      deliveries: [],
    });
    expect(processes.map((p: Json) => [p.process, p.lastRun?.id ?? null])).toEqual([
      ['dataSources', null],
      ['segments', segmentsRun.id],
      ['measures', null],
      ['fullRefresh', fullRefresh.id],
    ]);
    const run = processes[3].lastRun;
    expect(run).toMatchObject({ status: 'Successful', submissionKind: 'Manual', startTime: fullRefresh.startedAt, endTime: fullRefresh.endedAt, failedTasks: 0, error: null });
    expect(run.durationMs).toBe(fullRefresh.durationMs);
    expect(new URL(run.statusPage).pathname).toBe(`/status/demo/runs/${fullRefresh.id}`);
    expect((await call(run.statusPage)).status).toBe(200);
    expect(run.tasks.map((t: Json) => [t.kind, t.name, t.status])).toEqual(fullRefresh.tasks.map((t: Json) => [t.kind, t.name, t.status]));
  });

  it('reports each data source with its last refresh and rows (V2)', async () => {
    const res = await v2('dataSources');
    expect(res.status).toBe(200);
    const task = fullRefresh.tasks.find((t: Json) => t.kind === 'dataSource');
    const rows: Record<string, number> = task.result.rows;
    expect(res.body).toMatchObject({ reportType: 'dataSources', summary: '1 data source: 1 Successful.', deliveries: [] });
    expect(res.body.dataSources).toEqual([
      {
        name: task.name,
        kind: 'cdm',
        status: 'Successful',
        runId: fullRefresh.id,
        submissionKind: 'Manual',
        startTime: task.startedAt,
        endTime: task.endedAt,
        durationMs: task.durationMs,
        error: null,
        lastSuccessTime: task.endedAt,
        rows,
        totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
      },
    ]);
    // The demo's POS folder fills PosPurchases: the rows reported are the rows served.
    const served = await call(`${gw.url}/datasets/demo/tables/PosPurchases/items?$count=true&$top=1`, { headers: gw.admin });
    expect(rows).toEqual({ PosPurchases: served.body['@odata.count'] });
    expect(rows.PosPurchases).toBeGreaterThan(0);
  });

  it('reports the segments with the counts the Segments entity shows, and their change (V2, reader)', async () => {
    const res = await v2('segments', reader);
    expect(res.status).toBe(200);
    const table = await call(`${gw.url}/datasets/demo/tables/Segments/items`, { headers: gw.admin });
    const counts = Object.fromEntries(table.body.value.map((s: Json) => [s.Name, s.EntityCount]));
    expect(res.body.summary).toBe('2 segments, 2 evaluated: 0 up, 0 down, 2 unchanged.');
    expect(res.body.segments).toEqual(
      ['HighValue', 'GoldAndPlatinum'].map((name) => ({
        name,
        displayName: name === 'HighValue' ? 'High-value customers' : 'Gold and Platinum members',
        state: 'active',
        entityCount: counts[name],
        evaluationDate: expect.stringMatching(ISO),
        previousEntityCount: counts[name],
        previousEvaluationDate: expect.stringMatching(ISO),
        change: 0,
        changePercent: counts[name] === 0 ? null : 0,
      })),
    );
    expect(counts.HighValue).toBeGreaterThan(0);
  });

  it('reports the measures with the values the admin API shows (V2)', async () => {
    const res = await v2('measures');
    expect(res.status).toBe(200);
    const admin = (await call(`${gw.url}/admin/datasets/demo/measures`, { headers: gw.admin })).body.value;
    expect(res.body.summary).toBe('3 measures, 3 evaluated: 0 up, 0 down, 0 unchanged, 3 first evaluations.');
    expect(res.body.measures.map((m: Json) => [m.name, m.value, m.evaluationDate, m.change])).toEqual(admin.map((m: Json) => [m.name, m.value, m.evaluationDate, null]));
    expect(res.body.measures[0]).toMatchObject({ name: 'CustomerCount', value: 200, valueDisplayName: '200' });
  });

  it('reports trigger subscriptions with redacted callbacks and delivery health (V2)', async () => {
    const sub = await subscribe(gw, 'segmentThresholdCrossed', { NotificationUrl: `${hook.url}/trigger?sig=very-secret`, segment: 'HighValue', threshold: 1_000_000 });
    const res = await v2('subscriptions');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ subscriptions: 1, active: 1, inactive: 0, delivered: 0, pending: 0, dead: 0, failedAttempts: 0 });
    expect(res.body.subscriptions).toEqual([
      {
        id: sub.id,
        trigger: 'segmentThresholdCrossed',
        parameters: { segment: 'HighValue', threshold: 1_000_000 },
        notificationUrl: origin(hook),
        state: 'active',
        stateReason: null,
        createdAt: expect.stringMatching(ISO),
        deliveries: { delivered: 0, pending: 0, dead: 0, failedAttempts: 0, lastDeliveredAt: null, lastError: null },
      },
    ]);
    expect(res.text).not.toContain('very-secret');
  });

  it('rejects a missing or unknown reportType with 400 naming it and the types', async () => {
    for (const [path, message] of [
      ['reports?reportType=weekly', `Unknown reportType 'weekly'. ${TYPES}`],
      ['reports', `The query parameter reportType is required. ${TYPES}`],
    ]) {
      for (const prefix of ['', '/v2']) {
        const res = await call(`${gw.url}${prefix}/datasets/demo/${path}`, { method: 'POST', headers: gw.admin });
        expect([prefix, path, res.status]).toEqual([prefix, path, 400]);
        expect(res.body).toEqual({ error: { code: 'BAD_REQUEST', message, target: 'reportType', details: [] }, statusCode: 400, message });
      }
    }
  });

  it('keeps V1 for writers: a reader gets 403 FORBIDDEN_ROLE', async () => {
    const res = await v1('segments', reader);
    expect(res.status).toBe(403);
    const message = expect.stringMatching(/^This operation needs the 'writer' role; connection 'conn_\w+' has 'reader'\.$/);
    expect(res.body).toEqual({ error: { code: 'FORBIDDEN_ROLE', message, details: [] }, statusCode: 403, message });
    expect((await call(`${gw.url}${recipients}`, { headers: reader })).status).toBe(403);
  });

  it('validates report recipients when they are saved', async () => {
    const cases: [unknown, RegExp][] = [
      [{ webhooks: ['ftp://files.example.com/in'] }, /^webhooks\[0\] must be an absolute http\(s\) URL$/],
      [{ webhooks: ['https://user:pw@hooks.example.com/x'] }, /^webhooks\[0\] must not contain credentials/],
      [{ emails: ['not-an-address'] }, /^each value in emails must be an email$/],
      [{ emails: Array.from({ length: 21 }, (_, i) => `ops${i}@example.com`) }, /emails must contain no more than 20 elements/],
      [{ webhooks: 'https://hooks.example.com/x' }, /webhooks must be an array/],
      [{ pagers: ['555'] }, /property pagers should not exist/],
    ];
    for (const [body, message] of cases) {
      const res = await putRecipients(body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
    }
    const ftp = await putRecipients({ webhooks: [`${hook.url}/ok`, 'ftp://files.example.com/in'] });
    expect(ftp.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'webhooks[1] must be an absolute http(s) URL',
      target: 'webhooks[1]',
      details: [{ code: 'WEBHOOK_URL_INVALID', message: 'webhooks[1] must be an absolute http(s) URL', target: 'webhooks[1]' }],
    });
    expect((await call(`${gw.url}${recipients}`, { headers: gw.admin })).body).toEqual({ webhooks: [], emails: [] });
  });

  it('V1 answers 202 at once, then e-mails and POSTs the report', async () => {
    const saved = await putRecipients({ webhooks: [`${hook.url}/reports?key=abc`], emails: ['ops@example.com', 'lead@example.com', 'OPS@example.com'] });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ webhooks: [`${hook.url}/reports?key=abc`], emails: ['ops@example.com', 'lead@example.com'] });
    expect((await call(`${gw.url}${recipients}`, { headers: gw.admin })).body).toEqual(saved.body);

    const before = { mails: smtp.mails.length, posts: hook.requests.length };
    const res = await v1('segments');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ reportId: expect.stringMatching(/^rpt_/), reportType: 'segments', deliveredTo: [origin(hook), 'ops@example.com', 'lead@example.com'] });

    const post = await waitFor(() => hook.requests.slice(before.posts).find((r) => r.path === '/reports?key=abc'), 'the report webhook');
    expect(post.method).toBe('POST');
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toMatchObject({ reportId: res.body.reportId, reportType: 'segments', dataset: 'demo', segments: [{ name: 'HighValue' }, { name: 'GoldAndPlatinum' }] });

    const mail = await waitFor(() => smtp.mails[before.mails], 'the report e-mail');
    expect(smtp.mails.length).toBe(before.mails + 1);
    expect(mail.from).toBe('reports@gateway.test');
    expect(mail.to).toEqual(['ops@example.com', 'lead@example.com']);
    expect(mail.subject).toBe('Segments report: Demo Customer Insights (demo)');
    expect(mail.text).toContain('Report type: segments');
    expect(mail.text).toContain('Dataset: demo');
    expect(mail.text).toContain(`Report id: ${res.body.reportId}`);
    expect(mail.text).toMatch(/High-value customers +HighValue +active/);
    expect(mail.html).toContain('<dt>Report type</dt><dd>segments</dd>');
    expect(mail.html).toContain('<td>Gold and Platinum members</td><td>GoldAndPlatinum</td>');
  });

  it('V2 delivers synchronously and shows each outcome: a 500 and a refused address fail', async () => {
    const saved = await putRecipients({ webhooks: [`${hook.url}/v2`, `${failingHook.url}/v2`], emails: ['ops@example.com', 'bounce@example.com'] });
    expect(saved.status).toBe(200);
    const before = { mails: smtp.mails.length, ok: hook.requests.length, failing: failingHook.requests.length };
    const res = await v2('measures');
    expect(res.status).toBe(200);
    expect(res.body.deliveries).toEqual([
      { recipient: origin(hook), kind: 'webhook', status: 'delivered', detail: 'HTTP 200' },
      { recipient: origin(failingHook), kind: 'webhook', status: 'failed', detail: 'HTTP 500' },
      { recipient: 'ops@example.com', kind: 'email', status: 'delivered', detail: 'accepted by the SMTP server' },
      { recipient: 'bounce@example.com', kind: 'email', status: 'failed', detail: expect.stringMatching(/^rejected: 550 .*No such mailbox/) },
    ]);
    // Synchronous: everything has arrived by the time V2 answers.
    expect(hook.requests.length).toBe(before.ok + 1);
    expect(failingHook.requests.length).toBe(before.failing + 1);
    const { deliveries: _deliveries, ...report } = res.body;
    expect(JSON.parse(hook.requests.at(-1)!.body)).toEqual(report);
    expect(smtp.mails.slice(before.mails).map((m) => [m.to, m.subject])).toEqual([[['ops@example.com'], 'Measures report: Demo Customer Insights (demo)']]);
  });

  it('bounds V2 by WEBHOOK_TIMEOUT_MS, and V1 does not wait for a slow receiver at all', async () => {
    expect((await putRecipients({ webhooks: [`${slowHook.url}/slow`] })).status).toBe(200);
    let started = Date.now();
    const res = await v2('refreshStatus');
    expect(res.status).toBe(200);
    expect(res.body.deliveries).toEqual([{ recipient: origin(slowHook), kind: 'webhook', status: 'failed', detail: 'timeout: no response within 1000 ms' }]);
    expect(Date.now() - started).toBeLessThan(2500);

    const before = slowHook.requests.length;
    started = Date.now();
    const accepted = await v1('dataSources');
    expect(accepted.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(800);
    expect(accepted.body.deliveredTo).toEqual([origin(slowHook)]);
    await waitFor(() => slowHook.requests[before], 'the V1 report at the slow receiver');
  });
});
