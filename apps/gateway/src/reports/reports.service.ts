import { Injectable } from '@nestjs/common';
import type { Connection } from '@app/storage';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import type { ReportDelivery, ReportType, StatusReport } from './report.model';
import { ReportComposerService } from './report-composer.service';
import { ReportSender } from './report-sender.service';
import { parseReportType, REPORT_TYPE_INFO, ReportTypeInfo } from './report-types';

/** V1's answer: the report is on its way to `deliveredTo`. */
export interface ReportAccepted {
  readonly reportId: string;
  readonly reportType: ReportType;
  readonly deliveredTo: readonly string[];
}

export type DeliveredReport = StatusReport & { readonly deliveries: readonly ReportDelivery[] };

/** The connector's report operations (§3.1, §6.5). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly targets: ConnectorTargetResolver,
    private readonly composer: ReportComposerService,
    private readonly sender: ReportSender,
  ) {}

  /** Dynamic values of the `reportType` parameter. */
  async types(connection: Connection, dataset: string): Promise<{ value: readonly ReportTypeInfo[] }> {
    await this.targets.dataset(connection, dataset);
    return { value: REPORT_TYPE_INFO };
  }

  /** V1 "Sends the status report": composes now, sends after answering (the caller does not wait on receivers). */
  async send(connection: Connection, dataset: string, reportType: string | undefined): Promise<ReportAccepted> {
    const instance = await this.targets.dataset(connection, dataset);
    const report = await this.composer.compose(instance, parseReportType(reportType));
    this.sender.deliverInBackground(report, instance.manifest.reports);
    return { reportId: report.reportId, reportType: report.reportType, deliveredTo: this.sender.recipientsShown(instance.manifest.reports) };
  }

  /** V2: composes, delivers (each delivery bounded by WEBHOOK_TIMEOUT_MS) and returns the report with the outcomes. */
  async sendAndReport(connection: Connection, dataset: string, reportType: string | undefined): Promise<DeliveredReport> {
    const instance = await this.targets.dataset(connection, dataset);
    const report = await this.composer.compose(instance, parseReportType(reportType));
    const deliveries = await this.sender.deliver(report, instance.manifest.reports);
    return { ...report, deliveries };
  }
}
