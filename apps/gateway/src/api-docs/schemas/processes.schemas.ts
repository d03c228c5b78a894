import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEASURE_AGGREGATES, PROCESS_NAMES, RUN_STATUSES } from '@app/storage';

/** Segments, measures, schedule and runs (§6.3, §6.4), for the OpenAPI document only. */

export class SegmentSchema {
  @ApiProperty({ example: 'GoldCustomers' }) name!: string;
  @ApiProperty({ example: 'Gold customers' }) displayName!: string;
  @ApiProperty({ description: 'OData `$filter` over the profile entity.', example: "LoyaltyTier eq 'Gold'" }) filter!: string;
  @ApiProperty({ enum: ['active', 'inactive'] }) state!: string;
}

export class SegmentEvaluationSchema extends SegmentSchema {
  @ApiProperty({ type: Number, nullable: true, description: 'Members at the latest evaluation.' }) entityCount!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) evaluationDate!: string | null;
}

export class SegmentListSchema {
  @ApiProperty({ type: [SegmentEvaluationSchema] }) value!: SegmentEvaluationSchema[];
}

export class MeasureSchema {
  @ApiProperty({ example: 'ActivitiesPerCustomer' }) name!: string;
  @ApiProperty({ example: 'Activities' }) displayName!: string;
  @ApiProperty({ example: 'UnifiedActivity' }) entity!: string;
  @ApiProperty({ enum: MEASURE_AGGREGATES }) aggregate!: string;
  @ApiProperty({ type: String, nullable: true }) field!: string | null;
  @ApiProperty({ type: String, nullable: true }) filter!: string | null;
}

export class MeasureEvaluationSchema extends MeasureSchema {
  @ApiProperty({ type: Number, nullable: true, description: 'Value at the latest evaluation.' }) value!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) evaluationDate!: string | null;
}

export class MeasureListSchema {
  @ApiProperty({ type: [MeasureEvaluationSchema] }) value!: MeasureEvaluationSchema[];
}

export class ScheduleSchema {
  @ApiProperty({ type: [String], description: '6-field cron expressions (seconds allowed).', example: ['0 0 2 * * *'] }) cron!: string[];
  @ApiProperty({ example: 'UTC' }) timezone!: string;
  @ApiProperty() active!: boolean;
}

export class RunErrorSchema {
  @ApiProperty({ example: 'RUN_INTERRUPTED' }) ErrorCode!: string;
  @ApiProperty() ErrorMessage!: string;
  @ApiProperty({ enum: ['Error', 'Warning'] }) ErrorSeverity!: string;
}

export class RunStartedSchema {
  @ApiProperty({ example: 'run_Zx81qLm0' }) id!: string;
  @ApiProperty({ enum: PROCESS_NAMES }) process!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: string;
  @ApiProperty({ enum: ['Manual', 'Scheduled'] }) submissionKind!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TaskSchema {
  @ApiProperty({ description: 'Position in the run (0-based).' }) seq!: number;
  @ApiProperty({ enum: PROCESS_NAMES }) process!: string;
  @ApiProperty({ enum: ['dataSource', 'segment', 'measure', 'partitions'] }) kind!: string;
  @ApiProperty({ description: 'The data source, segment or measure name.' }) name!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiPropertyOptional({ type: RunErrorSchema }) error?: RunErrorSchema;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Task-specific numbers (rows loaded, a value).' })
  result?: Record<string, unknown>;
}

export class RunSchema extends RunStartedSchema {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty() cancelRequested!: boolean;
  @ApiProperty({ type: RunErrorSchema, nullable: true }) error!: RunErrorSchema | null;
  @ApiProperty({ type: [TaskSchema] }) tasks!: TaskSchema[];
}

export class RunListSchema {
  @ApiProperty({ type: [RunSchema] }) value!: RunSchema[];
}
