import { createTransport } from 'nodemailer';
import type { SMTPSentMessageInfo, SMTPTransportOptions, Transporter } from 'nodemailer';
import type { RenderedReport } from './report-render';

/** What the SMTP server said about each address of one message. */
export interface MailOutcome {
  readonly accepted: readonly string[];
  readonly rejected: readonly { readonly address: string; readonly reason: string }[];
}

export interface ReportMailerOptions {
  /** `SMTP_URL`; e-mail is off when undefined. May hold credentials: never logged. */
  readonly smtpUrl: string | undefined;
  /** `REPORT_MAIL_FROM`. */
  readonly from: string;
  /** Connect, greeting and idle-socket limit, each. */
  readonly timeoutMs: number;
}

/**
 * Sends report e-mails through nodemailer's SMTP transport: one connection per message (a
 * report now and then needs no pool), STARTTLS whenever the server offers it.
 */
export class ReportMailer {
  private readonly transport: Transporter<SMTPSentMessageInfo, SMTPTransportOptions> | undefined;

  constructor(options: ReportMailerOptions) {
    const { smtpUrl, timeoutMs } = options;
    const smtp: SMTPTransportOptions | undefined =
      smtpUrl === undefined ? undefined : { url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
    this.transport = smtp ? createTransport(smtp, { from: options.from }) : undefined;
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /**
   * One message to every address (`to`). Resolves with the server's verdict per address;
   * rejects when nothing was sent (connection, authentication, every address refused).
   */
  async send(to: readonly string[], rendered: RenderedReport): Promise<MailOutcome> {
    if (!this.transport) throw new Error('e-mail is not configured (SMTP_URL)');
    const info = await this.transport.sendMail({ to: [...to], subject: rendered.subject, text: rendered.text, html: rendered.html });
    const errors = info.rejectedErrors ?? [];
    return {
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String).map((address) => ({
        address,
        reason: errors.find((e) => e.recipient === address)?.response ?? 'rejected by the SMTP server',
      })),
    };
  }

  close(): void {
    this.transport?.close();
  }
}
