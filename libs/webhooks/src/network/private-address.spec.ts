import { WebhookErrorCode, WebhookUrlError } from '../errors/webhook-errors';
import { checkNotificationUrl, isPrivateAddress, privateAddressKind } from './private-address';

describe(privateAddressKind.name, () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.20.10.5', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd00::1', 'private'],
    ['FD12:3456:789A::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.100.100.200', 'shared'],
    ['100.127.255.255', 'shared'],
    ['168.63.129.16', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['100::1', 'reserved'],
    ['not-an-ip', 'invalid'],
    ['localhost', 'invalid'],
    ['', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.255.255',
    '192.169.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '168.63.129.17',
    '223.255.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    'fbff:ffff::1',
    'fe7f::1',
  ])('%s is public', (address) => {
    expect(privateAddressKind(address)).toBeUndefined();
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe(checkNotificationUrl.name, () => {
  const refuse = { allowPrivateNetworks: false };
  const resolvesTo =
    (...addresses: string[]) =>
    async (): Promise<readonly string[]> =>
      addresses;

  async function errorOf(promise: Promise<unknown>): Promise<WebhookUrlError> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof WebhookUrlError)) throw new Error(`expected a WebhookUrlError, got ${String(error)}`);
    return error;
  }

  it.each(['ftp://example.com/hook', 'file:///etc/passwd', 'javascript:alert(1)', '/relative/path', 'example.com/hook', '', 'http://', 'not a url'])(
    'refuses %j as not an absolute http(s) URL',
    async (url) => {
      const error = await errorOf(checkNotificationUrl(url, { allowPrivateNetworks: true }));
      expect(error).toMatchObject({ code: WebhookErrorCode.UrlInvalid, target: 'NotificationUrl', message: 'NotificationUrl must be an absolute http(s) URL' });
    },
  );

  it.each(['https://user:pass@example.com/hook', 'https://user@example.com/hook', 'https://:pass@example.com/hook'])('refuses credentials in %s', async (url) => {
    const error = await errorOf(checkNotificationUrl(url, { allowPrivateNetworks: true, resolve: resolvesTo('93.184.216.34') }));
    expect(error.code).toBe(WebhookErrorCode.UrlInvalid);
    expect(error.message).toBe('NotificationUrl must not contain credentials (user:password@)');
  });

  it('refuses localhost, which resolves to loopback (real DNS lookup)', async () => {
    const error = await errorOf(checkNotificationUrl('http://localhost:8080/hook', refuse));
    expect(error.code).toBe(WebhookErrorCode.UrlPrivate);
    expect(error.message).toMatch(
      /^NotificationUrl resolves to a private or loopback address \((127\.0\.0\.1|::1)\); set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it$/,
    );
  });

  it.each([
    ['http://127.0.0.1/hook', '127.0.0.1'],
    ['http://[::1]:3000/hook', '::1'],
    ['http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1'],
    ['http://0.0.0.0/hook', '0.0.0.0'],
    ['http://2130706433/hook', '127.0.0.1'],
    ['http://0x7f.1/hook', '127.0.0.1'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['https://10.1.2.3/hook', '10.1.2.3'],
  ])('refuses the IP literal in %s without a lookup', async (url, address) => {
    const resolve = jest.fn(resolvesTo('93.184.216.34'));
    const error = await errorOf(checkNotificationUrl(url, { allowPrivateNetworks: false, resolve }));
    expect(error.code).toBe(WebhookErrorCode.UrlPrivate);
    expect(error.message).toContain(`(${address})`);
    expect(resolve).not.toHaveBeenCalled();
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const error = await errorOf(checkNotificationUrl('https://hooks.example.com/x', { allowPrivateNetworks: false, resolve: resolvesTo('93.184.216.34', '10.0.0.7') }));
    expect(error.message).toContain('(10.0.0.7)');
  });

  it('refuses a name that does not resolve', async () => {
    const failing = async (): Promise<readonly string[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    const error = await errorOf(checkNotificationUrl('https://nowhere.invalid/x', { allowPrivateNetworks: false, resolve: failing }));
    expect(error).toMatchObject({ code: WebhookErrorCode.UrlUnresolvable, message: "NotificationUrl host 'nowhere.invalid' does not resolve to an address" });
  });

  it('accepts a public name and a public IP literal, returning the parsed URL', async () => {
    const sut = await checkNotificationUrl('https://prod-12.westeurope.logic.azure.com/workflows/abc?sig=secret', {
      allowPrivateNetworks: false,
      resolve: resolvesTo('20.38.1.1', '2603:1020::1'),
    });
    expect(sut).toBeInstanceOf(URL);
    expect(sut.hostname).toBe('prod-12.westeurope.logic.azure.com');
    await expect(checkNotificationUrl('http://93.184.216.34:8080/hook', refuse)).resolves.toBeInstanceOf(URL);
  });

  it.each(['http://localhost:8080/hook', 'http://127.0.0.1/hook', 'http://[::1]/hook', 'http://10.0.0.1/hook'])(
    'accepts %s when private networks are allowed',
    async (url) => {
      await expect(checkNotificationUrl(url, { allowPrivateNetworks: true })).resolves.toEqual(new URL(url));
    },
  );
});
