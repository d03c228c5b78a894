import type { SwaggerParameter, SwaggerResponse, SwaggerSchema } from './swagger.types';

/*
 * Parameters and schemas the operations of the route table share. Names (`x-ms-summary`) and
 * descriptions are the reference page's; the `x-ms-*` extensions are what makes the dropdowns,
 * the dynamic item schemas and the paging work in Power Apps and Power Automate.
 */

/** The operation ids other operations point at (dynamic values and schemas). */
export const LOOKUP = {
  dataSets: 'GetDataSets',
  tables: 'GetEntities',
  tableMetadata: 'GetTable',
  reportTypes: 'GetReportTypes',
  segments: 'GetSegments',
  measures: 'GetMeasures',
  processes: 'GetProcesses',
} as const;

const fromDataset = { dataset: { parameter: 'dataset' } } as const;

/** A dropdown filled from one of our `{"value":[{Name, DisplayName}]}` listings. */
export function dynamicValues(operationId: string, parameters: Readonly<Record<string, { parameter: string }>> = fromDataset) {
  return { operationId, parameters, 'value-collection': 'value', 'value-path': 'Name', 'value-title': 'DisplayName' };
}

/** Power Apps double-encodes these path segments; the gateway decodes twice (§3). */
function doubleEncodedPath(name: string, summary: string, description: string, dropdown: ReturnType<typeof dynamicValues> | undefined): SwaggerParameter {
  return {
    name,
    in: 'path',
    required: true,
    type: 'string',
    'x-ms-summary': summary,
    description,
    'x-ms-url-encoding': 'double',
    ...(dropdown ? { 'x-ms-dynamic-values': dropdown } : {}),
  };
}

export function datasetParameter(summary: string, description: string, dropdown = true): SwaggerParameter {
  return doubleEncodedPath('dataset', summary, description, dropdown ? dynamicValues(LOOKUP.dataSets, {}) : undefined);
}

export function tableParameter(summary: string, description: string): SwaggerParameter {
  return doubleEncodedPath('table', summary, description, dynamicValues(LOOKUP.tables));
}

/** The parameters of the item operations, named as on the reference page. */
export const ITEM_PARAMETERS = {
  dataset: datasetParameter('instanceId', 'Identifier of an instance'),
  table: tableParameter('entityName', 'Name of an entity'),
  id: { name: 'id', in: 'path', required: true, type: 'string', 'x-ms-summary': 'itemIdentifier', description: 'Identifier for the item' },
} as const satisfies Record<string, SwaggerParameter>;

export const PARTITION_PARAMETERS = {
  dataset: datasetParameter('The Customer Insights dataset', 'The Customer Insights dataset.'),
  table: tableParameter('The entity', 'The entity.'),
} as const satisfies Record<string, SwaggerParameter>;

export const REPORT_PARAMETERS = {
  dataset: datasetParameter('Instance id', 'Select an instance.'),
  reportType: {
    name: 'reportType',
    in: 'query',
    required: true,
    type: 'string',
    'x-ms-summary': 'Report type',
    description: 'Select a report type.',
    'x-ms-dynamic-values': dynamicValues(LOOKUP.reportTypes),
  },
} as const satisfies Record<string, SwaggerParameter>;

/** An internal operation's dataset: no dropdown needed, still double-encoded. */
export const PLAIN_DATASET: SwaggerParameter = datasetParameter('Instance id', 'Identifier of an instance', false);

export function query(name: string, type: 'string' | 'integer' | 'boolean', summary: string, description: string, extra: Partial<SwaggerParameter> = {}): SwaggerParameter {
  return { name, in: 'query', required: false, type, ...(type === 'integer' ? { format: 'int64' } : {}), 'x-ms-summary': summary, description, ...extra };
}

/** An item's schema is the entity's: `$metadata.json` answers it under `schema.items` (§3.4). */
export const DYNAMIC_ITEM: SwaggerSchema = {
  type: 'object',
  'x-ms-dynamic-schema': {
    operationId: LOOKUP.tableMetadata,
    parameters: { dataset: { parameter: 'dataset' }, table: { parameter: 'table' } },
    'value-path': 'schema/items',
  },
};

export function itemBody(description: string): SwaggerParameter {
  return { name: 'item', in: 'body', required: true, 'x-ms-summary': 'recordItem', description, schema: DYNAMIC_ITEM };
}

export const ref = (name: string): SwaggerSchema => ({ $ref: `#/definitions/${name}` });

export function ok(description: string, schema?: SwaggerSchema): SwaggerResponse {
  return schema ? { description, schema } : { description };
}

/** Every operation answers errors in the one envelope (§3.5). */
export const ERROR_RESPONSE: SwaggerResponse = { description: 'An error (see the code and message).', schema: ref('Error') };
