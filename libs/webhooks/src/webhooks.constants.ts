export const WEBHOOKS_OPTIONS = 'WEBHOOKS:MODULE_OPTIONS';
/** The {@link WebhookStore} the dispatcher claims from (`storage.webhooks` by default). */
export const WEBHOOK_STORE = 'WEBHOOKS:STORE';
