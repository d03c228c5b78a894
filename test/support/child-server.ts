import { spawn, SpawnOptions } from 'node:child_process';
import { waitForPort } from './wait-for-port';

export interface ServerSpec {
  /** For the start-up error: "<name> did not start on host:port". */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** cwd, uid/gid, …; stdout and stderr are always captured. */
  readonly options?: Omit<SpawnOptions, 'stdio'>;
  readonly host: string;
  readonly port: number;
  /** The signal of an orderly stop (each server shuts down fast on a different one). */
  readonly stopSignal: NodeJS.Signals;
  /** SIGKILL after this long if the stop signal has not ended it; none when left out. */
  readonly killAfterMs?: number;
  /** After the process has exited, e.g. removing its data directory. */
  readonly cleanup: () => void | Promise<void>;
}

export interface ChildServer {
  /** Stops the process (with `signal` instead of the spec's, e.g. SIGKILL for an outage), then cleans up. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A test server as a child process: started, waited for until its port answers, and
 * stopped. Its output is kept only to explain a failed start; a server that exits or never
 * answers is stopped and cleaned up before the error is thrown.
 */
export async function startChildServer(spec: ServerSpec): Promise<ChildServer> {
  const child = spawn(spec.command, spec.args, { ...spec.options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async (signal = spec.stopSignal): Promise<void> => {
    if (running()) {
      child.kill(signal);
      const timer = spec.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), spec.killAfterMs);
      await exited;
      clearTimeout(timer);
    }
    await spec.cleanup();
  };

  try {
    await waitForPort(spec.host, spec.port, () => (running() ? undefined : `exited with ${child.exitCode ?? child.signalCode}`));
  } catch (error) {
    await stop();
    throw new Error(`${spec.name} did not start on ${spec.host}:${spec.port}: ${(error as Error).message}\n${output}`);
  }
  return { stop };
}
