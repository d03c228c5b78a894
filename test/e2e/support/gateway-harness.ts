import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../apps/gateway/src/config/gateway-config';
import { createGatewayApp } from '../../../apps/gateway/src/bootstrap/create-app';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestSchema, TestSchema } from '../../support/pg-test-schema';

export const DEMO_KEY = 'demo-key-for-tests-0123456789';

/** A restart on the same DATA_DIR finds the same store: one schema per DATA_DIR, for the process. */
const schemas = new Map<string, TestSchema>();

async function postgresStoreFor(dataDir: string): Promise<Record<string, string>> {
  let schema = schemas.get(dataDir);
  if (!schema) schemas.set(dataDir, (schema = await createTestSchema()));
  return { DATABASE_URL: schema.connectionString, DATABASE_SCHEMA: schema.schema };
}

/** The variables that name the store of `dataDir`, for a CLI or worker process started beside a gateway. */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  return { DATA_DIR: dataDir, ...(process.env.E2E_STORE === 'postgres' ? await postgresStoreFor(dataDir) : {}) };
}

export interface RunningGateway {
  readonly url: string;
  readonly dataDir: string;
  /** DATA_DIR, and the PostgreSQL variables when the store is there: what a worker on this store needs. */
  readonly storeEnv: Readonly<Record<string, string>>;
  readonly app: NestFastifyApplication;
  /** Authorization header of the demo admin. */
  readonly admin: { readonly authorization: string };
  close(): Promise<void>;
}

/**
 * Starts the real gateway on a free loopback port with a temp DATA_DIR and a small
 * demo instance. `env` overrides any variable (same names as production). With
 * `E2E_STORE=postgres` (`npm run test:e2e:postgres`) the store is a fresh PostgreSQL schema per
 * DATA_DIR instead, so the same suites prove both stores behave alike.
 */
export async function startGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'igw-e2e-'));
  const store = env.DATABASE_URL === undefined ? await storeEnv(dataDir) : {};
  const config = loadConfig({
    DATA_DIR: dataDir,
    DEMO_CUSTOMERS: '200',
    DEMO_API_KEY: DEMO_KEY,
    LOG_LEVEL: 'silent',
    THROTTLE_LIMIT: '100000',
    ...store,
    ...env,
  });
  const { app, lakeReady } = await createGatewayApp(config);
  // Suites look at partitions right away: wait for the lake work the gateway does after starting.
  await lakeReady;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    storeEnv: { DATA_DIR: dataDir, ...store },
    app,
    admin: { authorization: `Bearer ${DEMO_KEY}` },
    async close() {
      await app.close();
      if (env.DATA_DIR === undefined) {
        rmSync(dataDir, { recursive: true, force: true });
        await schemas.get(dataDir)?.drop();
        schemas.delete(dataDir);
      }
    },
  };
}

/**
 * Response bodies in e2e tests are asserted field by field against literal expectations,
 * so they are loosely typed on purpose (the one `any` of the suites).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface JsonResponse<T = Json> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** fetch + JSON body (when there is one); never throws on HTTP errors. */
export async function call<T = Json>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = undefined;
  if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** Sends a JSON body with the given method. */
export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
