// Launcher for `npm run bench` (see bench/lib/register-ts.js).
'use strict';
require('./lib/register-ts');
require('./run.ts');
