import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class DataSourceEntityDto {
  @IsString() @MinLength(1) @MaxLength(128)
  name!: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  entity?: string;
}

/** `PUT /admin/datasets/{dataset}/datasources/{name}` (§6.4). */
export class PutDataSourceDto {
  @IsIn(['cdm', 'csv'])
  kind!: 'cdm' | 'csv';

  /** A folder (cdm) or file (csv) inside the instance's lake folder. */
  @IsString() @MinLength(1) @MaxLength(1024) @Matches(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$)).+$/, { message: 'location must be a relative lake path without . or .. segments' })
  location!: string;

  @IsOptional() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => DataSourceEntityDto)
  entities?: DataSourceEntityDto[];
}
