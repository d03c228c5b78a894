import SwaggerParser from '@apidevtools/swagger-parser';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONNECTOR_EXCLUDED_ROUTES, CONNECTOR_PATH_ROOTS } from '../../apps/gateway/src/connector-definition/connector-route-table';
import { call, DEMO_KEY, Json, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';

/**
 * The Power Platform custom-connector files (§8, issue 7): served without a credential, a
 * valid Swagger 2.0 document holding every action and trigger of the Customer Insights
 * connector with the `x-ms-*` extensions that make dropdowns, dynamic schemas, paging and
 * webhook triggers work, and covering exactly the connector routes the gateway serves.
 */

/** The reference page's actions and triggers: name (the summary), operation id, parameter keys. */
const ACTIONS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['Create item (Preview)', 'CreateItem', ['dataset', 'table', 'item']],
  ['Get entities', 'GetEntities', ['dataset']],
  ['Get item', 'GetItem', ['dataset', 'table', 'id']],
  ['Get items from an entity', 'GetItems', ['dataset', 'table', '$filter', '$top', '$select']],
  ['Retrieve data from a partition (Preview)', 'GetPartitionData', ['dataset', 'table', 'partitionUri', 'select', 'offsetStart', 'maxSize', 'maxResults']],
  ['Retrieve partitions for an entity (Preview)', 'GetPartitions', ['dataset', 'table']],
  ['Retrieve partitions for an entity V2 (Preview)', 'GetPartitionsV2', ['dataset', 'table', 'partitionDisplayName']],
  ['Sends the status report', 'SendStatusReport', ['dataset', 'reportType']],
  ['Sends the status report V2', 'SendStatusReportV2', ['dataset', 'reportType']],
  ['Update item (Preview)', 'UpdateItem', ['dataset', 'table', 'id', 'item']],
];

/** Triggers: name, operation id, trigger route value, parameter keys, the payload definition it sends. */
const TRIGGERS: ReadonlyArray<readonly [string, string, string, readonly string[], string]> = [
  ['Triggers a flow from the data source when refresh is completed', 'OnDataSourceRefreshCompleted', 'dataSourceRefreshCompleted', ['dataset'], 'DataSourcesList'],
  ['Triggers a flow from the data source when refresh is failed', 'OnDataSourceRefreshFailed', 'dataSourceRefreshFailed', ['dataset'], 'DataSourcesList'],
  ['Triggers a flow when a business measure threshold is crossed', 'OnMeasureThresholdCrossed', 'measureThresholdCrossed', ['dataset', 'measure', 'threshold'], 'MeasureData'],
  ['Triggers a flow when a full refresh of Customer Insights is completed', 'OnFullRefreshCompleted', 'fullRefreshCompleted', ['dataset'], 'FullRefreshProcessData'],
  ['Triggers a flow when a process in Customer Insights is completed', 'OnProcessCompleted', 'processCompleted', ['dataset', 'process', 'includingManualRefreshes'], 'ProcessData'],
  ['Triggers a flow when a segment threshold is crossed', 'OnSegmentThresholdCrossed', 'segmentThresholdCrossed', ['dataset', 'segment', 'threshold'], 'SegmentData'],
];

/** The payload definitions of the reference page, field by field. */
const PAYLOADS: Readonly<Record<string, readonly string[]>> = {
  DataSourcesList: ['value'],
  DataSource: ['RefreshType', 'RefreshObjectId', 'RefreshObjectVersion', 'Operation', 'JobType', 'ErrorCode', 'ErrorMessage', 'ErrorSeverity', 'StartTimeUtc', 'EndTimeUtc'],
  SegmentData: ['Name', 'DisplayName', 'EvaluationDate', 'EntityCount', 'Threshold'],
  MeasureData: ['Name', 'DisplayName', 'EvaluationDate', 'Value', 'ValueDisplayName', 'Threshold'],
  FullRefreshProcessData: ['NumberOfFailedTasks', 'StartTime', 'EndTime', 'Duration', 'Status', 'StatusPage'],
  // §6.1 adds Process to the reference's fields.
  ProcessData: ['Process', 'StartTime', 'EndTime', 'Duration', 'Status', 'StatusPage'],
  Table: ['Name', 'DisplayName', 'DynamicProperties'],
  TablesList: ['value'],
  PartitionListResponse: ['Header', 'Partitions'],
  PartitionDataResponse: ['OffsetStart', 'OffsetEnd', 'Size', 'Items'],
};

/** §3.1: where each operation lives. */
const PLACES: Readonly<Record<string, string>> = {
  GetDataSetsMetadata: 'GET /$metadata.json/datasets',
  GetDataSets: 'GET /datasets',
  GetEntities: 'GET /datasets/{dataset}/tables',
  GetTable: 'GET /$metadata.json/datasets/{dataset}/tables/{table}',
  GetItems: 'GET /datasets/{dataset}/tables/{table}/items',
  GetItem: 'GET /datasets/{dataset}/tables/{table}/items/{id}',
  CreateItem: 'POST /datasets/{dataset}/tables/{table}/items',
  UpdateItem: 'PATCH /datasets/{dataset}/tables/{table}/items/{id}',
  DeleteItem: 'DELETE /datasets/{dataset}/tables/{table}/items/{id}',
  GetPartitions: 'GET /datasets/{dataset}/tables/{table}/partitions',
  GetPartitionsV2: 'GET /v2/datasets/{dataset}/tables/{table}/partitions',
  GetPartitionData: 'GET /datasets/{dataset}/tables/{table}/partitions/data',
  GetReportTypes: 'GET /datasets/{dataset}/reports/types',
  SendStatusReport: 'POST /datasets/{dataset}/reports',
  SendStatusReportV2: 'POST /v2/datasets/{dataset}/reports',
  DeleteTriggerSubscription: 'DELETE /datasets/{dataset}/subscriptions/{id}',
  ...Object.fromEntries(TRIGGERS.map(([, id, trigger]) => [id, `POST /datasets/{dataset}/triggers/${trigger}/subscriptions`])),
};

interface DocOperation {
  readonly method: string;
  readonly path: string;
  readonly pathItem: Json;
  readonly op: Json;
}

function operationsOf(doc: Json): DocOperation[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, pathItem]) =>
    Object.entries(pathItem as Record<string, Json>)
      .filter(([key]) => !key.startsWith('x-'))
      .map(([method, op]) => ({ method, path, pathItem, op })),
  );
}

/** Every `x-ms-dynamic-*` object anywhere below `node`, with where it was found. */
function dynamicRefs(node: Json, kind: 'x-ms-dynamic-values' | 'x-ms-dynamic-schema', at = ''): Array<{ at: string; spec: Json }> {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, Json>).flatMap(([key, value]) => (key === kind ? [{ at, spec: value }] : dynamicRefs(value, kind, `${at}/${key}`)));
}

/** The served routes, read from the running application's controllers (the metadata Nest routes from). */
function servedRoutes(app: NestFastifyApplication): Array<{ method: string; path: string; controller: Type<unknown>; handler: string }> {
  const scanner = new MetadataScanner();
  const controllers = new Set(app.get(DiscoveryService, { strict: false }).getControllers().map((w) => w.metatype as Type<unknown>));
  return [...controllers].flatMap((controller) => {
    const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    const prototype = controller.prototype as Record<string, () => unknown>;
    return scanner.getAllMethodNames(prototype).flatMap((handler) => {
      const paths = Reflect.getMetadata(PATH_METADATA, prototype[handler]) as string | string[] | undefined;
      if (paths === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, prototype[handler]) as RequestMethod].toLowerCase();
      return prefixes.flatMap((prefix) => [paths].flat().map((path) => ({ method, path: `/${[prefix, path].join('/').split('/').filter(Boolean).join('/')}`, controller, handler })));
    });
  });
}

/** `/datasets/:dataset/triggers/:trigger/x` matches `/datasets/{dataset}/triggers/segmentThresholdCrossed/x`. */
function servesPath(routePath: string, docPath: string): boolean {
  const route = routePath.split('/');
  const doc = docPath.split('/');
  return route.length === doc.length && route.every((segment, i) => segment.startsWith(':') || segment === doc[i]);
}

describe('connector definition (e2e)', () => {
  let gw: RunningGateway;
  let doc: Json;
  let ops: DocOperation[];
  const byId = (operationId: string) => {
    const found = ops.find((o) => o.op.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId}`);
    return found;
  };

  beforeAll(async () => {
    gw = await startGateway({ THROTTLE_UNAUTHENTICATED_LIMIT: '100000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    const res = await call(`${gw.url}/connector/apiDefinition.swagger.json`);
    expect(res.status).toBe(200);
    doc = res.body;
    ops = operationsOf(doc);
  });
  afterAll(() => gw.close());

  it('serves both documents as JSON without a credential', async () => {
    for (const file of ['apiDefinition.swagger.json', 'apiProperties.json']) {
      const res = await call(`${gw.url}/connector/${file}`);
      expect([file, res.status, res.headers.get('content-type')]).toEqual([file, 200, expect.stringContaining('application/json')]);
    }
  });

  it('is a valid Swagger 2.0 document addressed at the gateway, secured by the api-key header (§7)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    const { host } = new URL(gw.url);
    expect([doc.swagger, doc.host, doc.basePath, doc.schemes]).toEqual(['2.0', host, '/', ['http']]);
    expect(doc.securityDefinitions).toEqual({ api_key: { type: 'apiKey', in: 'header', name: 'api-key' } });
    expect(doc.security).toEqual([{ api_key: [] }]);
    const tested = await call(`${gw.url}/datasets`, { headers: { 'api-key': DEMO_KEY } });
    expect([doc['x-ms-capabilities'].testConnection.operationId, tested.status]).toEqual(['GetDataSets', 200]);
  });

  it.each(ACTIONS)('has the action "%s" as %s with the reference parameters', (summary, operationId, keys) => {
    const { op } = byId(operationId);
    expect(op.summary).toBe(summary);
    expect(op['x-ms-trigger']).toBeUndefined();
    const names = (op.parameters as Json[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([...keys]));
  });

  it.each(TRIGGERS)('has the trigger "%s" as %s, a webhook with its payload', (summary, operationId, _trigger, keys, payload) => {
    const { op, pathItem } = byId(operationId);
    expect([op.summary, op['x-ms-trigger']]).toEqual([summary, 'single']);
    const body = (op.parameters as Json[]).find((p) => p.in === 'body');
    const fields = Object.keys(body.schema.properties).filter((name) => name !== 'NotificationUrl');
    expect([...(op.parameters as Json[]).filter((p) => p.in !== 'body').map((p) => p.name), ...fields].sort()).toEqual([...keys].sort());
    expect(body.schema.required).toContain('NotificationUrl');
    expect(body.schema.properties.NotificationUrl).toMatchObject({ type: 'string', 'x-ms-notification-url': true, 'x-ms-visibility': 'internal' });
    expect(pathItem['x-ms-notification-content'].schema).toEqual({ $ref: `#/definitions/${payload}` });
    expect(op.responses['201'].headers.Location).toBeDefined();
  });

  it('declares the payloads with the reference fields', () => {
    for (const [name, fields] of Object.entries(PAYLOADS)) expect([name, Object.keys(doc.definitions[name].properties)]).toEqual([name, fields]);
    expect(doc.definitions.DataSourcesList.properties.value.items).toEqual({ $ref: '#/definitions/DataSource' });
  });

  it('puts every operation where §3.1 says, and nothing else', () => {
    const places = Object.fromEntries(ops.map((o) => [o.op.operationId, `${o.method.toUpperCase()} ${o.path}`]));
    expect(places).toEqual({ ...PLACES, GetSegments: 'GET /datasets/{dataset}/segments', GetMeasures: 'GET /datasets/{dataset}/measures', GetProcesses: 'GET /datasets/{dataset}/processes' });
  });

  it('double-encodes every dataset and table path parameter', () => {
    const params = ops.flatMap((o) => (o.op.parameters as Json[]).filter((p) => p.in === 'path' && ['dataset', 'table'].includes(p.name)).map((p) => [o.op.operationId, p.name, p['x-ms-url-encoding']]));
    expect(params.length).toBeGreaterThan(30);
    for (const [operationId, name, encoding] of params) expect([operationId, name, encoding]).toEqual([operationId, name, 'double']);
  });

  it('fills the dropdowns of datasets, tables, report types, segments, measures and processes from listing operations', async () => {
    const param = (operationId: string, name: string) => (byId(operationId).op.parameters as Json[]).find((p) => p.name === name);
    const field = (operationId: string, name: string) => (byId(operationId).op.parameters as Json[]).find((p) => p.in === 'body').schema.properties[name];
    expect(param('GetItems', 'dataset')['x-ms-dynamic-values'].operationId).toBe('GetDataSets');
    expect(param('GetItems', 'table')['x-ms-dynamic-values'].operationId).toBe('GetEntities');
    expect(param('SendStatusReport', 'reportType')['x-ms-dynamic-values'].operationId).toBe('GetReportTypes');
    expect(field('OnSegmentThresholdCrossed', 'segment')['x-ms-dynamic-values'].operationId).toBe('GetSegments');
    expect(field('OnMeasureThresholdCrossed', 'measure')['x-ms-dynamic-values'].operationId).toBe('GetMeasures');
    expect(field('OnProcessCompleted', 'process')['x-ms-dynamic-values'].operationId).toBe('GetProcesses');
    // Each dropdown, called as Power Platform calls it, lists values at its value-collection/value-path.
    const seen = new Map<string, unknown>();
    for (const { at, spec } of dynamicRefs(doc.paths, 'x-ms-dynamic-values')) {
      const key = JSON.stringify(spec);
      if (seen.has(key)) continue;
      const target = byId(spec.operationId);
      const path = target.path.replace('{dataset}', 'demo').replace('{table}', 'Customer');
      const res = await call(`${gw.url}${path}`, { headers: gw.admin });
      const values = res.body?.[spec['value-collection']] as Json[] | undefined;
      seen.set(key, values?.map((v) => v[spec['value-path']]));
      expect([at, res.status, (values?.length ?? 0) > 0, values?.every((v) => typeof v[spec['value-path']] === 'string' && typeof v[spec['value-title']] === 'string')]).toEqual([at, 200, true, true]);
    }
    expect([...seen.values()]).toEqual(
      expect.arrayContaining([
        ['demo'],
        ['HighValue', 'GoldAndPlatinum'],
        ['CustomerCount', 'TotalSpend', 'AverageOrderValue'],
        ['dataSources', 'segments', 'measures', 'fullRefresh'],
      ]),
    );
  });

  it('takes item schemas from the table metadata ($metadata.json, §3.4)', async () => {
    const owners = ops.filter((o) => dynamicRefs(o.op, 'x-ms-dynamic-schema').length > 0).map((o) => o.op.operationId);
    expect(owners.sort()).toEqual(['CreateItem', 'GetItem', 'GetItems', 'UpdateItem']);
    for (const { spec } of dynamicRefs(doc.paths, 'x-ms-dynamic-schema')) {
      expect(spec).toEqual({ operationId: 'GetTable', parameters: { dataset: { parameter: 'dataset' }, table: { parameter: 'table' } }, 'value-path': 'schema/items' });
    }
    expect(byId('GetItem').op.responses['200'].schema['x-ms-dynamic-schema']).toBeDefined();
    expect(byId('UpdateItem').op.parameters.find((p: Json) => p.in === 'body').schema['x-ms-dynamic-schema']).toBeDefined();
    expect(byId('CreateItem').op.parameters.find((p: Json) => p.in === 'body').schema['x-ms-dynamic-schema']).toBeDefined();
    expect(byId('GetItems').op.responses['200'].schema.properties.value.items['x-ms-dynamic-schema']).toBeDefined();
    const metadata = await call(`${gw.url}${byId('GetTable').path.replace('{dataset}', 'demo').replace('{table}', 'Customer')}`, { headers: gw.admin });
    expect(metadata.body.schema.items.properties.CustomerId).toMatchObject({ type: 'string', 'x-ms-keyType': 'primary' });
  });

  it('pages items by @odata.nextLink, and has apiProperties rewrite that link for the connector', async () => {
    expect(byId('GetItems').op['x-ms-pageable']).toEqual({ nextLinkName: '@odata.nextLink' });
    const res = await call(`${gw.url}/connector/apiProperties.json`);
    expect(res.body.properties).toMatchObject({
      connectionParameters: { api_key: { type: 'securestring', uiDefinition: { displayName: 'API key', constraints: { required: 'true' } } } },
      iconBrandColor: expect.stringMatching(/^#[0-9A-Fa-f]{6}$/),
      capabilities: ['actions', 'triggers'],
      publisher: 'Insights Gateway',
      policyTemplateInstances: [
        { templateId: 'updatenextlink', parameters: { 'x-ms-apimTemplate-operationName': ['GetItems'], 'x-ms-apimTemplateParameter.nextLinkPropertyName': '@odata.nextLink' } },
      ],
    });
  });

  it('subscribes at the trigger path and unsubscribes with the internal DELETE at the Location', async () => {
    const unsubscribe = byId('DeleteTriggerSubscription');
    expect([unsubscribe.method, unsubscribe.op['x-ms-visibility']]).toEqual(['delete', 'internal']);
    const subscribe = byId('OnSegmentThresholdCrossed');
    const res = await call(`${gw.url}${subscribe.path.replace('{dataset}', 'demo')}`, jsonInit('POST', { NotificationUrl: 'http://127.0.0.1:9/flow', segment: 'HighValue', threshold: 5 }, gw.admin));
    expect(res.status).toBe(201);
    const location = new URL(res.headers.get('location') ?? '');
    expect(servesPath(unsubscribe.path.replace(/\{(\w+)\}/g, ':$1'), location.pathname)).toBe(true);
    expect((await call(location.href, { method: 'DELETE', headers: gw.admin })).status).toBe(204);
  });

  it('covers every connector route the gateway serves, and serves every operation it describes', async () => {
    const served = servedRoutes(gw.app);
    const facing = served.filter((r) => CONNECTOR_PATH_ROOTS.some((root) => r.path === root || r.path.startsWith(`${root}/`)));
    expect(facing.length).toBeGreaterThanOrEqual(20);
    const fastify = gw.app.getHttpAdapter().getInstance();
    const unmatched = facing
      .filter((r) => !ops.some((o) => o.method === r.method && servesPath(r.path, o.path)))
      .filter((r) => !CONNECTOR_EXCLUDED_ROUTES.some((e) => e.controller === r.controller && e.handler === r.handler && e.reason.trim().length > 0))
      .map((r) => `${r.method.toUpperCase()} ${r.path} (${r.controller.name}.${r.handler})`);
    expect(unmatched).toEqual([]);
    for (const r of facing) expect([r.path, fastify.hasRoute({ method: r.method.toUpperCase() as 'GET', url: r.path })]).toEqual([r.path, true]);
    // Vice versa, from outside: each described operation answers 401 without a key (a route), never 404 (none).
    for (const o of ops) {
      expect([o.op.operationId, served.some((r) => r.method === o.method && servesPath(r.path, o.path))]).toEqual([o.op.operationId, true]);
      const url = `${gw.url}${o.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'dataset' ? 'demo' : name === 'table' ? 'Customer' : 'x'))}`;
      const res = await call(url, o.method === 'get' || o.method === 'delete' ? { method: o.method.toUpperCase() } : jsonInit(o.method.toUpperCase(), {}));
      expect([o.op.operationId, res.status]).toEqual([o.op.operationId, 401]);
    }
  });
});

describe('connector definition behind a proxy (e2e)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ PUBLIC_BASE_URL: 'https://insights.example.com/gateway', DEMO_CUSTOMERS: '20' });
  });
  afterAll(() => gw.close());

  it('is addressed at PUBLIC_BASE_URL, so the file imports as-is', async () => {
    const res = await call(`${gw.url}/connector/apiDefinition.swagger.json`);
    expect([res.body.host, res.body.basePath, res.body.schemes]).toEqual(['insights.example.com', '/gateway', ['https']]);
  });
});
