import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@app/storage';
import { DataSourceEntityDto } from '../../datasources/data-source.dto';

/** Admin API shapes (§6.4): connections and data sources, for the OpenAPI document only. */

export class ConnectionSchema {
  @ApiProperty({ example: 'conn_8Jd2kQxLm0aB' }) id!: string;
  @ApiProperty({ example: 'My flow' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ type: [String], example: ['demo'] }) datasets!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Calls per throttle window; null = the gateway default.' }) throttleLimit!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedConnectionSchema extends ConnectionSchema {
  @ApiProperty({ description: 'The key: shown only in this answer (the store keeps its hash).', example: 'igw_…' }) key!: string;
}

export class ConnectionListSchema {
  @ApiProperty({ type: [ConnectionSchema], description: 'Without keys.' }) value!: ConnectionSchema[];
}

export class DataSourceSchema {
  @ApiProperty({ example: 'PosSystem' }) name!: string;
  @ApiProperty({ enum: ['cdm', 'csv'] }) kind!: string;
  @ApiProperty({ example: 'datasources/PosSystem' }) location!: string;
  @ApiProperty({ type: [DataSourceEntityDto], nullable: true }) entities!: DataSourceEntityDto[] | null;
}

export class DataSourceListSchema {
  @ApiProperty({ type: [DataSourceSchema] }) value!: DataSourceSchema[];
}

export class EntityImportSchema {
  @ApiProperty({ example: 'UnifiedActivity' }) entity!: string;
  @ApiProperty({ example: 50000 }) rows!: number;
  @ApiProperty({ example: 1 }) partitions!: number;
  @ApiProperty({ type: [String], description: 'Source columns the entity has no attribute for.' }) ignoredColumns!: string[];
}

export class ImportResultSchema {
  @ApiProperty({ example: 'PosSystem' }) dataSource!: string;
  @ApiProperty({ type: [EntityImportSchema] }) entities!: EntityImportSchema[];
  @ApiProperty({ description: 'Parsing and loading the store, up to the commit (ms).' }) ingestMs!: number;
  @ApiProperty({ description: "Writing the imported entities' partitions afterwards (ms)." }) exportMs!: number;
  @ApiProperty() durationMs!: number;
}
