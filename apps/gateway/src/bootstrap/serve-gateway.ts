import { ConfigValidationError, loadConfig } from '../config/gateway-config';
import { createGatewayApp, startupLogger } from './create-app';
import { DEMO_ADMIN_ID } from './demo-instance';
import { StoreOpenError } from '@app/storage';

/** Starts the gateway from `env` and says where it listens: `npm start` and `insights-gateway start`. */
export async function serveGateway(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const started = Date.now();
  const { app, demo, lakeReady } = await createGatewayApp(config);
  lakeReady.then(
    () => startupLogger.log(`lake up to date (${Date.now() - started} ms after start)`),
    (error: unknown) =>
      startupLogger.error(`writing partitions to the lake failed (items keep serving; retried at the next start): ${error instanceof Error ? error.message : String(error)}`),
  );
  await app.listen({ port: config.PORT, host: config.HOST });
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = config.PUBLIC_BASE_URL ?? `http://${host}:${config.PORT}`;
  startupLogger.log(`Insights Gateway listening on ${url} (ready in ${Date.now() - started} ms, data in ${config.dataDir})`);
  if (demo?.key) {
    process.stdout.write(
      `\n  Demo instance: ${url}/datasets/demo/tables\n  Demo admin key (shown once, keep it): ${demo.key}\n` +
        `  Try: curl -H "Authorization: Bearer ${demo.key}" "${url}/datasets/demo/tables/Customer/items?\\$top=3"\n` +
        `  Basic auth user: ${DEMO_ADMIN_ID}\n\n`,
    );
  } else if (demo) {
    process.stdout.write(`\n  Demo instance: ${url}/datasets/demo/tables (admin key was shown on first start; set DEMO_API_KEY to pin one)\n\n`);
  }
}

/** Prints why the gateway did not start (one line when expected, the stack otherwise); returns the exit code. */
export function reportStartFailure(error: unknown): number {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error instanceof StoreOpenError) {
    process.stderr.write(`Insights Gateway failed to start: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`Insights Gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
