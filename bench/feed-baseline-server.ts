/**
 * The floor for the feed read (phase 5): a bare `node:http` server (its own process, like the
 * gateway) that answers each captured feed URL by streaming the captured page from disk
 * (`fs.createReadStream` piped to the response), with the gateway's Content-Type, OData-Version
 * and Preference-Applied headers and a Content-Length. No auth, no parsing, no SQL, no JSON writing.
 *
 * Env: PORT, FEED_MANIFEST (JSON written by scenarios/feed-full-read.ts:
 * { headers: { [name]: value }, pages: [{ url, file, bytes }] }; the files' next links already point here).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';

export interface FeedManifest {
  readonly headers: Readonly<Record<string, string>>;
  readonly pages: readonly { readonly url: string; readonly file: string; readonly bytes: number }[];
}

const manifestPath = process.env.FEED_MANIFEST;
if (!manifestPath) throw new Error('FEED_MANIFEST is not set');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as FeedManifest;
const pages = new Map(manifest.pages.map((p) => [p.url, p]));
const NOT_FOUND = Buffer.from('{"error":"not captured"}');

const server = createServer((req, res) => {
  const page = pages.get(req.url ?? '');
  if (page === undefined) {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': NOT_FOUND.length });
    res.end(NOT_FOUND);
    return;
  }
  res.writeHead(200, { ...manifest.headers, 'content-length': page.bytes });
  pipeline(createReadStream(page.file), res, (error) => {
    if (error) process.stderr.write(`feed baseline: ${req.url}: ${error.message}\n`);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`feed baseline listening on 127.0.0.1:${process.env.PORT} with ${pages.size} pages\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
