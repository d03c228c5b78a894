import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MEASURE_AGGREGATES, MeasureAggregate } from '@app/storage';

/** `PUT /admin/datasets/{dataset}/segments/{name}` (§6.4). The filter is bound when saved. */
export class PutSegmentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 256, description: 'Default: the name.', example: 'Gold customers' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256)
  displayName?: string;

  @ApiProperty({ minLength: 1, maxLength: 8192, description: 'OData `$filter` over the profile entity; checked when saved (400 if it does not bind).', example: "LoyaltyTier eq 'Gold'" })
  @IsString() @MinLength(1) @MaxLength(8192)
  filter!: string;

  @ApiPropertyOptional({ enum: ['active', 'inactive'], default: 'active' })
  @IsOptional() @IsIn(['active', 'inactive'])
  state?: 'active' | 'inactive';
}

/** `PUT /admin/datasets/{dataset}/measures/{name}` (§6.4). */
export class PutMeasureDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 256, description: 'Default: the name.', example: 'Web visits' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256)
  displayName?: string;

  @ApiProperty({ minLength: 1, maxLength: 128, description: 'The entity the measure aggregates over.', example: 'UnifiedActivity' })
  @IsString() @MinLength(1) @MaxLength(128)
  entity!: string;

  @ApiProperty({ enum: MEASURE_AGGREGATES })
  @IsIn(MEASURE_AGGREGATES)
  aggregate!: MeasureAggregate;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'The aggregated attribute (required unless `count`).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  field?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 8192, description: 'OData `$filter` restricting the aggregated rows.', example: "ActivityType eq 'WebVisit'" })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(8192)
  filter?: string;
}

/** `PUT /admin/datasets/{dataset}/schedule` (§6.4). */
export class PutScheduleDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 24, description: '6-field cron expressions (seconds allowed).', example: ['0 0 2 * * *'] })
  @ArrayMinSize(1) @ArrayMaxSize(24) @IsString({ each: true }) @MaxLength(128, { each: true })
  cron!: string[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'IANA time zone.', default: 'UTC', example: 'Europe/Paris' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  active?: boolean;
}
