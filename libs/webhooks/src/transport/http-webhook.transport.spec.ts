import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWebhookTransport, redactUrl } from './http-webhook.transport';

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real receiver on 127.0.0.1; `answer` decides each response. */
async function startReceiver(answer: (res: ServerResponse, received: Received) => void) {
  const received: Received[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      answer(res, entry);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe(HttpWebhookTransport.name, () => {
  const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,abc=', 'content-type': 'application/json' };
  const body = JSON.stringify({ Name: 'HighValue', EntityCount: 12, Note: 'ünïcode' });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sut: HttpWebhookTransport;

  afterEach(async () => {
    sut?.close();
    await receiver?.close();
  });

  it('POSTs the body and headers as given and reads the status back', async () => {
    receiver = await startReceiver((res) => res.writeHead(202).end('ok'));
    sut = new HttpWebhookTransport({ allowPrivateNetworks: true });

    const result = await sut.send({ url: `http://127.0.0.1:${receiver.port}/hooks/abc?sig=secret`, headers, body });

    expect(result).toEqual({ kind: 'response', status: 202 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ method: 'POST', url: '/hooks/abc?sig=secret', body });
    expect(receiver.received[0].headers).toMatchObject({ ...headers, 'content-length': String(Buffer.byteLength(body)) });
  });

  it('reads Retry-After back', async () => {
    receiver = await startReceiver((res) => res.writeHead(503, { 'retry-after': '7' }).end());
    sut = new HttpWebhookTransport({ allowPrivateNetworks: true });
    await expect(sut.send({ url: `http://127.0.0.1:${receiver.port}/`, headers, body })).resolves.toEqual({ kind: 'response', status: 503, retryAfter: '7' });
  });

  it('reuses one keep-alive connection for consecutive attempts', async () => {
    receiver = await startReceiver((res) => res.writeHead(200).end('x'.repeat(10_000)));
    sut = new HttpWebhookTransport({ allowPrivateNetworks: true });
    const url = `http://127.0.0.1:${receiver.port}/`;
    for (let i = 0; i < 3; i++) {
      await expect(sut.send({ url, headers, body })).resolves.toEqual({ kind: 'response', status: 200 });
      // Let the drained socket go back to the pool.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(receiver.received).toHaveLength(3);
    expect(receiver.connections()).toBe(1);
  });

  it('gives a timeout network error when no answer comes in time', async () => {
    receiver = await startReceiver(() => undefined);
    sut = new HttpWebhookTransport({ allowPrivateNetworks: true, timeoutMs: 100 });
    const started = Date.now();
    const result = await sut.send({ url: `http://127.0.0.1:${receiver.port}/`, headers, body });
    expect(result).toEqual({ kind: 'network-error', error: 'timeout', message: 'no response within 100 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives a refused network error when nothing listens', async () => {
    receiver = await startReceiver(() => undefined);
    const port = receiver.port;
    await receiver.close();
    sut = new HttpWebhookTransport({ allowPrivateNetworks: true });
    await expect(sut.send({ url: `http://127.0.0.1:${port}/`, headers, body })).resolves.toMatchObject({ kind: 'network-error', error: 'refused' });
  });

  it('refuses an internal IP literal without connecting', async () => {
    receiver = await startReceiver((res) => res.writeHead(200).end());
    sut = new HttpWebhookTransport({ allowPrivateNetworks: false });
    const result = await sut.send({ url: `http://127.0.0.1:${receiver.port}/`, headers, body });
    expect(result).toEqual({ kind: 'network-error', error: 'blocked', message: 'refused to connect to 127.0.0.1 (loopback address)' });
    expect(receiver.connections()).toBe(0);
  });

  it('refuses at connect time a name that resolves to loopback (localhost)', async () => {
    receiver = await startReceiver((res) => res.writeHead(200).end());
    sut = new HttpWebhookTransport({ allowPrivateNetworks: false });
    const result = await sut.send({ url: `http://localhost:${receiver.port}/hook`, headers, body });
    expect(result).toEqual({ kind: 'network-error', error: 'blocked', message: expect.stringMatching(/^refused to connect to (127\.0\.0\.1|::1) \(loopback address\) for localhost$/) });
    expect(receiver.connections()).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it('connects to localhost when private networks are allowed', async () => {
    receiver = await startReceiver((res) => res.writeHead(204).end());
    sut = new HttpWebhookTransport({ allowPrivateNetworks: true });
    await expect(sut.send({ url: `http://localhost:${receiver.port}/hook`, headers, body })).resolves.toEqual({ kind: 'response', status: 204 });
  });

  it('gives invalid-url for a URL it cannot use', async () => {
    sut = new HttpWebhookTransport();
    await expect(sut.send({ url: 'not a url', headers, body })).resolves.toMatchObject({ kind: 'network-error', error: 'invalid-url' });
    await expect(sut.send({ url: 'ftp://example.com/x', headers, body })).resolves.toMatchObject({ kind: 'network-error', error: 'invalid-url' });
  });
});

describe(redactUrl.name, () => {
  it.each([
    ['https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=SECRET', 'https://prod-12.westeurope.logic.azure.com/…'],
    ['http://127.0.0.1:8080/hook?token=x', 'http://127.0.0.1:8080/…'],
    ['http://[::1]:3000/a', 'http://[::1]:3000/…'],
    ['not a url', '(invalid URL)'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
