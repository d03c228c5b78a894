/** What every scenario of the benchmark shares: paths, credentials, the parsed options and the run's context. */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
export const BENCH_DATA = join(ROOT, '.bench-data');
export const API_KEY = 'bench-admin-key-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${API_KEY}` };
/** What the issue asks for; the gateway's config validation may cap it (see startGateway). */
/** The configuration's maximum: far more calls than any run sends in one window. */
export const BENCH_THROTTLE_LIMIT = 1_000_000;

export interface Options {
  readonly fresh: boolean;
  readonly customers: number;
  readonly durationS: number;
  readonly rounds: number;
  readonly connections: number;
  readonly ids: number;
  readonly restarts: number;
  readonly warmupS: number;
  readonly throttleTtlS?: number;
  readonly cpuProf: boolean;
  readonly out: string;
  readonly skipFullRead: boolean;
  readonly skipLookups: boolean;
  readonly skipFeedRead: boolean;
  /** Also measure the gateway with a 1 s throttle window (isolates the throttler's cost). */
  readonly throttleDiagnostic: boolean;
}

export interface Context {
  readonly options: Options;
  readonly storeDir: string;
  readonly logFile: string;
  readonly main: string;
  throttleLimit: number;
}
