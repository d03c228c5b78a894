import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MEASURE_AGGREGATES, MeasureAggregate } from '@app/storage';

/** `PUT /admin/datasets/{dataset}/segments/{name}` (§6.4). The filter is bound when saved. */
export class PutSegmentDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256)
  displayName?: string;

  @IsString() @MinLength(1) @MaxLength(8192)
  filter!: string;

  @IsOptional() @IsIn(['active', 'inactive'])
  state?: 'active' | 'inactive';
}

/** `PUT /admin/datasets/{dataset}/measures/{name}` (§6.4). */
export class PutMeasureDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256)
  displayName?: string;

  @IsString() @MinLength(1) @MaxLength(128)
  entity!: string;

  @IsIn(MEASURE_AGGREGATES)
  aggregate!: MeasureAggregate;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  field?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(8192)
  filter?: string;
}

/** `PUT /admin/datasets/{dataset}/schedule` (§6.4). */
export class PutScheduleDto {
  @ArrayMinSize(1) @ArrayMaxSize(24) @IsString({ each: true }) @MaxLength(128, { each: true })
  cron!: string[];

  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  timezone?: string;

  @IsOptional() @IsBoolean()
  active?: boolean;
}
