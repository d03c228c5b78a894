#!/usr/bin/env node
// `npx insights-gateway <command>` (apps/gateway/src/cli/cli.ts). Runs the compiled CLI from dist/
// (`npm run build`; `npm start` builds too). Without a build, or with INSIGHTS_GATEWAY_FROM_SOURCES=1
// (the e2e tests, so they test the sources as they are), it runs the TypeScript sources through
// ts-node (transpile-only, with the @app/* paths of tsconfig.json), a dev dependency.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist/apps/gateway/apps/gateway/src/cli/cli.js');

if (process.argv[2] === '--version') {
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (process.env.INSIGHTS_GATEWAY_FROM_SOURCES !== '1' && existsSync(built)) {
  require(built);
} else {
  let tsNode;
  try {
    tsNode = require('ts-node');
  } catch {
    process.stderr.write('insights-gateway: no build in dist/ and no ts-node to run the sources: run `npm run build` first\n');
    process.exit(1);
  }
  tsNode.register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
  const tsconfigPaths = require('tsconfig-paths');
  const config = tsconfigPaths.loadConfig(root);
  if (config.resultType !== 'success') throw new Error(`tsconfig-paths: ${config.message}`);
  tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
  require(join(root, 'apps/gateway/src/cli/cli.ts'));
}
