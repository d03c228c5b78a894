import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES, Role } from '@app/storage';

/** `POST /admin/connections` (§6.4). */
export class CreateConnectionDto {
  @IsString() @MinLength(1) @MaxLength(200)
  displayName!: string;

  @IsIn(ROLES)
  role!: Role;

  /** Dataset names, or `["*"]`; a dataset may be granted before it exists. */
  @ArrayMinSize(1) @ArrayMaxSize(1000)
  @IsString({ each: true }) @Matches(/^(\*|[a-z0-9][a-z0-9-]{0,62})$/, { each: true, message: 'each dataset must be "*" or a dataset name' })
  datasets!: string[];

  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  throttleLimit?: number;
}
