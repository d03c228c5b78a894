/** What the phases of `npm run bench:partitions` share: options, paths and how the gateway is run. */
import { join } from 'node:path';
import { BENCH_DATA } from '../context';
import type { GatewayLaunch } from './partition-gateway';

export const PARTITIONS_DATA = join(BENCH_DATA, 'partitions');

export interface PartitionsOptions {
  readonly sizeMib: number;
  readonly rows: number;
  /** Rounds of the read phase and of the import phase (--rounds sets both; --read-rounds, --import-rounds one). */
  readonly readRounds: number;
  readonly importRounds: number;
  /** maxSize of every partition read, bytes (the issue: 8 MiB). */
  readonly maxSize: number;
  /** maxResults of every partition read (the route's maximum: 100 000). */
  readonly maxResults: number;
  readonly skipRead: boolean;
  readonly skipImport: boolean;
  readonly cpuProf: boolean;
  readonly main?: string;
  readonly tsNode: boolean;
  readonly out: string;
}

export interface PartitionsContext {
  readonly options: PartitionsOptions;
  /** DATA_DIR of the gateway: instances/, lake/ and the embedded store. */
  readonly dataDir: string;
  readonly logFile: string;
  readonly profileDir: string;
  readonly launch: GatewayLaunch;
}

/** Node arguments of a gateway process (a CPU profile per process with --cpu-prof). */
export function gatewayNodeArgs(ctx: PartitionsContext): string[] {
  if (!ctx.options.cpuProf) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}`, '-r', join(__dirname, 'exit-on-sigterm.js')];
}
