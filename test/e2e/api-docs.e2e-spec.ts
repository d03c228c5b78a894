import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { launchBrowser } from '../support/browser';
import { call, DEMO_KEY, RunningGateway, startGateway } from './support/gateway-harness';

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
const METHODS: readonly Method[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Routes the gateway serves that the document rightly leaves out, each with its reason. Every
 * one must still be served (checked below), so the list cannot outlive what it excuses.
 */
const UNDOCUMENTED: Readonly<Record<string, string>> = {
  'GET /openapi.json': 'the OpenAPI document itself',
  'GET /docs': 'the Swagger UI page (SwaggerModule.setup)',
  'GET /docs/index.html': 'the Swagger UI page under its file name (SwaggerModule.setup)',
  'GET /docs/swagger-ui-init.js': "Swagger UI's start script, which embeds the document (SwaggerModule.setup)",
  'GET /docs/docs/swagger-ui-init.js': 'the same start script for the page opened as /docs/ (SwaggerModule.setup)',
  'GET /docs/LICENSE': "SwaggerModule's guard that answers 404 for swagger-ui-dist's LICENSE file",
  'GET /docs/*': "Swagger UI's static assets (@fastify/static over swagger-ui-dist)",
};

interface Route {
  readonly method: string;
  /** OpenAPI form: `{param}`. */
  readonly path: string;
}

const key = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

/**
 * Every route registered on a Fastify instance — Nest's controllers, SwaggerModule's pages and
 * anything registered on Fastify directly, plugins included — observed with an `onRoute` hook
 * added the moment the instance is created. Fastify announces each new instance on the
 * `fastify.initialization` diagnostics channel (the hook APM tools use), so the gateway is
 * built exactly as in production, by the ordinary harness.
 */
const registered = new WeakMap<object, Route[]>();
function observeRoutes(message: unknown): void {
  const { fastify } = message as { fastify: FastifyInstance };
  const routes: Route[] = [];
  registered.set(fastify, routes);
  fastify.addHook('onRoute', (options) => {
    for (const method of [options.method].flat()) routes.push({ method, path: options.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') });
  });
}

/**
 * The gateway's router ignores trailing slashes (`ignoreTrailingSlash`): `/docs/` is `/docs`
 * (SwaggerModule tries to add both; Fastify refuses the second after announcing it).
 */
function servedRoutes(app: NestFastifyApplication): Route[] {
  const routes = registered.get(app.getHttpAdapter().getInstance());
  if (!routes) throw new Error('The gateway was created before its routes were observed.');
  const unique = new Map(routes.map((r) => ({ method: r.method, path: r.path.length > 1 ? r.path.replace(/\/$/, '') : r.path })).map((r) => [key(r), r]));
  return [...unique.values()];
}

/**
 * Fastify answers HEAD for every GET route (`exposeHeadRoutes`): framework behaviour, not an
 * operation of ours. Each HEAD must sit beside a GET; then it is left out.
 */
function withoutHeadRoutes(routes: readonly Route[]): Route[] {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.path));
  const orphans = routes.filter((r) => r.method === 'HEAD' && !gets.has(r.path));
  expect(orphans).toEqual([]);
  return routes.filter((r) => r.method !== 'HEAD');
}

function documentedOperations(document: OpenAPIV3.Document): (Route & { readonly operation: OpenAPIV3.OperationObject })[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item?.[method] ? [{ method: method.toUpperCase(), path, operation: item[method] as OpenAPIV3.OperationObject }] : [])),
  );
}

/** A concrete URL for a documented path: `demo` for the dataset, a harmless word elsewhere. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => ({ dataset: 'demo', table: 'Customer', resource: 'Customer' })[name] ?? 'x');
}

describe('API documents: /openapi.json and /docs (e2e)', () => {
  let gw: RunningGateway;
  let document: OpenAPIV3.Document;

  beforeAll(async () => {
    subscribe('fastify.initialization', observeRoutes);
    // Every secured route is called once without a credential below: room for all of them.
    gw = await startGateway({ THROTTLE_UNAUTHENTICATED_LIMIT: '1000' });
    const response = await call<OpenAPIV3.Document>(`${gw.url}/openapi.json`);
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(async () => {
    unsubscribe('fastify.initialization', observeRoutes);
    await gw?.close();
  });

  it('serves /openapi.json without a credential, as valid OpenAPI 3', async () => {
    const response = await call(`${gw.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(document.openapi).toMatch(/^3\./);
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('documents every route the gateway serves, and no route it does not serve', () => {
    const served = withoutHeadRoutes(servedRoutes(gw.app));
    const servedKeys = new Set(served.map(key));
    for (const excused of Object.keys(UNDOCUMENTED)) expect(servedKeys).toContain(excused);

    const expected = served.map(key).filter((k) => UNDOCUMENTED[k] === undefined).sort();
    const documented = documentedOperations(document).map(key).sort();
    expect(documented).toEqual(expected);
    expect(documented.length).toBeGreaterThan(40);
  });

  it('declares the credentials of §7, required everywhere but on the public routes', () => {
    expect(document.components?.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      basic: expect.objectContaining({ type: 'http', scheme: 'basic' }),
      apiKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'api-key' }),
      apiKeyQuery: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'api-key' }),
    });
    expect(document.security).toEqual([{ bearer: [] }, { basic: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }]);
    // Only the routes §7 makes public override the document's requirement, with an empty one.
    const open = documentedOperations(document).filter(({ operation }) => operation.security !== undefined);
    expect(open.map(({ operation }) => operation.security)).toEqual(open.map(() => []));
    expect(open.map(key).sort()).toEqual(['GET /connector/apiDefinition.swagger.json', 'GET /connector/apiProperties.json', 'GET /favicon.ico', 'GET /health']);
  });

  it('agrees with the guards: documented-secured routes answer 401 without a credential, documented-public ones do not', async () => {
    const mismatches: string[] = [];
    for (const op of documentedOperations(document)) {
      const response = await fetch(`${gw.url}${concrete(op.path)}`, { method: op.method });
      await response.arrayBuffer();
      const isPublic = op.operation.security?.length === 0;
      if (isPublic ? response.status === 401 : response.status !== 401) mismatches.push(`${key(op)} → ${response.status}`);
      if (!isPublic && !(op.operation.responses['401'] && op.operation.responses['429'])) mismatches.push(`${key(op)} documents no 401/429`);
    }
    expect(mismatches).toEqual([]);
  });

  it('tags and summarises every operation, with path parameters and §3.5 error envelopes', () => {
    const tags = new Set((document.tags ?? []).map((t) => t.name));
    expect([...tags]).toEqual(['connector', 'OData feed', 'partitions', 'admin', 'triggers', 'processes', 'reports', 'status']);
    const problems: string[] = [];
    for (const op of documentedOperations(document)) {
      const { operation } = op;
      if (!operation.summary) problems.push(`${key(op)}: no summary`);
      if (!operation.tags?.length || !operation.tags.every((t) => tags.has(t))) problems.push(`${key(op)}: tags ${JSON.stringify(operation.tags)}`);
      const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? []).filter((p) => 'in' in p && p.in === 'path').map((p) => (p as OpenAPIV3.ParameterObject).name).sort();
      if (JSON.stringify(pathParams) !== JSON.stringify(declared)) problems.push(`${key(op)}: path parameters ${JSON.stringify(declared)}`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!(response as OpenAPIV3.ResponseObject).description) problems.push(`${key(op)} ${status}: no description`);
        if (/^2\d\d$/.test(status) && status !== '204' && !(response as OpenAPIV3.ResponseObject).content) problems.push(`${key(op)} ${status}: no content`);
        if (!/^(4\d\d|500)$/.test(status)) continue;
        const schema = (response as OpenAPIV3.ResponseObject).content?.['application/json']?.schema;
        if ((schema as OpenAPIV3.ReferenceObject | undefined)?.$ref !== '#/components/schemas/ErrorEnvelopeSchema') problems.push(`${key(op)} ${status}: not the error envelope`);
      }
      // A route that is valid OData but never served says so with its 501 instead.
      if (!Object.keys(operation.responses).some((s) => /^(2\d\d|501)$/.test(s))) problems.push(`${key(op)}: no success response`);
    }
    expect(problems).toEqual([]);
  });

  it('describes the OData query options on items, and the request bodies from the DTOs', () => {
    const items = document.paths['/datasets/{dataset}/tables/{table}/items']!;
    const names = (items.get!.parameters as OpenAPIV3.ParameterObject[]).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['query:$filter', 'query:$select', 'query:$top', 'query:$skip', 'query:$orderby', 'query:$count', 'query:$skiptoken', 'header:Prefer']),
    );
    const body = document.paths['/admin/connections']!.post!.requestBody as OpenAPIV3.RequestBodyObject;
    expect(body.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateConnectionDto' });
    const dto = document.components!.schemas!.CreateConnectionDto as OpenAPIV3.SchemaObject;
    expect(dto.required).toEqual(['displayName', 'role', 'datasets']);
    expect(dto.properties!.role).toMatchObject({ enum: ['reader', 'writer', 'admin'] });
    const envelope = document.components!.schemas!.ErrorEnvelopeSchema as OpenAPIV3.SchemaObject;
    expect(envelope.required).toEqual(['error', 'statusCode', 'message']);
  });

  it('serves /docs as HTML without a credential, under a CSP scoped to the docs', async () => {
    const page = await call(`${gw.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      expect((await call(`${gw.url}/docs/${asset}`)).status).toBe(200);
    }
    // The CSP is the docs' own: other routes keep theirs (or none).
    const health = await fetch(`${gw.url}/health`);
    expect(health.headers.get('content-security-policy')).toBeNull();
  });

  it('does not throttle the documents as anonymous calls', async () => {
    const strict = await startGateway({ THROTTLE_UNAUTHENTICATED_LIMIT: '2', DEMO_CUSTOMERS: '20' });
    try {
      for (let i = 0; i < 5; i++) {
        expect((await call(`${strict.url}/openapi.json`)).status).toBe(200);
        expect((await call(`${strict.url}/docs`)).status).toBe(200);
      }
      // The anonymous limit is in force where it applies.
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(`${strict.url}/datasets`)).status);
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await strict.close();
    }
  });

  describe('Swagger UI in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    it('renders every operation under the CSP, and tries a call with a key', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      expect((await page.goto(`${gw.url}/docs`))?.status()).toBe(200);
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Insights Gateway' }).waitFor();
      expect(await page.locator('.opblock').count()).toBe(documentedOperations(document).length);

      await page.locator('button.authorize').first().click();
      const bearer = page.locator('.auth-container').filter({ hasText: 'bearer' });
      await bearer.locator('input').fill(DEMO_KEY);
      await bearer.locator('button.authorize').click();
      await page.getByRole('button', { name: 'Close' }).first().click();

      const listInstances = page.locator('#operations-connector-DatasetsController_listInstances, #operations-connector-Datasets_listInstances').first();
      await listInstances.locator('.opblock-summary').click();
      await listInstances.locator('button.try-out__btn').click();
      await listInstances.locator('button.execute').click();
      const status = listInstances.locator('.live-responses-table tr.response .response-col_status').first();
      await status.waitFor();
      expect((await status.textContent())?.trim()).toBe('200');
      expect(await listInstances.locator('.live-responses-table').textContent()).toContain('"Name": "demo"');
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
