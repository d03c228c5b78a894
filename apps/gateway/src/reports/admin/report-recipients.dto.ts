import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

/** At most this many of each kind: a report is a notice, not a mailing list. */
export const MAX_REPORT_RECIPIENTS = 20;

/**
 * `PUT /admin/datasets/{dataset}/reports/recipients` (§6.5). Replaces both lists: a list
 * left out becomes empty. Webhook URLs are further checked when saved, with the trigger
 * rules (§6.1: absolute http(s), no credentials, no internal address).
 */
export class PutReportRecipientsDto {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_REPORT_RECIPIENTS, description: 'Absolute http(s) URLs the report is POSTed to.', example: ['https://hooks.example.com/reports'] })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_REPORT_RECIPIENTS) @IsString({ each: true }) @MaxLength(2048, { each: true })
  webhooks?: string[];

  @ApiPropertyOptional({ type: [String], format: 'email', maxItems: MAX_REPORT_RECIPIENTS, description: 'Addresses the report is e-mailed to (when SMTP is configured).', example: ['ops@example.com'] })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_REPORT_RECIPIENTS) @MaxLength(254, { each: true }) @IsEmail({}, { each: true })
  emails?: string[];
}
