import { CONNECTOR_DEFINITIONS } from './connector-schemas';
import type { ConnectorOperation, ConnectorRoute, ExcludedConnectorRoute } from './connector-route';
import type { ServedRoute } from './served-routes';
import type { HttpMethod, SwaggerDocument, SwaggerOperation, SwaggerPathItem } from './swagger.types';

/**
 * The route table and the served routes disagree: a mapped handler is not served, a served
 * connector route is not mapped, a path parameter was renamed, … Each problem is one line.
 */
export class ConnectorDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The connector definition does not match the served routes:\n- ${problems.join('\n- ')}`);
    this.name = 'ConnectorDefinitionError';
  }
}

export interface ConnectorTable {
  readonly routes: readonly ConnectorRoute[];
  readonly excluded: readonly ExcludedConnectorRoute[];
  /** Served routes under these path prefixes must be mapped or excluded. */
  readonly roots: readonly string[];
  /** The operation Power Platform calls to test a new connection (`x-ms-capabilities.testConnection`). */
  readonly testConnection: string;
}

/** One connector operation at the method and Swagger path its served route gives it. */
export interface ResolvedOperation {
  readonly method: HttpMethod;
  /** Swagger form: `/datasets/{dataset}/tables`. */
  readonly path: string;
  readonly route: ServedRoute;
  readonly operation: ConnectorOperation;
}

/** Where clients reach the gateway (PUBLIC_BASE_URL or the request's own origin). */
export interface ConnectorOrigin {
  readonly host: string;
  readonly basePath: string;
  readonly scheme: 'http' | 'https';
}

const METHODS: readonly string[] = ['get', 'post', 'put', 'patch', 'delete'] satisfies HttpMethod[];
const isMethod = (method: string): method is HttpMethod => METHODS.includes(method);
const nameOf = (r: { controller: { name: string }; handler: string }) => `${r.controller.name}.${r.handler}`;

/** The connector-facing routes: what the served routes and the table say together. Throws on any disagreement. */
export function resolveConnectorOperations(table: ConnectorTable, served: readonly ServedRoute[]): ResolvedOperation[] {
  const problems: string[] = [];
  const resolved: ResolvedOperation[] = [];
  const same = (a: { controller: unknown; handler: string }) => (b: { controller: unknown; handler: string }) => a.controller === b.controller && a.handler === b.handler;
  for (const entry of table.routes) {
    const routes = served.filter(same(entry));
    if (routes.length === 0) problems.push(`${nameOf(entry)} is in the connector route table, but the gateway serves no such route`);
    if (entry.operations.length === 0) problems.push(`${nameOf(entry)} is mapped to no operation`);
    if (table.excluded.some(same(entry))) problems.push(`${nameOf(entry)} is both mapped and excluded`);
    for (const route of routes) {
      for (const operation of entry.operations) {
        const at = resolveOne(route, operation, problems);
        if (at) resolved.push(at);
      }
    }
  }
  for (const entry of table.excluded) {
    if (!served.some(same(entry))) problems.push(`${nameOf(entry)} is excluded from the connector, but the gateway serves no such route`);
    if (entry.reason.trim().length === 0) problems.push(`${nameOf(entry)} is excluded without a reason`);
  }
  for (const route of served) {
    const facing = table.roots.some((root) => route.path === root || route.path.startsWith(`${root}/`));
    if (facing && !table.routes.some(same(route)) && !table.excluded.some(same(route))) {
      problems.push(`${route.method.toUpperCase()} ${route.path} (${nameOf(route)}) is a connector route, but neither mapped in the connector route table nor excluded with a reason`);
    }
  }
  problems.push(...duplicates(resolved), ...danglingReferences(resolved));
  if (!resolved.some((r) => r.operation.operationId === table.testConnection)) problems.push(`the connection test calls ${table.testConnection}, which the definition does not have`);
  if (problems.length > 0) throw new ConnectorDefinitionError(problems);
  return resolved;
}

function resolveOne(route: ServedRoute, operation: ConnectorOperation, problems: string[]): ResolvedOperation | undefined {
  const where = `${operation.operationId} (${nameOf(route)}, ${route.method.toUpperCase()} ${route.path})`;
  if (!isMethod(route.method)) {
    problems.push(`${where}: method ${route.method.toUpperCase()} cannot be a connector operation`);
    return undefined;
  }
  const routeParams = route.path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1).replace(/\?$/, ''));
  const fixed = operation.fixed ?? {};
  for (const name of Object.keys(fixed)) {
    if (!routeParams.includes(name)) problems.push(`${where}: fixes parameter '${name}', which the route does not have`);
  }
  const open = routeParams.filter((name) => !(name in fixed));
  const declared = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const missing = open.filter((name) => !declared.includes(name));
  const extra = declared.filter((name) => !open.includes(name));
  if (missing.length > 0) problems.push(`${where}: route parameter(s) ${missing.join(', ')} not declared as path parameters`);
  if (extra.length > 0) problems.push(`${where}: path parameter(s) ${extra.join(', ')} not in the route`);
  const path = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1).replace(/\?$/, '');
      return name in fixed ? encodeURIComponent(fixed[name]) : `{${name}}`;
    })
    .join('/');
  return { method: route.method, path, route, operation };
}

function duplicates(resolved: readonly ResolvedOperation[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const places = new Set<string>();
  for (const { method, path, operation } of resolved) {
    if (ids.has(operation.operationId)) problems.push(`operationId ${operation.operationId} is used twice`);
    if (places.has(`${method} ${path}`)) problems.push(`${method.toUpperCase()} ${path} is mapped twice`);
    ids.add(operation.operationId);
    places.add(`${method} ${path}`);
  }
  return problems;
}

/** Every dynamic value or schema must name an operation of the definition. */
function danglingReferences(resolved: readonly ResolvedOperation[]): string[] {
  const ids = new Set(resolved.map((r) => r.operation.operationId));
  const problems: string[] = [];
  for (const { operation } of resolved) {
    for (const target of referencedOperations([operation.parameters, operation.responses])) {
      if (!ids.has(target)) problems.push(`${operation.operationId} points at operation ${target}, which the definition does not have`);
    }
  }
  return problems;
}

const DYNAMIC_KEYS = ['x-ms-dynamic-values', 'x-ms-dynamic-schema', 'x-ms-dynamic-list', 'x-ms-dynamic-properties'];

export function referencedOperations(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencedOperations);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    if (DYNAMIC_KEYS.includes(key) && value !== null && typeof value === 'object' && 'operationId' in value) return [String(value.operationId)];
    return referencedOperations(value);
  });
}

/** The Swagger 2.0 document of the resolved operations, addressed at `origin`. */
export function buildConnectorDocument(resolved: readonly ResolvedOperation[], testConnection: string, origin: ConnectorOrigin): SwaggerDocument {
  const paths: Record<string, SwaggerPathItem> = {};
  for (const { method, path, operation } of resolved) {
    paths[path] = { ...(paths[path] ?? {}), ...operation.pathExtensions, [method]: toSwagger(operation) };
  }
  return {
    swagger: '2.0',
    info: {
      title: 'Insights Gateway',
      description:
        'A self-hosted, Dynamics 365 Customer Insights-compatible gateway: read and write entities, read partitions, ' +
        'send status reports, and start flows on refreshes, segment and measure thresholds.',
      version: '1.0',
    },
    host: origin.host,
    basePath: origin.basePath,
    schemes: [origin.scheme],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths,
    definitions: CONNECTOR_DEFINITIONS,
    parameters: {},
    responses: {},
    // §7: the connection's key in the `api-key` header (Bearer and Basic work too, outside the connector).
    securityDefinitions: { api_key: { type: 'apiKey', in: 'header', name: 'api-key' } },
    security: [{ api_key: [] }],
    tags: [],
    'x-ms-capabilities': { testConnection: { operationId: testConnection, parameters: {} } },
  };
}

function toSwagger(operation: ConnectorOperation): SwaggerOperation {
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    ...(operation.visibility ? { 'x-ms-visibility': operation.visibility } : {}),
    parameters: operation.parameters,
    responses: operation.responses,
    ...operation.extensions,
  };
}

/** `https://ci.example.com/gw/` → host `ci.example.com`, basePath `/gw`, scheme `https`. */
export function originOf(base: string): ConnectorOrigin {
  const url = new URL(base);
  const basePath = url.pathname.replace(/\/+$/, '');
  return { host: url.host, basePath: basePath === '' ? '/' : basePath, scheme: url.protocol === 'https:' ? 'https' : 'http' };
}
