import { AttributeMetadata, EdmType, EntityMetadata, isSortable } from '@app/odata';
import { allowedWrites } from '@app/storage';

/** §3.3: what the connector routes accept in `$filter`, advertised from the same rule list the binder enforces. */
export const FILTER_FUNCTION_SUPPORT = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'startswith'] as const;
const COMPARISONS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

const JSON_TYPES: Record<EdmType, { type: string; format?: string }> = {
  String: { type: 'string' },
  Guid: { type: 'string', format: 'guid' },
  Date: { type: 'string', format: 'date' },
  DateTimeOffset: { type: 'string', format: 'date-time' },
  Int32: { type: 'integer', format: 'int32' },
  Int64: { type: 'integer', format: 'int64' },
  Double: { type: 'number', format: 'double' },
  Decimal: { type: 'number', format: 'decimal' },
  Boolean: { type: 'boolean' },
};

/** Attributes in the order the table metadata lists them: the key first, then entity order (§3.4). */
export function keyFirst(entity: EntityMetadata): AttributeMetadata[] {
  const key = entity.attributes.filter((a) => a.name === entity.key);
  return [...key, ...entity.attributes.filter((a) => a.name !== entity.key)];
}

export function filterFunctionsFor(entity: EntityMetadata, attribute: AttributeMetadata): string[] {
  if (!entity.filterableFields.includes(attribute.name)) return [];
  return attribute.type === 'String' ? [...COMPARISONS, 'startswith'] : [...COMPARISONS];
}

/** `GET /$metadata.json/datasets/{dataset}/tables/{table}` (§3.4). */
export function tableMetadata(entity: EntityMetadata) {
  const writable = allowedWrites(entity);
  const permission = writable.length === 0 ? 'read-only' : 'read-write';
  const attributes = keyFirst(entity);
  const properties: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const isKey = attribute.name === entity.key;
    properties[attribute.name] = {
      title: attribute.displayName,
      ...JSON_TYPES[attribute.type],
      ...(attribute.maxLength !== undefined ? { maxLength: attribute.maxLength } : {}),
      'x-ms-keyType': isKey ? 'primary' : 'none',
      ...(isKey ? { 'x-ms-keyOrder': 1 } : {}),
      'x-ms-permission': isKey && !writable.includes('create') ? 'read-only' : permission,
      'x-ms-sort': isSortable(entity, attribute.name) ? 'asc,desc' : 'none',
      'x-ms-capabilities': { filterFunctions: filterFunctionsFor(entity, attribute) },
    };
  }
  return {
    name: entity.name,
    title: entity.displayName,
    'x-ms-permission': permission,
    'x-ms-capabilities': {
      filterRestrictions: {
        filterable: true,
        nonFilterableProperties: attributes.filter((a) => !entity.filterableFields.includes(a.name)).map((a) => a.name),
      },
      sortRestrictions: {
        sortable: true,
        unsortableProperties: attributes.filter((a) => !isSortable(entity, a.name)).map((a) => a.name),
      },
      selectRestrictions: { selectable: true },
      countRestrictions: { countable: true },
      isOnlyServerPagable: true,
      serverPagingOptions: ['top', 'skiptoken'],
      filterFunctionSupport: [...FILTER_FUNCTION_SUPPORT],
      odataVersion: 4,
    },
    schema: {
      type: 'array',
      items: {
        type: 'object',
        required: attributes.filter((a) => !a.nullable && !(a.name === entity.key && entity.keyGenerated)).map((a) => a.name),
        properties,
      },
    },
  };
}
