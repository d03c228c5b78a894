import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing per the Standard Webhooks specification (https://www.standardwebhooks.com/, §6.2):
 *
 *   secret    = "whsec_" + base64(key)
 *   signature = "v1," + base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`))
 *
 * The receiver recomputes the HMAC over the exact bytes it received, so `body` must be the
 * string that is sent, unchanged.
 */

const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 bytes of key; 32 bytes is what the reference libraries generate. */
const SECRET_BYTES = 32;

/** Sent with every delivery so receivers can tell who calls them. */
export const WEBHOOK_USER_AGENT = 'InsightsGateway-Webhooks/1.0';

/** The headers of one delivery attempt (a type, not an interface, so it is a string record). */
export type WebhookHeaders = {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
  readonly 'content-type': 'application/json';
  readonly 'user-agent': string;
};

/**
 * A new signing secret, `whsec_` + base64 of 32 random bytes; shown to the subscriber once.
 * @publicApi
 */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The `webhook-signature` value for one attempt: `v1,<base64 HMAC-SHA256>`.
 * `timestampSeconds` is whole Unix seconds, fresh for each attempt (receivers reject old ones).
 * @publicApi
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('the webhook timestamp must be whole Unix seconds');
  }
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/**
 * Every header of one attempt: the three Standard Webhooks headers, the JSON content type and
 * a user agent naming the gateway.
 * @publicApi
 */
export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): WebhookHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
  };
}

/** Whether `secret` has the `whsec_<base64>` shape this module generates. */
export function isWebhookSecret(secret: string): boolean {
  return secret.startsWith(SECRET_PREFIX) && /^[A-Za-z0-9+/]+={0,2}$/.test(secret.slice(SECRET_PREFIX.length));
}

/** The HMAC key: the base64-decoded part after `whsec_` (as the reference libraries read it). */
function secretKey(secret: string): Buffer {
  if (!isWebhookSecret(secret)) throw new TypeError('a webhook secret has the form whsec_<base64>');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}
