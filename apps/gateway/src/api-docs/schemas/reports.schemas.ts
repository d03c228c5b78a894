import { ApiProperty } from '@nestjs/swagger';
import { REPORT_TYPES } from '../../reports/report.model';

/** Status reports and their recipients (§6.5), for the OpenAPI document only. */

export class ReportTypeSchema {
  @ApiProperty({ enum: REPORT_TYPES }) Name!: string;
  @ApiProperty({ example: 'Refresh status' }) DisplayName!: string;
  @ApiProperty() Description!: string;
}

export class ReportTypeListSchema {
  @ApiProperty({ type: [ReportTypeSchema] }) value!: ReportTypeSchema[];
}

export class ReportAcceptedSchema {
  @ApiProperty({ example: 'rpt_q1W2e3R4' }) reportId!: string;
  @ApiProperty({ enum: REPORT_TYPES }) reportType!: string;
  @ApiProperty({ type: [String], description: 'Recipients it is being sent to (webhook URLs redacted).' }) deliveredTo!: string[];
}

export class ReportDeliverySchema {
  @ApiProperty() recipient!: string;
  @ApiProperty({ enum: ['webhook', 'email'] }) kind!: string;
  @ApiProperty({ enum: ['delivered', 'failed'] }) status!: string;
  @ApiProperty() detail!: string;
}

/** V2: the report itself (header fields plus the section of its type) and the delivery results. */
export class DeliveredReportSchema {
  @ApiProperty() reportId!: string;
  @ApiProperty({ enum: REPORT_TYPES }) reportType!: string;
  @ApiProperty() dataset!: string;
  @ApiProperty() datasetDisplayName!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'One sentence for people.' }) summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Counts per status or change.' }) counts!: Record<string, number>;
  @ApiProperty({ type: [ReportDeliverySchema] }) deliveries!: ReportDeliverySchema[];
}

export class ReportRecipientsSchema {
  @ApiProperty({ type: [String], example: ['https://hooks.example.com/reports'] }) webhooks!: string[];
  @ApiProperty({ type: [String], example: ['ops@example.com'] }) emails!: string[];
}
