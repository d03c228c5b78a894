// Launcher for `npm run bench:peer` (see bench/lib/register-ts.js).
'use strict';
require('./lib/register-ts');
require('./peer.ts');
