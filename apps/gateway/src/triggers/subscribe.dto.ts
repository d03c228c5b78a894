import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNumber, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PROCESS_NAMES } from '@app/storage';

/** Flow designers send numbers and booleans as text at times; `"500"` means 500. */
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * The body of every trigger's subscribe call (§6.1): the callback, plus the parameters of
 * the trigger at hand (which ones are required is checked per trigger).
 */
export class SubscribeDto {
  @ApiProperty({ minLength: 1, maxLength: 2048, description: 'The callback the events are POSTed to (http or https; no internal address).', example: 'https://flow.example.com/callback' })
  @IsString() @MinLength(1) @MaxLength(2048)
  NotificationUrl!: string;

  @ApiPropertyOptional({ maxLength: 128, description: '`segmentThresholdCrossed`: the segment (required).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  segment?: string;

  @ApiPropertyOptional({ maxLength: 128, description: '`measureThresholdCrossed`: the measure (required).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  measure?: string;

  @ApiPropertyOptional({ type: 'number', description: 'Threshold triggers: fires when the value moves from ≤ threshold to > threshold (an integer for segments).' })
  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  threshold?: number;

  @ApiPropertyOptional({ enum: PROCESS_NAMES, description: '`processCompleted`: only runs of this process (default: any).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  process?: string;

  @ApiPropertyOptional({ type: 'boolean', default: false, description: '`processCompleted`: manual runs fire too.' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'includingManualRefreshes must be true or false' })
  includingManualRefreshes?: boolean;
}
