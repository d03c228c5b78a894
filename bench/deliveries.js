// Launcher for `npm run bench:deliveries` (see bench/lib/register-ts.js).
'use strict';
require('./lib/register-ts');
require('./deliveries.ts');
