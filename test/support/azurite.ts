import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/support/gateway-process';
import { startChildServer } from './child-server';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin', 'azurite-blob');
const HOST = '127.0.0.1';
const STOP_TIMEOUT_MS = 5_000;

/**
 * Azurite's documented development account (the key in its README and source); it is
 * public and only ever valid against the emulator. Any other key fails with 403
 * "Server failed to authenticate the request".
 */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly connectionString: string;
  readonly blobEndpoint: string;
  /** Kills the emulator and removes its workspace folder. */
  stop(): Promise<void>;
}

/**
 * Starts the Azurite blob emulator on a free loopback port with a throw-away workspace.
 * `--skipApiVersionCheck` because the SDK may speak a newer REST version than the
 * emulator knows; `--loose` so headers it does not implement are ignored, not refused.
 */
export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const location = await mkdtemp(join(tmpdir(), 'azurite-'));
  const args = ['--blobHost', HOST, '--blobPort', String(port), '--location', location, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose'];
  const server = await startChildServer({
    name: 'Azurite',
    // Run the bin script with this very node binary: no PATH or shebang lookup involved.
    command: process.execPath,
    args: [BIN, ...args],
    options: { cwd: location },
    host: HOST,
    port,
    stopSignal: 'SIGTERM',
    killAfterMs: STOP_TIMEOUT_MS,
    cleanup: () => rm(location, { recursive: true, force: true }),
  });

  const blobEndpoint = `http://${HOST}:${port}/${DEV_ACCOUNT}`;
  return {
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${blobEndpoint};`,
    stop: () => server.stop(),
  };
}
