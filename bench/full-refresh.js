// Launcher for `npm run bench:full-refresh` (see bench/lib/register-ts.js).
'use strict';
require('./lib/register-ts');
require('./full-refresh.ts');
