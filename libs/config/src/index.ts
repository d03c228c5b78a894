export { ConfigValidationError, envBool, envInt, loadEnvConfig } from './env-config';
export { WebhookDeliveryConfig } from './webhook-delivery.config';
export { StoreConfig, STORE_OPTIONAL } from './store.config';
export { LOG_LEVELS, pinoLevelOf, pinoOptions, stdoutDestination } from './log-level';
export type { LogLevelName } from './log-level';
