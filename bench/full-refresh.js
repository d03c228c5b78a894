// Launcher for `npm run bench:full-refresh`: runs the TypeScript benchmark through ts-node (no build step
// for bench/), with the @app/* path aliases of tsconfig.json (the baselines compile the segment filters
// with the project's own OData compiler).
'use strict';
const { join } = require('node:path');

const root = join(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
const tsconfigPaths = require('tsconfig-paths');
const config = tsconfigPaths.loadConfig(root);
if (config.resultType !== 'success') throw new Error(`tsconfig-paths: ${config.message}`);
tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
require('./full-refresh.ts');
