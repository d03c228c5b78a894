import type { TriggerName } from '@app/storage';
import { LOOKUP, datasetParameter, dynamicValues, ERROR_RESPONSE, PLAIN_DATASET, ref } from './connector-parameters';
import type { ConnectorOperation } from './connector-route';
import type { SwaggerSchema } from './swagger.types';

/*
 * The six webhook triggers (§6.1) as Power Automate wants them: `x-ms-trigger: single`, the
 * callback in a body field marked `x-ms-notification-url`, the body sent on each event as
 * `x-ms-notification-content`, and the Location of the 201 for the internal DELETE.
 */

const ENVIRONMENT = datasetParameter('Environment', 'dataset name.');
const INSTANCE = datasetParameter('Instance name', 'Select an instance.');

function subscription(fields: Readonly<Record<string, SwaggerSchema>> = {}, required: readonly string[] = []) {
  return {
    name: 'body',
    in: 'body' as const,
    required: true,
    'x-ms-summary': 'Subscription',
    description: 'The callback Power Automate registers, and the trigger parameters.',
    schema: {
      type: 'object' as const,
      required: ['NotificationUrl', ...required],
      properties: {
        NotificationUrl: {
          type: 'string' as const,
          title: 'Notification URL',
          description: 'Where the gateway POSTs each event (filled in by Power Automate).',
          'x-ms-notification-url': true,
          'x-ms-visibility': 'internal',
        },
        ...fields,
      },
    },
  };
}

function trigger(
  name: TriggerName,
  operationId: string,
  summary: string,
  description: string,
  payload: string,
  payloadDescription: string,
  dataset = INSTANCE,
  body = subscription(),
): ConnectorOperation {
  return {
    operationId,
    summary,
    description,
    fixed: { trigger: name },
    parameters: [dataset, body],
    responses: {
      201: {
        description: 'Subscribed. Location names the subscription; deleting it unsubscribes.',
        schema: ref('Subscription'),
        headers: { Location: { type: 'string', description: 'The subscription, for the DELETE that unsubscribes' } },
      },
      default: ERROR_RESPONSE,
    },
    extensions: { 'x-ms-trigger': 'single' },
    pathExtensions: { 'x-ms-notification-content': { description: payloadDescription, schema: ref(payload) } },
  };
}

export const TRIGGER_OPERATIONS: readonly ConnectorOperation[] = [
  trigger(
    'dataSourceRefreshCompleted',
    'OnDataSourceRefreshCompleted',
    'Triggers a flow from the data source when refresh is completed',
    'This operation triggers a flow from the data source when refresh is completed in Dynamics 365 Customer Insights.',
    'DataSourcesList',
    'DataSourcesList',
    ENVIRONMENT,
  ),
  trigger(
    'dataSourceRefreshFailed',
    'OnDataSourceRefreshFailed',
    'Triggers a flow from the data source when refresh is failed',
    'This operation triggers a flow from the data source when refresh is failed in Dynamics 365 Customer Insights.',
    'DataSourcesList',
    'DataSourcesList',
    ENVIRONMENT,
  ),
  trigger(
    'measureThresholdCrossed',
    'OnMeasureThresholdCrossed',
    'Triggers a flow when a business measure threshold is crossed',
    'This operation triggers a flow when a business measure threshold is crossed in Dynamics 365 Customer Insights.',
    'MeasureData',
    'Business Measure data',
    INSTANCE,
    subscription(
      {
        measure: { type: 'string', title: 'Business Measure name', 'x-ms-summary': 'Business Measure name', description: 'Select a measure.', 'x-ms-dynamic-values': dynamicValues(LOOKUP.measures) },
        threshold: { type: 'number', format: 'double', title: 'Threshold', 'x-ms-summary': 'Threshold', description: 'Set any number as threshold.' },
      },
      ['measure', 'threshold'],
    ),
  ),
  trigger(
    'fullRefreshCompleted',
    'OnFullRefreshCompleted',
    'Triggers a flow when a full refresh of Customer Insights is completed',
    'This operation triggers a flow when a full refresh of Customer Insights (data sources, segments, measures,...) is completed.',
    'FullRefreshProcessData',
    'The information about executed full refresh',
  ),
  trigger(
    'processCompleted',
    'OnProcessCompleted',
    'Triggers a flow when a process in Customer Insights is completed',
    'A flow is triggered for scheduled refreshes of selected process. Additionally, you can choose to trigger a flow for manual refreshes.',
    'ProcessData',
    'The information about executed process',
    INSTANCE,
    subscription({
      process: { type: 'string', title: 'Process', 'x-ms-summary': 'Process', description: 'Select a process.', 'x-ms-dynamic-values': dynamicValues(LOOKUP.processes) },
      includingManualRefreshes: {
        type: 'boolean',
        title: 'Include manually triggered process',
        'x-ms-summary': 'Include manually triggered process',
        description: 'Select yes if manually triggered process should be included.',
        default: false,
      },
    }),
  ),
  trigger(
    'segmentThresholdCrossed',
    'OnSegmentThresholdCrossed',
    'Triggers a flow when a segment threshold is crossed',
    'This operation triggers a flow when a segment threshold is crossed in Dynamics 365 Customer Insights.',
    'SegmentData',
    'Segment data',
    INSTANCE,
    subscription(
      {
        segment: { type: 'string', title: 'Segment name', 'x-ms-summary': 'Segment name', description: 'Select a segment.', 'x-ms-dynamic-values': dynamicValues(LOOKUP.segments) },
        threshold: { type: 'integer', format: 'int64', title: 'Threshold', 'x-ms-summary': 'Threshold', description: 'Set any number as threshold.' },
      },
      ['segment', 'threshold'],
    ),
  ),
];

/** Power Automate calls it on the subscription's Location when the flow is turned off or deleted. */
export const UNSUBSCRIBE_OPERATION: ConnectorOperation = {
  operationId: 'DeleteTriggerSubscription',
  summary: 'Remove a trigger subscription',
  description: 'Removes the subscription of a flow trigger (called by Power Automate when the flow is turned off or deleted).',
  visibility: 'internal',
  parameters: [
    PLAIN_DATASET,
    { name: 'id', in: 'path', required: true, type: 'string', 'x-ms-summary': 'Subscription id', description: 'The id of the subscription' },
  ],
  responses: { 204: { description: 'Removed (also when it was already gone).' }, default: ERROR_RESPONSE },
};
