// Lets the benchmark launchers (bench/*.js) run their TypeScript through ts-node — no build step for
// bench/ — with the @app/* path aliases of tsconfig.json, since the benchmarks use the libraries.
'use strict';
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
require('ts-node').register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
const tsconfigPaths = require('tsconfig-paths');
const config = tsconfigPaths.loadConfig(root);
if (config.resultType !== 'success') throw new Error(`tsconfig-paths: ${config.message}`);
tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
