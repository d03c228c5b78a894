// Launcher for `npm run bench:deliveries`: runs the TypeScript benchmark through ts-node (no build step
// for bench/), with the @app/* path aliases of tsconfig.json (the baseline signs with @app/webhooks).
'use strict';
const { join } = require('node:path');

const root = join(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
const tsconfigPaths = require('tsconfig-paths');
const config = tsconfigPaths.loadConfig(root);
if (config.resultType !== 'success') throw new Error(`tsconfig-paths: ${config.message}`);
tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
require('./deliveries.ts');
