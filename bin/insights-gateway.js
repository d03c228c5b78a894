#!/usr/bin/env node
// The CLI runs from the compiled gateway (`npm run build` first; `npm start` builds too).
'use strict';
require('../dist/apps/gateway/apps/gateway/src/cli/cli.js');
