// Launcher for `npm run bench`: runs the TypeScript benchmark through ts-node (no build step for bench/).
'use strict';
const { join } = require('node:path');

require('ts-node').register({ transpileOnly: true, project: join(__dirname, '..', 'tsconfig.json') });
require('./run.ts');
