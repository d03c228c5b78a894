// Launcher for `npm run bench:partitions` (see bench/lib/register-ts.js).
'use strict';
require('./lib/register-ts');
require('./partitions.ts');
