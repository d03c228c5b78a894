import { DatasetsController } from '../connector/datasets.controller';
import { ItemsController } from '../connector/items.controller';
import { TablesController } from '../connector/tables.controller';
import { PartitionsController } from '../partitions/partitions.controller';
import { ReportsController } from '../reports/reports.controller';
import { TriggersController } from '../triggers/triggers.controller';
import { ConnectorLookupsController } from './connector-lookups.controller';
import {
  DYNAMIC_ITEM,
  ERROR_RESPONSE,
  ITEM_PARAMETERS,
  itemBody,
  LOOKUP,
  ok,
  PARTITION_PARAMETERS,
  PLAIN_DATASET,
  query,
  ref,
  REPORT_PARAMETERS,
} from './connector-parameters';
import type { ConnectorTable } from './connector-document.builder';
import { ConnectorRoute, ExcludedConnectorRoute, route } from './connector-route';
import { TRIGGER_OPERATIONS, UNSUBSCRIBE_OPERATION } from './connector-triggers';

/**
 * Where the connector's routes live (§3): a served route whose path starts with one of these
 * is connector-facing, and must be mapped below or excluded with a reason.
 */
export const CONNECTOR_PATH_ROOTS: readonly string[] = ['/datasets', '/v2/datasets', '/$metadata.json'];

const { dataset, table, id } = ITEM_PARAMETERS;

/**
 * The connector route table: each connector-facing handler the gateway serves and the
 * connector operations (actions, triggers, internal look-ups) it answers. The definition at
 * `/connector/apiDefinition.swagger.json` is built from this table plus the handlers' live
 * Nest metadata (method and path), never from a copy of the paths.
 */
export const CONNECTOR_ROUTES: readonly ConnectorRoute[] = [
  route(DatasetsController, 'datasetMetadata', {
    operationId: 'GetDataSetsMetadata',
    summary: 'Get datasets metadata',
    description: 'How the connector names its datasets and tables (tabular data-source metadata).',
    visibility: 'internal',
    parameters: [],
    responses: { 200: ok('Datasets metadata', { type: 'object', additionalProperties: true }), default: ERROR_RESPONSE },
  }),
  route(DatasetsController, 'listInstances', {
    operationId: LOOKUP.dataSets,
    summary: 'Get instances',
    description: 'The instances (datasets) the connection may use.',
    visibility: 'internal',
    parameters: [],
    responses: { 200: ok('The instances', ref('DataSetsList')), default: ERROR_RESPONSE },
  }),
  route(TablesController, 'listTables', {
    operationId: LOOKUP.tables,
    summary: 'Get entities',
    description: 'This operation gets entities from an instance',
    parameters: [dataset],
    responses: { 200: ok('Represents a list of tables.', ref('TablesList')), default: ERROR_RESPONSE },
  }),
  route(TablesController, 'tableMetadata', {
    operationId: LOOKUP.tableMetadata,
    summary: 'Get entity metadata',
    description: "The entity's schema, permissions and query capabilities (feeds the dynamic item schemas).",
    visibility: 'internal',
    parameters: [dataset, table],
    responses: { 200: ok('Table metadata', { type: 'object', additionalProperties: true }), default: ERROR_RESPONSE },
  }),
  route(ItemsController, 'list', {
    operationId: 'GetItems',
    summary: 'Get items from an entity',
    description:
      'This operation gets items from an entity. Depending on the entity, fields can be defined as filters: ' +
      'UnifiedActivity entity: ActivityId and CustomerId fields; Customer entity: CustomerId field and any other fields ' +
      'indexed in the Customer Insights instance; any other entities: CustomerId field.',
    parameters: [
      dataset,
      table,
      query('$filter', 'string', 'Filter Query', 'An ODATA filter query to restrict the entries returned (e.g. stringColumn eq \'string\' OR numberColumn lt 123).'),
      query('$top', 'integer', 'Top Count', 'Total number of entries to retrieve (default = all).'),
      query('$select', 'string', 'Select Query', 'Specific fields to retrieve from entries (default = all).'),
      query('$orderby', 'string', 'Order By', 'An ODATA orderBy query for specifying the order of entries (filterable and sortable fields).', { 'x-ms-visibility': 'advanced' }),
    ],
    responses: {
      200: ok('The items of the entity, a page at a time', {
        type: 'object',
        properties: {
          value: { type: 'array', items: DYNAMIC_ITEM },
          '@odata.nextLink': { type: 'string', description: 'The next page', 'x-ms-visibility': 'internal' },
        },
      }),
      default: ERROR_RESPONSE,
    },
    extensions: { 'x-ms-pageable': { nextLinkName: '@odata.nextLink' } },
  }),
  route(ItemsController, 'get', {
    operationId: 'GetItem',
    summary: 'Get item',
    description: 'This operation gets an item from an entity',
    parameters: [dataset, table, id],
    responses: { 200: ok('The item', DYNAMIC_ITEM), default: ERROR_RESPONSE },
  }),
  route(ItemsController, 'create', {
    operationId: 'CreateItem',
    summary: 'Create item (Preview)',
    description: 'This operation creates an item on an entity',
    parameters: [dataset, table, itemBody('Record to create')],
    responses: { 201: ok('The created item', DYNAMIC_ITEM), default: ERROR_RESPONSE },
  }),
  route(ItemsController, 'update', {
    operationId: 'UpdateItem',
    summary: 'Update item (Preview)',
    description: 'This operation updates an item on an entity',
    parameters: [dataset, table, id, itemBody('Record to update')],
    responses: { 200: ok('The updated item', DYNAMIC_ITEM), default: ERROR_RESPONSE },
  }),
  route(ItemsController, 'remove', {
    operationId: 'DeleteItem',
    summary: 'Delete item',
    description: 'This operation deletes an item from an entity (Remove in Power Apps).',
    visibility: 'advanced',
    parameters: [dataset, table, id],
    responses: { 204: ok('Deleted'), default: ERROR_RESPONSE },
  }),
  route(PartitionsController, 'list', {
    operationId: 'GetPartitions',
    summary: 'Retrieve partitions for an entity (Preview)',
    description: 'Retrieve partitions for an entity.',
    parameters: [PARTITION_PARAMETERS.dataset, PARTITION_PARAMETERS.table],
    responses: { 200: ok('response', { type: 'array', items: ref('Table') }), default: ERROR_RESPONSE },
  }),
  route(PartitionsController, 'listV2', {
    operationId: 'GetPartitionsV2',
    summary: 'Retrieve partitions for an entity V2 (Preview)',
    description: 'Retrieve partitions for an entity V2.',
    parameters: [
      PARTITION_PARAMETERS.dataset,
      PARTITION_PARAMETERS.table,
      query('partitionDisplayName', 'string', 'The partitionDisplayName value to filter for', 'The partitionDisplayName value to filter for.'),
    ],
    responses: { 200: ok('The list of partitions', ref('PartitionListResponse')), default: ERROR_RESPONSE },
  }),
  route(PartitionsController, 'data', {
    operationId: 'GetPartitionData',
    summary: 'Retrieve data from a partition (Preview)',
    description: 'Retrieve data from a partition.',
    parameters: [
      PARTITION_PARAMETERS.dataset,
      PARTITION_PARAMETERS.table,
      query('partitionUri', 'string', 'The reference (URI or Name) of the partition', 'The reference (URI or Name) of the partition.', { required: true }),
      query('select', 'string', 'A comma separated line of columns', 'A comma separated line of columns.'),
      query('offsetStart', 'integer', 'Position from where to start reading, in bytes', 'Position from where to start reading, in bytes.'),
      query('maxSize', 'integer', 'Maximum bytes to read', 'Maximum bytes to read.'),
      query('maxResults', 'integer', 'Maximum number of records to return', 'Maximum number of records to return.'),
    ],
    responses: { 200: ok('The data from a partition.', ref('PartitionDataResponse')), default: ERROR_RESPONSE },
  }),
  route(ReportsController, 'types', {
    operationId: LOOKUP.reportTypes,
    summary: 'Get report types',
    description: 'The status report types.',
    visibility: 'internal',
    parameters: [PLAIN_DATASET],
    responses: { 200: ok('The report types', ref('NamedValuesList')), default: ERROR_RESPONSE },
  }),
  route(ReportsController, 'send', {
    operationId: 'SendStatusReport',
    summary: 'Sends the status report',
    description: 'Sends the status report.',
    parameters: [REPORT_PARAMETERS.dataset, REPORT_PARAMETERS.reportType],
    responses: { 202: ok('The report is composed and being sent', ref('ReportAccepted')), default: ERROR_RESPONSE },
  }),
  route(ReportsController, 'sendV2', {
    operationId: 'SendStatusReportV2',
    summary: 'Sends the status report V2',
    description: 'Sends the status report V2.',
    parameters: [REPORT_PARAMETERS.dataset, REPORT_PARAMETERS.reportType],
    responses: { 200: ok('The report and the outcome of each delivery', ref('StatusReport')), default: ERROR_RESPONSE },
  }),
  route(TriggersController, 'subscribe', ...TRIGGER_OPERATIONS),
  route(TriggersController, 'unsubscribe', UNSUBSCRIBE_OPERATION),
  route(ConnectorLookupsController, 'segments', lookup(LOOKUP.segments, 'Get segments', 'The segments of the instance.')),
  route(ConnectorLookupsController, 'measures', lookup(LOOKUP.measures, 'Get business measures', 'The business measures of the instance.')),
  route(ConnectorLookupsController, 'processes', lookup(LOOKUP.processes, 'Get processes', 'The processes a flow can wait for.')),
];

/**
 * Connector-facing routes deliberately left out of the definition, each with its reason.
 * Empty today: every route under {@link CONNECTOR_PATH_ROOTS} is an operation.
 */
export const CONNECTOR_EXCLUDED_ROUTES: readonly ExcludedConnectorRoute[] = [];

function lookup(operationId: string, summary: string, description: string) {
  return {
    operationId,
    summary,
    description,
    visibility: 'internal' as const,
    parameters: [PLAIN_DATASET],
    responses: { 200: ok(description, ref('NamedValuesList')), default: ERROR_RESPONSE },
  };
}

/** The table the definition is built from. */
export const CONNECTOR_TABLE: ConnectorTable = {
  routes: CONNECTOR_ROUTES,
  excluded: CONNECTOR_EXCLUDED_ROUTES,
  roots: CONNECTOR_PATH_ROOTS,
  testConnection: LOOKUP.dataSets,
};
