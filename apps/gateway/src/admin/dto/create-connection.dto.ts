import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES, Role } from '@app/storage';

/** `POST /admin/connections` (§6.4). */
export class CreateConnectionDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'My flow' })
  @IsString() @MinLength(1) @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: ROLES, description: '`reader` reads, `writer` also writes items and sends reports, `admin` also uses the admin API.' })
  @IsIn(ROLES)
  role!: Role;

  /** Dataset names, or `["*"]`; a dataset may be granted before it exists. */
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 1000,
    description: 'Dataset names, or `["*"]` for all; a dataset may be granted before it exists.',
    example: ['demo'],
  })
  @ArrayMinSize(1) @ArrayMaxSize(1000)
  @IsString({ each: true }) @Matches(/^(\*|[a-z0-9][a-z0-9-]{0,62})$/, { each: true, message: 'each dataset must be "*" or a dataset name' })
  datasets!: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Calls per throttle window for this connection (default: THROTTLE_LIMIT).' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  throttleLimit?: number;
}
