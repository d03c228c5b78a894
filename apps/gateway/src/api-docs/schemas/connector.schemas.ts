import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTITY_KINDS } from '@app/odata';

/**
 * Response shapes of the connector routes (§3.1), for the OpenAPI document only: the
 * controllers return plain objects built by the services, and these classes describe them.
 */

export class InstanceSchema {
  @ApiProperty({ example: 'demo' }) Name!: string;
  @ApiProperty({ example: 'Demo instance' }) DisplayName!: string;
}

export class InstanceListSchema {
  @ApiProperty({ type: [InstanceSchema], description: 'Only the datasets this connection may use.' }) value!: InstanceSchema[];
}

export class TableDynamicPropertiesSchema {
  @ApiProperty({ enum: ENTITY_KINDS, example: 'profile' }) kind!: string;
  @ApiProperty({ example: 10000 }) rowCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) refreshTime!: string | null;
  @ApiProperty({ type: [String], example: ['CustomerId', 'Email', 'City', 'Country', 'LoyaltyTier'] }) filterableFields!: string[];
  @ApiProperty({ example: 'CustomerId' }) keyField!: string;
}

export class TableSchema {
  @ApiProperty({ example: 'Customer' }) Name!: string;
  @ApiProperty({ example: 'Customer' }) DisplayName!: string;
  @ApiProperty({ type: TableDynamicPropertiesSchema }) DynamicProperties!: TableDynamicPropertiesSchema;
}

export class TableListSchema {
  @ApiProperty({ type: [TableSchema] }) value!: TableSchema[];
}

export class ItemsPageSchema {
  @ApiPropertyOptional({ name: '@odata.context' }) context?: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: "The records, keyed by column name and typed per the table's schema.",
    example: [{ CustomerId: 'C-000001', Email: 'ann@example.com', City: 'Lyon', '@odata.etag': 'W/"1"' }],
  })
  value!: Record<string, unknown>[];
  @ApiPropertyOptional({ name: '@odata.nextLink', description: 'Absolute link to the next page: every original option plus a `$skiptoken`.' }) nextLink?: string;
  @ApiPropertyOptional({ name: '@odata.count', description: 'With `$count=true`: the size of the whole filtered collection.', example: 10000 }) count?: number;
}

/** A bare record (Get item, Create item, Update item). */
export const ITEM_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  properties: { '@odata.etag': { type: 'string', description: 'Send it back in `If-Match` to update or delete only this version.', example: 'W/"3"' } },
  example: { CustomerId: 'C-000001', Email: 'ann@example.com', City: 'Lyon', LoyaltyTier: 'Gold', '@odata.etag': 'W/"3"' },
};

/** What `POST …/items` and `PATCH …/items/{id}` take: the table's columns (see its table metadata). */
export const ITEM_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: "Column values keyed by name, typed per the table's metadata; unknown columns are rejected.",
  example: { CustomerId: 'C-000001', ActivityType: 'WebVisit', ActivityTime: '2026-01-05T10:00:00Z' },
};

/** `GET /$metadata.json/datasets` (§3.1): constant. */
export const DATASET_METADATA_SCHEMA = {
  type: 'object',
  example: { tabular: { source: 'mru', displayName: 'Instance', urlEncoding: 'double', tableDisplayName: 'Entity', tablePluralName: 'Entities' }, blob: null },
};

/** `GET /$metadata.json/datasets/{dataset}/tables/{table}` (§3.4). */
export const TABLE_METADATA_SCHEMA = {
  type: 'object',
  required: ['name', 'title', 'x-ms-permission', 'x-ms-capabilities', 'schema'],
  properties: {
    name: { type: 'string', example: 'Customer' },
    title: { type: 'string', example: 'Customer' },
    'x-ms-permission': { type: 'string', enum: ['read-only', 'read-write'] },
    'x-ms-capabilities': { type: 'object', additionalProperties: true, description: 'Filter, sort, select, count and paging capabilities.' },
    schema: {
      type: 'object',
      additionalProperties: true,
      description: 'JSON schema of the items: `{type:"array", items:{type:"object", properties:{…}}}`, each column with `x-ms-*` annotations.',
    },
  },
};

/** A connector dropdown entry (`x-ms-dynamic-values`: value-path `Name`, value-title `DisplayName`). */
export class NamedValueSchema {
  @ApiProperty({ example: 'GoldCustomers' }) Name!: string;
  @ApiProperty({ example: 'Gold customers' }) DisplayName!: string;
}

export class NamedValueListSchema {
  @ApiProperty({ type: [NamedValueSchema] }) value!: NamedValueSchema[];
}
