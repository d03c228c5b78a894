import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/support/gateway-process';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin', 'azurite-blob');
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15_000;
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
  // Run the bin script with this very node binary: no PATH or shebang lookup involved.
  const child = spawn(process.execPath, [BIN, ...args], { cwd: location, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(location, { recursive: true, force: true });
  };

  try {
    await waitForPort(port, () => (child.exitCode !== null || child.signalCode !== null ? `exited with ${child.exitCode ?? child.signalCode}` : undefined));
  } catch (error) {
    await stop();
    throw new Error(`Azurite did not start on ${HOST}:${port}: ${(error as Error).message}\n${output}`);
  }

  const blobEndpoint = `http://${HOST}:${port}/${DEV_ACCOUNT}`;
  return {
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${blobEndpoint};`,
    stop,
  };
}

/** Polls until a TCP connect succeeds; `failed` reports a dead process so we stop early. */
async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(reason);
    if (await answers(port)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${START_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
