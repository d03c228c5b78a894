import { Logger } from '@nestjs/common';
import type { GatewayConfig } from '../config/gateway-config';
import { composeSubscriptions } from './compose/subscriptions.composer';
import { CONTEXT } from './compose/report-fixtures';
import { ReportSender } from './report-sender.service';

describe(ReportSender.name, () => {
  const config = { WEBHOOK_TIMEOUT_MS: 1000, WEBHOOK_ALLOW_PRIVATE_NETWORKS: false, REPORT_MAIL_FROM: 'gw@localhost' } as GatewayConfig;
  const report = composeSubscriptions(CONTEXT, []);
  const recipients = { webhooks: ['http://127.0.0.1:9/secret-path?sig=abc'], emails: ['ops@example.com'] };
  let sut: ReportSender;

  beforeEach(() => {
    sut = new ReportSender(config);
  });
  afterEach(() => sut.onApplicationShutdown());

  it('without SMTP_URL, lists only the webhooks (redacted) as recipients', () => {
    expect(sut.recipientsShown(recipients)).toEqual(['http://127.0.0.1:9/…']);
    expect(sut.recipientsShown(undefined)).toEqual([]);
  });

  it('reports e-mails as not sent and an internal webhook as blocked, never with the full URL', async () => {
    const deliveries = await sut.deliver(report, recipients);
    expect(deliveries).toEqual([
      { recipient: 'http://127.0.0.1:9/…', kind: 'webhook', status: 'failed', detail: 'blocked: refused to connect to 127.0.0.1 (loopback address)' },
      { recipient: 'ops@example.com', kind: 'email', status: 'failed', detail: 'not sent: e-mail is not configured (set SMTP_URL)' },
    ]);
    expect(JSON.stringify(deliveries)).not.toContain('secret-path');
  });

  it('delivers to nobody when there are no recipients', async () => {
    expect(await sut.deliver(report, undefined)).toEqual([]);
    expect(await sut.deliver(report, { webhooks: [], emails: [] })).toEqual([]);
  });

  it('in the background (V1), logs each failure with the webhook redacted', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      sut.deliverInBackground(report, recipients);
      await sut.onApplicationShutdown();
      const lines = warn.mock.calls.map((call) => String(call[0]));
      expect(lines).toEqual([
        'report rpt_test (subscriptions of demo) to webhook http://127.0.0.1:9/… failed: blocked: refused to connect to 127.0.0.1 (loopback address)',
        'report rpt_test (subscriptions of demo) to email ops@example.com failed: not sent: e-mail is not configured (set SMTP_URL)',
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
