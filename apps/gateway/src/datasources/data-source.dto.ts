import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class DataSourceEntityDto {
  @ApiProperty({ minLength: 1, maxLength: 128, description: 'The source entity (folder model entity or file).', example: 'Orders' })
  @IsString() @MinLength(1) @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'The gateway entity it loads into (default: the same name).', example: 'UnifiedActivity' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  entity?: string;
}

/** `PUT /admin/datasets/{dataset}/datasources/{name}` (§6.4). */
export class PutDataSourceDto {
  @ApiProperty({ enum: ['cdm', 'csv'], description: 'A CDM folder (`model.json`) or one CSV file.' })
  @IsIn(['cdm', 'csv'])
  kind!: 'cdm' | 'csv';

  /** A folder (cdm) or file (csv) inside the instance's lake folder. */
  @ApiProperty({ minLength: 1, maxLength: 1024, description: "A folder (cdm) or file (csv) inside the instance's lake folder: relative, no `.` or `..` segments.", example: 'datasources/PosSystem' })
  @IsString() @MinLength(1) @MaxLength(1024) @Matches(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$)).+$/, { message: 'location must be a relative lake path without . or .. segments' })
  location!: string;

  @ApiPropertyOptional({ type: [DataSourceEntityDto], maxItems: 1000, description: 'Which source entities to load, and into which entity (default: all, by name).' })
  @IsOptional() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => DataSourceEntityDto)
  entities?: DataSourceEntityDto[];
}
