import { Controller, Delete, Get, Post } from '@nestjs/common';
import { ERROR_RESPONSE, PLAIN_DATASET } from './connector-parameters';
import {
  buildConnectorDocument,
  ConnectorDefinitionError,
  ConnectorTable,
  originOf,
  resolveConnectorOperations,
} from './connector-document.builder';
import { ConnectorOperation, excluded, route } from './connector-route';
import { CONNECTOR_TABLE } from './connector-route-table';
import { routesOf } from './served-routes';

@Controller('datasets/:dataset')
class WidgetsController {
  @Get('widgets')
  list() {}

  @Post('hooks/:kind/subscriptions')
  subscribe() {}

  @Delete('hooks/:id')
  unsubscribe() {}
}

@Controller('datasets/:instance')
class RenamedController {
  @Get('widgets')
  list() {}
}

function operation(operationId: string, extra: Partial<ConnectorOperation> = {}): ConnectorOperation {
  return { operationId, summary: operationId, description: operationId, parameters: [PLAIN_DATASET], responses: { default: ERROR_RESPONSE }, ...extra };
}

const listWidgets = route(WidgetsController, 'list', operation('GetWidgets'));
const hooks = route(
  WidgetsController,
  'subscribe',
  operation('OnRed', { fixed: { kind: 'red' }, pathExtensions: { 'x-ms-notification-content': { description: 'red' } } }),
  operation('OnBlue', { fixed: { kind: 'blue' } }),
);
const unsubscribe = route(WidgetsController, 'unsubscribe', operation('Unsubscribe', { parameters: [PLAIN_DATASET, { name: 'id', in: 'path', required: true, type: 'string' }] }));

function table(overrides: Partial<ConnectorTable> = {}): ConnectorTable {
  return { routes: [listWidgets, hooks, unsubscribe], excluded: [], roots: ['/datasets'], testConnection: 'GetWidgets', ...overrides };
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConnectorDefinitionError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConnectorDefinitionError');
}

describe(resolveConnectorOperations.name, () => {
  const served = routesOf(WidgetsController);

  it('takes method and path from the served route, and fixes parameters into the path', () => {
    const sut = resolveConnectorOperations(table(), served);
    expect(sut.map((r) => [r.operation.operationId, r.method, r.path])).toEqual([
      ['GetWidgets', 'get', '/datasets/{dataset}/widgets'],
      ['OnRed', 'post', '/datasets/{dataset}/hooks/red/subscriptions'],
      ['OnBlue', 'post', '/datasets/{dataset}/hooks/blue/subscriptions'],
      ['Unsubscribe', 'delete', '/datasets/{dataset}/hooks/{id}'],
    ]);
  });

  it('fails when a mapped route is not served', () => {
    expect(problemsOf(() => resolveConnectorOperations(table(), served.filter((r) => r.handler !== 'unsubscribe')))).toEqual([
      'WidgetsController.unsubscribe is in the connector route table, but the gateway serves no such route',
    ]);
  });

  it('fails when a served connector route is neither mapped nor excluded, and accepts an exclusion with a reason', () => {
    expect(problemsOf(() => resolveConnectorOperations(table({ routes: [listWidgets, hooks] }), served))).toEqual([
      'DELETE /datasets/:dataset/hooks/:id (WidgetsController.unsubscribe) is a connector route, but neither mapped in the connector route table nor excluded with a reason',
    ]);
    const withReason = table({ routes: [listWidgets, hooks], excluded: [excluded(WidgetsController, 'unsubscribe', 'internal housekeeping')] });
    expect(resolveConnectorOperations(withReason, served)).toHaveLength(3);
    const withoutReason = table({ routes: [listWidgets, hooks], excluded: [excluded(WidgetsController, 'unsubscribe', ' ')] });
    expect(problemsOf(() => resolveConnectorOperations(withoutReason, served))).toEqual(['WidgetsController.unsubscribe is excluded without a reason']);
  });

  it('ignores served routes outside the connector roots', () => {
    expect(resolveConnectorOperations(table({ roots: ['/odata'], routes: [listWidgets] }), served)).toHaveLength(1);
  });

  it('fails when a route parameter is renamed under the table', () => {
    const renamed = table({ routes: [route(RenamedController, 'list', operation('GetWidgets'))] });
    expect(problemsOf(() => resolveConnectorOperations(renamed, routesOf(RenamedController)))).toEqual([
      'GetWidgets (RenamedController.list, GET /datasets/:instance/widgets): route parameter(s) instance not declared as path parameters',
      'GetWidgets (RenamedController.list, GET /datasets/:instance/widgets): path parameter(s) dataset not in the route',
    ]);
  });

  it('fails on a dropdown or schema pointing at an operation the definition lacks, and on duplicate ids', () => {
    const dangling = operation('GetWidgets', {
      parameters: [PLAIN_DATASET, { name: 'colour', in: 'query', type: 'string', 'x-ms-dynamic-values': { operationId: 'GetColours' } }],
    });
    const duplicate = route(WidgetsController, 'unsubscribe', operation('OnRed', { parameters: [PLAIN_DATASET, { name: 'id', in: 'path', required: true }] }));
    expect(problemsOf(() => resolveConnectorOperations(table({ routes: [route(WidgetsController, 'list', dangling), hooks, duplicate] }), served))).toEqual([
      'operationId OnRed is used twice',
      'GetWidgets points at operation GetColours, which the definition does not have',
    ]);
  });

  it('fails when the connection test names no operation', () => {
    expect(problemsOf(() => resolveConnectorOperations(table({ testConnection: 'Nothing' }), served))).toEqual([
      'the connection test calls Nothing, which the definition does not have',
    ]);
  });

  it("resolves the gateway's own route table against its controllers' decorators", () => {
    const controllers = [...new Set(CONNECTOR_TABLE.routes.map((r) => r.controller))];
    const sut = resolveConnectorOperations(CONNECTOR_TABLE, controllers.flatMap(routesOf));
    expect(sut.find((r) => r.operation.operationId === 'GetItems')).toMatchObject({ method: 'get', path: '/datasets/{dataset}/tables/{table}/items' });
    expect(sut.filter((r) => r.operation.extensions?.['x-ms-trigger'] === 'single')).toHaveLength(6);
  });
});

describe(buildConnectorDocument.name, () => {
  const resolved = resolveConnectorOperations(table(), routesOf(WidgetsController));

  it('addresses the document at the origin and keeps path-level extensions beside the operation', () => {
    const sut = buildConnectorDocument(resolved, 'GetWidgets', originOf('https://ci.example.com/gw/'));
    expect([sut.host, sut.basePath, sut.schemes]).toEqual(['ci.example.com', '/gw', ['https']]);
    expect(sut.paths['/datasets/{dataset}/hooks/red/subscriptions']).toMatchObject({ 'x-ms-notification-content': { description: 'red' }, post: { operationId: 'OnRed' } });
    expect(sut.paths['/datasets/{dataset}/hooks/blue/subscriptions']['x-ms-notification-content']).toBeUndefined();
    expect(sut['x-ms-capabilities']).toEqual({ testConnection: { operationId: 'GetWidgets', parameters: {} } });
  });

  it('keeps the port and a root base path', () => {
    expect(originOf('http://127.0.0.1:3000')).toEqual({ host: '127.0.0.1:3000', basePath: '/', scheme: 'http' });
  });
});
