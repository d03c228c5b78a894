import type { SwaggerSchema } from './swagger.types';

/*
 * The payload definitions of the connector, with the names, fields and descriptions of the
 * Customer Insights connector's reference page (its "Definitions" section), plus the few
 * bodies of our own listing operations. Trigger bodies match `triggers/trigger-payloads.ts`.
 */

const string = (title: string, description: string): SwaggerSchema => ({ type: 'string', title, description });
const integer = (title: string, description: string): SwaggerSchema => ({ type: 'integer', format: 'int32', title, description });
const double = (title: string, description: string): SwaggerSchema => ({ type: 'number', format: 'double', title, description });
const dateTime = (title: string, description: string): SwaggerSchema => ({ type: 'string', format: 'date-time', title, description });
const ref = (name: string): SwaggerSchema => ({ $ref: `#/definitions/${name}` });
const list = (item: string, description: string): SwaggerSchema => ({ type: 'array', title: 'value', description, items: ref(item) });

export const CONNECTOR_DEFINITIONS: Readonly<Record<string, SwaggerSchema>> = {
  DataSourcesList: {
    type: 'object',
    description: 'DataSourcesList',
    properties: { value: list('DataSource', 'List of data sources') },
  },
  DataSource: {
    type: 'object',
    description: 'DataSource Class',
    properties: {
      RefreshType: string('RefreshType', 'The type for data refresh'),
      RefreshObjectId: string('RefreshObjectId', 'The refresh object id'),
      RefreshObjectVersion: integer('RefreshObjectVersion', 'The refresh object version'),
      Operation: string('Operation', 'The operation name'),
      JobType: string('JobType', 'The job type'),
      ErrorCode: string('ErrorCode', 'The error code during data refresh.'),
      ErrorMessage: string('ErrorMessage', 'The error message during refresh'),
      ErrorSeverity: string('ErrorSeverity', 'The error serverity during refresh'),
      StartTimeUtc: string('StartTimeUtc', 'The start time for data refresh'),
      EndTimeUtc: string('EndTimeUtc', 'The end time for data refresh'),
    },
  },
  SegmentData: {
    type: 'object',
    description: 'Segment data',
    properties: {
      Name: string('Name', 'The segment name'),
      DisplayName: string('DisplayName', 'The segment display name'),
      EvaluationDate: dateTime('EvaluationDate', 'The segment evaluation date'),
      EntityCount: integer('EntityCount', 'The actual count of segment members'),
      Threshold: integer('Threshold', 'The segment threshold'),
    },
  },
  MeasureData: {
    type: 'object',
    description: 'Business Measure data',
    properties: {
      Name: string('Name', 'The measure name'),
      DisplayName: string('DisplayName', 'The measure display name'),
      EvaluationDate: dateTime('EvaluationDate', 'The measure evaluation date'),
      Value: double('Value', 'The value of the measure'),
      ValueDisplayName: string('ValueDisplayName', 'The display name of the value'),
      Threshold: double('Threshold', 'The measure threshold'),
    },
  },
  FullRefreshProcessData: {
    type: 'object',
    description: 'The information about executed full refresh',
    properties: {
      NumberOfFailedTasks: integer('NumberOfFailedTasks', 'The number of failed tasks'),
      StartTime: dateTime('StartTime', 'The start time of the workflow step'),
      EndTime: dateTime('EndTime', 'The end time of the workflow step'),
      Duration: integer('Duration', 'The duration of the process in minutes'),
      Status: string('Status', 'The status of the workflow step'),
      StatusPage: string('StatusPage', 'The link to the status page'),
    },
  },
  ProcessData: {
    type: 'object',
    description: 'The information about executed process',
    properties: {
      // Not on the reference page, but sent (§6.1): a flow that listens to every process needs to know which one ended.
      Process: string('Process', 'The process that completed (dataSources, segments, measures or fullRefresh)'),
      StartTime: dateTime('StartTime', 'The start time of the workflow step'),
      EndTime: dateTime('EndTime', 'The end time of the workflow step'),
      Duration: integer('Duration', 'The duration of the process in minutes'),
      Status: string('Status', 'The status of the workflow step'),
      StatusPage: string('StatusPage', 'The link to the status page'),
    },
  },
  Table: {
    type: 'object',
    description: 'Represents a table.',
    properties: {
      Name: string('Name', 'The name of the table. The name is used at runtime.'),
      DisplayName: string('DisplayName', 'The display name of the table.'),
      DynamicProperties: { type: 'object', title: 'DynamicProperties', description: 'Additional table properties provided by the connector to the clients.', additionalProperties: true },
    },
  },
  TablesList: {
    type: 'object',
    description: 'Represents a list of tables.',
    properties: { value: list('Table', 'List of Tables') },
  },
  PartitionListResponse: {
    type: 'object',
    description: 'The list of partitions',
    properties: {
      Header: string('Header', 'Header containing the attributes of the entity'),
      Partitions: { type: 'array', title: 'Partitions', description: 'List of partitions', items: ref('Table') },
    },
  },
  PartitionDataResponse: {
    type: 'object',
    description: 'The data from a partition.',
    properties: {
      OffsetStart: integer('OffsetStart', 'The starting offset.'),
      OffsetEnd: integer('OffsetEnd', 'The end offset.'),
      Size: integer('Size', 'The number of returned data.'),
      Items: {
        type: 'array',
        title: 'Items',
        description: "The dictionary containing data of maximum 'Size' items from a partition, from offset 'OffsetStart' to 'OffsetEnd'.",
        items: { type: 'object', additionalProperties: true },
      },
    },
  },
  DataSetsList: {
    type: 'object',
    description: 'The instances the connection may use.',
    properties: { value: list('DataSet', 'List of instances') },
  },
  DataSet: {
    type: 'object',
    description: 'An instance (dataset).',
    properties: { Name: string('Name', 'The instance id, used at runtime'), DisplayName: string('DisplayName', 'The display name of the instance') },
  },
  NamedValuesList: {
    type: 'object',
    description: 'Values to choose from: report types, segments, measures or processes.',
    properties: { value: list('NamedValue', 'List of values') },
  },
  NamedValue: {
    type: 'object',
    description: 'One value to choose from.',
    properties: {
      Name: string('Name', 'The name, used at runtime'),
      DisplayName: string('DisplayName', 'The display name'),
      Description: string('Description', 'What it is (report types only)'),
    },
  },
  ReportAccepted: {
    type: 'object',
    description: 'The report was composed and is being sent.',
    properties: {
      reportId: string('Report id', 'The id of the report'),
      reportType: string('Report type', 'The report type'),
      deliveredTo: { type: 'array', title: 'Delivered to', description: 'The recipients the report is sent to', items: { type: 'string' } },
    },
  },
  StatusReport: {
    type: 'object',
    description: 'The status report, with the outcome of each delivery.',
    additionalProperties: true,
    properties: {
      reportId: string('Report id', 'The id of the report'),
      reportType: string('Report type', 'The report type'),
      deliveries: { type: 'array', title: 'Deliveries', description: 'One outcome per recipient', items: { type: 'object', additionalProperties: true } },
    },
  },
  Subscription: {
    type: 'object',
    description: 'A trigger subscription; the Location header names it for unsubscribing.',
    properties: {
      id: string('Subscription id', 'The id of the subscription'),
      trigger: string('Trigger', 'The trigger subscribed to'),
      parameters: { type: 'object', title: 'Parameters', description: 'The trigger parameters as stored', additionalProperties: true },
      notificationUrl: string('Notification URL', 'Where events are sent'),
      secret: string('Secret', 'The Standard Webhooks signing secret (whsec_…), shown only here'),
    },
  },
  Error: {
    type: 'object',
    description: 'The error envelope of every route (§3.5).',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: string('Code', 'A stable error code'),
          message: string('Message', 'What went wrong'),
          target: string('Target', 'The parameter or field at fault'),
          details: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
      },
    },
  },
};
