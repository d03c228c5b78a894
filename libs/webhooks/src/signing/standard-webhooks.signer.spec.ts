import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret, isWebhookSecret, signWebhook, webhookHeaders } from './standard-webhooks.signer';

describe('standard-webhooks signer', () => {
  const body = JSON.stringify({ value: [{ RefreshObjectId: 'Sales', ErrorMessage: 'ünïcode ✓' }] });
  const now = () => Math.floor(Date.now() / 1000);

  describe(generateWebhookSecret.name, () => {
    it('is whsec_ + base64 of 32 random bytes, different every time', () => {
      const sut = generateWebhookSecret();
      expect(sut).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(sut.slice('whsec_'.length), 'base64')).toHaveLength(32);
      expect(generateWebhookSecret()).not.toBe(sut);
      expect(isWebhookSecret(sut)).toBe(true);
    });
  });

  describe(signWebhook.name, () => {
    it('produces signatures the reference library verifies', () => {
      for (let i = 0; i < 20; i++) {
        const secret = generateWebhookSecret();
        const headers = webhookHeaders(secret, `msg_${i}`, now(), body);
        expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
      }
    });

    it('matches the reference library byte for byte', () => {
      const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      const timestamp = 1_614_265_330;
      const expected = new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(timestamp * 1000), '{"test": 2432232314}');
      expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp, '{"test": 2432232314}')).toBe(expected);
      // The example of the Standard Webhooks specification.
      expect(expected).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    });

    it.each<[string, { body?: string; id?: string; secret?: string }]>([
      ['another body', { body: '{"value":[]}' }],
      ['another id', { id: 'msg_other' }],
      ['another secret', { secret: generateWebhookSecret() }],
    ])('fails verification with %s', (_, change) => {
      const secret = generateWebhookSecret();
      const timestamp = now();
      const headers = webhookHeaders(change.secret ?? secret, change.id ?? 'msg_1', timestamp, change.body ?? body);
      expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_1' })).toThrow(WebhookVerificationError);
    });

    it('rejects a secret without the whsec_ prefix and a non-integer timestamp', () => {
      expect(() => signWebhook('c2VjcmV0', 'msg_1', now(), body)).toThrow(TypeError);
      expect(() => signWebhook(generateWebhookSecret(), 'msg_1', 1.5, body)).toThrow(RangeError);
    });
  });

  describe(webhookHeaders.name, () => {
    it('carries the Standard Webhooks headers, JSON content type and the gateway user agent', () => {
      const sut = webhookHeaders(generateWebhookSecret(), 'msg_1', 1_700_000_000, body);
      expect(sut).toEqual({
        'webhook-id': 'msg_1',
        'webhook-timestamp': '1700000000',
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
        'content-type': 'application/json',
        'user-agent': expect.stringContaining('InsightsGateway'),
      });
    });
  });
});
