// Preload (`node -r`) for gateways run with --cpu-prof: Nest's shutdown hook closes the app and then
// re-raises SIGTERM, which kills the process before V8 writes the profile. This listener lets the
// hook run, and exits normally on the re-raised signal instead, so the .cpuprofile is written.
'use strict';
process.on('SIGTERM', function exitNormally() {
  if (process.listenerCount('SIGTERM') > 1) return; // the app's own hook is still closing it
  process.exit(0);
});
