/** Phase 3's endpoints and the shape of its results (also what report.ts reads). */
import { LoadRun } from '../lib/load';
import { ProcMemory } from '../lib/proc';
import { median, round } from '../lib/stats';
import { Incident } from '../supervised-gateway';

export interface Endpoint {
  readonly name: string;
  readonly key: 'customer' | 'activities';
  path(id: string): string;
}

export const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'Customer by CustomerId',
    key: 'customer',
    path: (id) => `/datasets/demo/tables/Customer/items?$filter=CustomerId%20eq%20%27${id}%27`,
  },
  {
    name: 'UnifiedActivity by CustomerId + $select',
    key: 'activities',
    path: (id) => `/datasets/demo/tables/UnifiedActivity/items?$filter=CustomerId%20eq%20%27${id}%27&$select=ActivityId,ActivityType,ActivityTime`,
  },
];

export interface EndpointResult {
  readonly name: string;
  readonly urls: number;
  readonly avgRowsPerResponse: number;
  readonly avgBodyBytes: number;
  readonly gateway: LoadRun[];
  readonly baseline: LoadRun[];
  readonly summary: {
    readonly gatewayRps: number;
    readonly baselineRps: number;
    readonly ratio: number;
    /** baseline CPU µs/req ÷ gateway CPU µs/req: the ratio at equal CPU, robust to noisy neighbours. */
    readonly cpuRatio: number;
    readonly gatewayP99Ms: number;
    readonly baselineP99Ms: number;
    readonly gatewayP50Ms: number;
    readonly baselineP50Ms: number;
    readonly gatewayCpuUsPerRequest: number;
    readonly baselineCpuUsPerRequest: number;
    readonly clientCpuCoresGateway: number;
    readonly clientCpuCoresBaseline: number;
  };
}

/** One configuration of the gateway measured against the floor. */
export interface LookupVariant {
  readonly name: string;
  readonly throttleTtlS: number;
  readonly endpoints: EndpointResult[];
  readonly gatewayMemoryAfter?: ProcMemory;
}

export interface LookupPhase {
  readonly idFormat: string;
  readonly sampleIds: readonly string[];
  readonly gatewayHeaders: readonly string[];
  readonly baselineHeaders: readonly string[];
  /** variants[0] is the measured configuration; the others are diagnostics. */
  readonly variants: LookupVariant[];
  readonly incidents: Incident[];
  readonly cpuProfileDir?: string;
}

/** Average rows and body bytes of an endpoint's captured answers. */
export interface AnswerStats {
  readonly rows: number;
  readonly bytes: number;
}

/** An endpoint's result: every run, and the medians over the rounds. */
export function summarize(name: string, urls: number, stat: AnswerStats, gatewayRuns: LoadRun[], baselineRuns: LoadRun[]): EndpointResult {
  const m = (runs: LoadRun[], pick: (r: LoadRun) => number) => median(runs.map(pick));
  const gatewayRps = m(gatewayRuns, (r) => r.rps);
  const baselineRps = m(baselineRuns, (r) => r.rps);
  return {
    name,
    urls,
    avgRowsPerResponse: round(stat.rows, 2),
    avgBodyBytes: round(stat.bytes),
    gateway: gatewayRuns,
    baseline: baselineRuns,
    summary: {
      gatewayRps: round(gatewayRps),
      baselineRps: round(baselineRps),
      ratio: round(gatewayRps / baselineRps, 3),
      cpuRatio: round(m(baselineRuns, (r) => r.serverCpuUsPerRequest) / m(gatewayRuns, (r) => r.serverCpuUsPerRequest), 3),
      gatewayP99Ms: round(m(gatewayRuns, (r) => r.p99Ms), 2),
      baselineP99Ms: round(m(baselineRuns, (r) => r.p99Ms), 2),
      gatewayP50Ms: round(m(gatewayRuns, (r) => r.p50Ms), 2),
      baselineP50Ms: round(m(baselineRuns, (r) => r.p50Ms), 2),
      gatewayCpuUsPerRequest: round(m(gatewayRuns, (r) => r.serverCpuUsPerRequest)),
      baselineCpuUsPerRequest: round(m(baselineRuns, (r) => r.serverCpuUsPerRequest)),
      clientCpuCoresGateway: round(m(gatewayRuns, (r) => r.clientCpuCores), 2),
      clientCpuCoresBaseline: round(m(baselineRuns, (r) => r.clientCpuCores), 2),
    },
  };
}
