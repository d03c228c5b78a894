import { Inject, Injectable, Logger } from '@nestjs/common';
import { Connection, ReportRecipients, StorageDriver } from '@app/storage';
import { checkNotificationUrl, WebhookUrlError } from '@app/webhooks';
import { GATEWAY_CONFIG } from '../../config/config.constants';
import type { GatewayConfig } from '../../config/gateway-config';
import { ConnectorTargetResolver } from '../../connector/connector-target.resolver';
import { RequestValidationError } from '../../errors/gateway-errors';
import type { PutReportRecipientsDto } from './report-recipients.dto';

export interface ReportRecipientsView {
  readonly webhooks: readonly string[];
  readonly emails: readonly string[];
}

/**
 * The report recipients of an instance (§6.5), kept in its manifest. The admin sees the
 * webhook URLs in full (to edit the list); reports and logs show them redacted.
 */
@Injectable()
export class ReportRecipientsService {
  private readonly logger = new Logger(ReportRecipientsService.name);

  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly targets: ConnectorTargetResolver,
  ) {}

  async get(connection: Connection, dataset: string): Promise<ReportRecipientsView> {
    const instance = await this.targets.dataset(connection, dataset);
    return view(instance.manifest.reports);
  }

  async put(connection: Connection, dataset: string, dto: PutReportRecipientsDto): Promise<ReportRecipientsView> {
    const instance = await this.targets.dataset(connection, dataset);
    const reports: ReportRecipients = { webhooks: await this.checkWebhooks(dto.webhooks ?? []), emails: unique(dto.emails ?? [], (e) => e.toLowerCase()) };
    await this.storage.applyManifest({ ...instance.manifest, reports });
    this.logger.log(`report recipients of ${instance.name}: ${reports.webhooks?.length ?? 0} webhooks, ${reports.emails?.length ?? 0} e-mail addresses`);
    return view(reports);
  }

  /** Every URL checked; all problems reported at once (400 VALIDATION_FAILED, one detail per URL). */
  private async checkWebhooks(urls: readonly string[]): Promise<string[]> {
    const checked: string[] = [];
    const problems: { code: string; message: string; target: string }[] = [];
    for (const [i, url] of urls.entries()) {
      const target = `webhooks[${i}]`;
      try {
        checked.push((await checkNotificationUrl(url, { allowPrivateNetworks: this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS })).href);
      } catch (error) {
        if (!(error instanceof WebhookUrlError)) throw error;
        // The library words its messages for trigger subscriptions.
        problems.push({ code: error.code, message: error.message.replace(/^NotificationUrl/, target), target });
      }
    }
    if (problems.length > 0) throw new RequestValidationError(problems.map((p) => p.message).join('; '), problems);
    return unique(checked, (u) => u);
  }
}

function view(reports: ReportRecipients | undefined): ReportRecipientsView {
  return { webhooks: reports?.webhooks ?? [], emails: reports?.emails ?? [] };
}

/** First occurrence wins; order kept. */
function unique(values: readonly string[], key: (value: string) => string): string[] {
  const seen = new Set<string>();
  return values.filter((value) => !seen.has(key(value)) && seen.add(key(value)));
}
