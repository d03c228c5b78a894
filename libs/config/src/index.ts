export { ConfigValidationError, envBool, envInt, loadEnvConfig } from './env-config';
export { WebhookDeliveryConfig } from './webhook-delivery.config';
