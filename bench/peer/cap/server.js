// The SAP CAP peer of `npm run bench:peer`: the CDS model of this folder served over OData v4 by
// @sap/cds with @cap-js/sqlite, in production mode (NODE_ENV=production: no watch, no index page, no CORS).
// What `cds-serve` does (bin/serve.js → server.js), minus the in-memory deploy and the index page,
// plus listening on 127.0.0.1 only: cds.server listens on every interface and takes no host.
//
// Run with cwd = this folder (cds.root), PORT, and the database file through CDS_CONFIG
// ({"requires":{"db":{"credentials":{"url":"…"}}}}); the rest of the settings is in .cdsrc.json.
'use strict';
const cds = require('@sap/cds');
// express is @sap/cds's own dependency (the version it was built and tested with).
const express = require(require.resolve('express', { paths: [require.resolve('@sap/cds')] }));

async function main() {
  const started = performance.now();
  const app = express();
  app.disable('x-powered-by');
  const csn = await cds.load('*');
  cds.model = cds.compile.for.nodejs(csn);
  cds.db = await cds.connect.to('db');
  await cds.serve('all').in(app);
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
    process.stdout.write(`cap listening on 127.0.0.1:${process.env.PORT} (@sap/cds ${cds.version}, ready in ${Math.round(performance.now() - started)} ms)\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    Promise.resolve(cds.db.disconnect?.()).finally(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`cap server failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
