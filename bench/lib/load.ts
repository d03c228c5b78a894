import autocannon, { AutocannonRequest, AutocannonResult } from 'autocannon';
import { readCpuSeconds } from './proc';
import { percentile, round } from './stats';

export interface LoadOptions {
  readonly port: number;
  /** Cycled in order by every connection. */
  readonly requests: readonly AutocannonRequest[];
  readonly connections: number;
  readonly durationS: number;
  /** The server's pid, to measure its CPU time over the run. */
  readonly serverPid: number;
}

export interface LoadRun {
  readonly durationS: number;
  /** 2xx responses per second over the run. */
  readonly rps: number;
  readonly responses2xx: number;
  /** Latency percentiles in ms from every 2xx response time (exact, not histogram buckets). */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** autocannon's own p99 (whole-millisecond histogram), for reference. */
  readonly autocannonP99Ms: number;
  /** Requests per second, per one-second sample: the spread shows drift within a run. */
  readonly perSecond: { readonly min: number; readonly max: number; readonly stddev: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** CPU seconds the server used during the run / wall time (1.0 = one core busy). */
  readonly serverCpuCores: number;
  /** Server CPU time per request, µs. */
  readonly serverCpuUsPerRequest: number;
  /** CPU the load generator (this process) used / wall time. */
  readonly clientCpuCores: number;
  readonly bytesPerResponse: number;
}

/** One autocannon run in this process against 127.0.0.1:port. */
export function runLoad(options: LoadOptions): Promise<LoadRun> {
  const latencies: number[] = [];
  const serverCpuBefore = readCpuSeconds(options.serverPid);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${options.port}`,
        connections: options.connections,
        duration: options.durationS,
        pipelining: 1,
        timeout: 10,
        requests: options.requests.map((r) => ({ ...r })),
      },
      (error: Error | null, result: AutocannonResult) => {
        if (error) return reject(error);
        const wallS = (performance.now() - started) / 1000;
        const serverCpu = readCpuSeconds(options.serverPid) - serverCpuBefore;
        const clientCpu = process.cpuUsage(clientCpuBefore);
        const ok = result['2xx'];
        resolve({
          durationS: result.duration,
          rps: round(ok / result.duration),
          responses2xx: ok,
          p50Ms: round(percentile(latencies, 50), 3),
          p90Ms: round(percentile(latencies, 90), 3),
          p99Ms: round(percentile(latencies, 99), 3),
          p999Ms: round(percentile(latencies, 99.9), 3),
          maxMs: round(latencies.reduce((m, v) => (v > m ? v : m), 0), 3),
          autocannonP99Ms: result.latency.p99,
          perSecond: { min: result.requests.min, max: result.requests.max, stddev: result.requests.stddev },
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
          serverCpuCores: round(serverCpu / wallS, 2),
          serverCpuUsPerRequest: round((serverCpu * 1e6) / Math.max(1, ok), 1),
          clientCpuCores: round((clientCpu.user + clientCpu.system) / 1e6 / wallS, 2),
          bytesPerResponse: round(result.throughput.total !== undefined ? result.throughput.total / Math.max(1, ok) : NaN),
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}
