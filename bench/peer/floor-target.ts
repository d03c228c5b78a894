/**
 * The floor: bench/baseline-server.ts (a bare node:http server in its own process, as in
 * `npm run bench`) answering every path of the three queries with the bytes the gateway on
 * SQLite answered, from a Map. No auth, no parsing, no database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { dirname, join } from 'node:path';
import { ROOT } from '../context';
import { cleanEnv } from '../gateway';
import { say } from '../lib/console';
import { httpGet, waitForFirstAnswer } from '../lib/http';
import { freePort, ManagedProcess } from '../lib/processes';
import { GATEWAY_ROOT } from './gateway-target';
import { Target, TARGET_LABELS } from './targets';

/** Path → the gateway's exact response body, and the one Content-Type they all have. */
export interface Capture {
  readonly bodies: Map<string, Buffer>;
  contentType: string;
}

export function newCapture(): Capture {
  return { bodies: new Map(), contentType: '' };
}

export async function startFloor(capture: Capture, fixtureFile: string, logFile: string): Promise<Target> {
  mkdirSync(dirname(fixtureFile), { recursive: true });
  const bodies = Object.fromEntries([...capture.bodies].map(([path, body]) => [path, body.toString('base64')]));
  writeFileSync(fixtureFile, JSON.stringify({ contentType: capture.contentType, bodies }));
  const port = await freePort();
  const proc = new ManagedProcess(
    TARGET_LABELS.floor,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'baseline-server.ts')],
    cleanEnv({ PORT: String(port), BASELINE_FIXTURE: fixtureFile, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), NODE_ENV: 'production' }),
    logFile,
    ROOT,
  );
  const [somePath] = capture.bodies.keys();
  await waitForFirstAnswer(port, somePath, {}, { since: proc.spawnedAt, intervalMs: 50, deadlineMs: 60_000, alive: () => proc.alive() });
  // Every captured answer, byte for byte, before any load.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const [path, body] of capture.bodies) {
      const res = await httpGet(port, path, {}, { agent });
      if (res.status !== 200 || !res.body.equals(body)) throw new Error(`the floor answers ${path} differently (HTTP ${res.status})`);
    }
  } finally {
    agent.destroy();
  }
  say(`   floor serves the gateway's ${capture.bodies.size} captured bodies byte for byte`);
  return { key: 'floor', label: TARGET_LABELS.floor, port, proc, headers: {}, root: GATEWAY_ROOT };
}
