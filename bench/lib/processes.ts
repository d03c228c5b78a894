import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { LOOPBACK } from './http';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StopResult extends ExitInfo {
  /** From SIGTERM to exit. */
  readonly shutdownMs: number;
  /** True when it did not exit within the grace period and was SIGKILLed. */
  readonly killed: boolean;
}

const live = new Set<ManagedProcess>();
const MAX_KEPT_OUTPUT = 1024 * 1024;

/** A child process of the benchmark: output teed to a log file, killed when the benchmark ends. */
export class ManagedProcess {
  readonly child: ChildProcess;
  /** performance.now() right before spawn(). */
  readonly spawnedAt: number;
  readonly exited: Promise<ExitInfo>;
  private text = '';
  private exitInfo: ExitInfo | undefined;
  private readonly log: WriteStream;

  constructor(
    readonly name: string,
    args: readonly string[],
    /** The child's complete environment (nothing is inherited implicitly). */
    env: Record<string, string>,
    logFile: string,
    cwd: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
    this.log.write(`\n=== ${new Date().toISOString()} ${name}: node ${args.join(' ')}\n`);
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this);
    const onData = (data: Buffer) => {
      this.log.write(data);
      if (this.text.length < MAX_KEPT_OUTPUT) this.text += data.toString('utf8');
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        this.log.end(`=== exit code=${code} signal=${signal}\n`);
        resolve(this.exitInfo);
      });
      this.child.once('error', (error) => {
        onData(Buffer.from(`spawn error: ${error.message}\n`));
        this.exitInfo = { code: -1, signal: null };
        live.delete(this);
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid (spawn failed)`);
    return this.child.pid;
  }

  alive(): boolean {
    return this.exitInfo === undefined;
  }

  output(): string {
    return this.text;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<StopResult> {
    if (this.exitInfo) return { ...this.exitInfo, shutdownMs: 0, killed: false };
    const started = performance.now();
    this.child.kill('SIGTERM');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return { ...info, shutdownMs: performance.now() - started, killed };
  }
}

/** Kills every child still running (synchronous: safe in an 'exit' handler). */
export function killAllChildren(): void {
  for (const p of live) {
    try {
      p.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Children die with the benchmark, however it ends; a benchmark still running after
 * `timeoutMs` gives up (every wait is bounded, so that means something hangs).
 */
export function installCleanup(name: string, timeoutMs: number): void {
  const watchdog = setTimeout(() => {
    process.stderr.write(`${name}: still running after ${timeoutMs / 60_000} minutes, giving up\n`);
    killAllChildren();
    process.exit(1);
  }, timeoutMs);
  watchdog.unref();
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping children\n`);
      killAllChildren();
      process.exit(130);
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
