/**
 * Webhook domain errors: stable codes, no HTTP status (the gateway maps them, §3.5).
 * Codes are never reused.
 */
export const WebhookErrorCode = {
  /** Not an absolute http(s) URL, or it carries credentials. */
  UrlInvalid: 'WEBHOOK_URL_INVALID',
  /** The host is, or resolves to, a loopback, private, link-local or otherwise internal address. */
  UrlPrivate: 'WEBHOOK_URL_PRIVATE',
  /** The host name does not resolve, so where it points cannot be checked. */
  UrlUnresolvable: 'WEBHOOK_URL_UNRESOLVABLE',
} as const;
export type WebhookErrorCode = (typeof WebhookErrorCode)[keyof typeof WebhookErrorCode];

export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A `NotificationUrl` the gateway will not call (§6.1); the message is written for people. */
export class WebhookUrlError extends WebhookError {
  constructor(code: WebhookErrorCode, message: string) {
    super(code, message, 'NotificationUrl');
  }
}
