import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ReportRecipients } from '@app/storage';
import { describeResult, HttpWebhookTransport, redactUrl, WEBHOOK_USER_AGENT } from '@app/webhooks';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import type { ReportDelivery, StatusReport } from './report.model';
import { ReportMailer } from './report-mailer';
import { renderReport } from './report-render';

/**
 * Delivers reports to an instance's recipients (§6.5): each report webhook gets the report
 * as a JSON POST, all e-mail addresses one message (when SMTP_URL is set). Webhooks go
 * through the trigger transport, so the same address rules hold (§6.1: checked again when
 * connecting, no redirects). Every delivery is bounded by WEBHOOK_TIMEOUT_MS.
 */
@Injectable()
export class ReportSender implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportSender.name);
  private readonly timeoutMs: number;
  private readonly transport: HttpWebhookTransport;
  private readonly mailer: ReportMailer;
  /** Background sends (V1), awaited at shutdown so a report accepted with 202 still goes out. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.timeoutMs = config.WEBHOOK_TIMEOUT_MS;
    this.transport = new HttpWebhookTransport({ timeoutMs: this.timeoutMs, allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS });
    this.mailer = new ReportMailer({ smtpUrl: config.SMTP_URL, from: config.REPORT_MAIL_FROM, timeoutMs: this.timeoutMs });
  }

  /** Who a report is sent to: webhook URLs redacted (they are secrets), e-mail addresses only when e-mail is on. */
  recipientsShown(recipients: ReportRecipients | undefined): string[] {
    const webhooks = (recipients?.webhooks ?? []).map(redactUrl);
    return this.mailer.enabled ? [...webhooks, ...(recipients?.emails ?? [])] : webhooks;
  }

  /** Delivers to everyone at once and reports each outcome (V2). Never throws. */
  async deliver(report: StatusReport, recipients: ReportRecipients | undefined): Promise<ReportDelivery[]> {
    const body = JSON.stringify(report);
    const [webhooks, emails] = await Promise.all([
      Promise.all((recipients?.webhooks ?? []).map((url) => this.postWebhook(url, body))),
      this.sendMail(report, recipients?.emails ?? []),
    ]);
    return [...webhooks, ...emails];
  }

  /** Starts delivering and returns at once (V1); failures are logged, with webhook URLs redacted. */
  deliverInBackground(report: StatusReport, recipients: ReportRecipients | undefined): void {
    const work = this.deliver(report, recipients).then(
      (deliveries) => {
        for (const d of deliveries.filter((x) => x.status === 'failed')) {
          this.logger.warn(`report ${report.reportId} (${report.reportType} of ${report.dataset}) to ${d.kind} ${d.recipient} failed: ${d.detail}`);
        }
      },
      // `deliver` settles every delivery itself; this is for a bug, not for a receiver's failure.
      (error: unknown) => this.logger.error(`report ${report.reportId} of ${report.dataset} was not delivered`, error instanceof Error ? error.stack : String(error)),
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    this.transport.close();
    this.mailer.close();
  }

  private async postWebhook(url: string, body: string): Promise<ReportDelivery> {
    const result = await this.transport.send({ url, body, headers: { 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT } });
    const delivered = result.kind === 'response' && result.status >= 200 && result.status < 300;
    return { recipient: redactUrl(url), kind: 'webhook', status: delivered ? 'delivered' : 'failed', detail: describeResult(result) };
  }

  private async sendMail(report: StatusReport, emails: readonly string[]): Promise<ReportDelivery[]> {
    if (emails.length === 0) return [];
    const outcome = (status: ReportDelivery['status'], detail: string) => (recipient: string): ReportDelivery => ({ recipient, kind: 'email', status, detail });
    if (!this.mailer.enabled) return emails.map(outcome('failed', 'not sent: e-mail is not configured (set SMTP_URL)'));
    try {
      const sent = await withTimeout(this.mailer.send(emails, renderReport(report)), this.timeoutMs);
      return emails.map((address) => {
        const rejected = sent.rejected.find((r) => r.address.toLowerCase() === address.toLowerCase());
        return rejected ? outcome('failed', `rejected: ${rejected.reason}`)(address) : outcome('delivered', 'accepted by the SMTP server')(address);
      });
    } catch (error) {
      return emails.map(outcome('failed', error instanceof Error ? error.message : String(error)));
    }
  }
}

/** Rejects after `ms`; the late work's own failure is swallowed (it is no longer awaited). */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the SMTP server within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
