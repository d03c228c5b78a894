import { ApiProperty } from '@nestjs/swagger';

/** Partition shapes (§3.1, §5), for the OpenAPI document only. */

export class PartitionPropertiesSchema {
  @ApiProperty({ example: 'Customer/Customer-part-00000.csv' }) location!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) refreshTime!: string | null;
  @ApiProperty({ description: 'Whether the file starts with a header row (CI data partitions do not).' }) hasHeader!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'File size in bytes; reading is done when `OffsetEnd` reaches it.' }) size!: number | null;
  @ApiProperty({ enum: ['csv'] }) format!: 'csv';
}

export class PartitionSchema {
  @ApiProperty({ example: 'Customer-part-00000' }) Name!: string;
  @ApiProperty({ example: 'Customer-part-00000' }) DisplayName!: string;
  @ApiProperty({ type: PartitionPropertiesSchema }) DynamicProperties!: PartitionPropertiesSchema;
}

export class PartitionListV2Schema {
  @ApiProperty({ description: "The entity's attribute names, comma-separated, in entity order.", example: 'CustomerId,Email,City,Country' }) Header!: string;
  @ApiProperty({ type: [PartitionSchema] }) Partitions!: PartitionSchema[];
}

export class PartitionDataSchema {
  @ApiProperty({ example: 0 }) OffsetStart!: number;
  @ApiProperty({ description: "The byte just after the last record returned: the next call's `offsetStart`.", example: 65412 }) OffsetEnd!: number;
  @ApiProperty({ description: 'Number of items returned.', example: 500 }) Size!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Records keyed by attribute name, typed per the entity schema.' })
  Items!: Record<string, unknown>[];
}
