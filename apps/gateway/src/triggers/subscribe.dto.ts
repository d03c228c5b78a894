import { Transform } from 'class-transformer';
import { IsBoolean, IsNumber, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Flow designers send numbers and booleans as text at times; `"500"` means 500. */
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * The body of every trigger's subscribe call (§6.1): the callback, plus the parameters of
 * the trigger at hand (which ones are required is checked per trigger).
 */
export class SubscribeDto {
  @IsString() @MinLength(1) @MaxLength(2048)
  NotificationUrl!: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  segment?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  measure?: string;

  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  threshold?: number;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  process?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'includingManualRefreshes must be true or false' })
  includingManualRefreshes?: boolean;
}
