/**
 * The floor for the point-lookup comparison: a bare `node:http` server (its own process, like
 * the gateway) that answers each captured URL with the gateway's exact response bytes from a Map,
 * with the same Content-Type and OData-Version headers. No auth, no parsing, no SQL.
 *
 * Env: PORT, BASELINE_FIXTURE (JSON written by scenarios/lookup-baseline.ts: { contentType, bodies: { [url]: base64 } }).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

interface Fixture {
  readonly contentType: string;
  readonly bodies: Readonly<Record<string, string>>;
}

const fixturePath = process.env.BASELINE_FIXTURE;
if (!fixturePath) throw new Error('BASELINE_FIXTURE is not set');
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Fixture;
const bodies = new Map<string, Buffer>(Object.entries(fixture.bodies).map(([url, body]) => [url, Buffer.from(body, 'base64')]));
const NOT_FOUND = Buffer.from('{"error":"not captured"}');

const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (body === undefined) {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': NOT_FOUND.length });
    res.end(NOT_FOUND);
    return;
  }
  res.writeHead(200, { 'odata-version': '4.0', 'content-type': fixture.contentType, 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`baseline listening on 127.0.0.1:${process.env.PORT} with ${bodies.size} bodies\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
