/**
 * PM2 definition of a scaled-out gateway on one machine (docs/operations.md, "Running at scale"):
 * the gateway in cluster mode (PM2 shares one port across the replicas and spreads connections
 * over them) and one webhook worker, all on the same PostgreSQL, Redis and Blob container.
 *
 *   npm ci && npm run build && npm run build:worker
 *   DATABASE_URL=postgres://… REDIS_URL=redis://… AZURE_STORAGE_CONNECTION_STRING='…' \
 *   ADMIN_API_KEY=… npx pm2 start deploy/pm2/ecosystem.config.js
 *
 * Settings are read from the environment of `pm2 start` (the ones listed below are passed on).
 */
const PASSED = [
  'DATABASE_URL', 'DATABASE_SCHEMA', 'DATABASE_POOL_MAX', 'REDIS_URL', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER',
  'ADMIN_API_KEY', 'DEMO', 'DEMO_API_KEY', 'DEMO_CUSTOMERS', 'SKIPTOKEN_SECRET', 'PUBLIC_BASE_URL', 'TRUST_PROXY',
  'THROTTLE_LIMIT', 'THROTTLE_TTL_SECONDS', 'SMTP_URL', 'LOG_LEVEL', 'DATA_DIR',
  'WEBHOOK_RETRY_BASE_MS', 'WEBHOOK_RETRY_WINDOW_MS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
];
const env = Object.fromEntries(PASSED.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));

module.exports = {
  apps: [
    {
      name: 'insights-gateway',
      script: 'dist/apps/gateway/apps/gateway/src/main.js',
      exec_mode: 'cluster',
      instances: Number(process.env.GATEWAY_REPLICAS ?? 2),
      // Deliveries go to the worker, so request latency never waits on slow receivers.
      env: { ...env, PORT: process.env.PORT ?? '3000', WEBHOOK_DELIVERY: 'worker' },
      // Nest's shutdown hooks finish in-flight runs' current step; give them time before SIGKILL.
      kill_timeout: 15000,
      max_memory_restart: '1G',
    },
    {
      name: 'insights-gateway-worker',
      script: 'dist/apps/worker/apps/worker/src/main.js',
      exec_mode: 'fork',
      instances: 1,
      env,
      kill_timeout: 15000,
    },
  ],
};
