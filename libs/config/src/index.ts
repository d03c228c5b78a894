export { ConfigValidationError, envBool, envInt, loadEnvConfig } from './env-config';
export { WebhookDeliveryConfig } from './webhook-delivery.config';
export { StoreConfig, STORE_OPTIONAL } from './store.config';
