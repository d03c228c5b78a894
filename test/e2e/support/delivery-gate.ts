import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP gate in front of a receiver (test/e2e/support/webhook-receiver.ts), on its own fixed
 * loopback port, for the delivery suites (§6.2):
 *
 * - `close()` shuts the port (new connections are refused) and cuts every open connection:
 *   the receiver is "down" as the gateway sees it; `open()` listens again on the same port,
 *   so subscriptions made against `url()` keep working.
 * - `responseDelayMs` holds every byte the receiver sends back for that long: the request has
 *   arrived (and is recorded) at once, its answer comes late. A sender killed meanwhile never
 *   sees the answer, which is how a duplicate with the same `webhook-id` comes about.
 *
 *   gateway ──▶ gate :port ──▶ receiver           (requests: forwarded at once)
 *   gateway ◀── gate ◀──────── receiver           (answers: after responseDelayMs)
 */
export class DeliveryGate {
  /** Milliseconds every chunk of an answer is held; 0 = forwarded at once. */
  responseDelayMs = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: number,
    readonly port: number,
  ) {}

  /** A gate on a free port forwarding to `targetPort` on 127.0.0.1; open unless `open: false`. */
  static async start(targetPort: number, options: { open?: boolean } = {}): Promise<DeliveryGate> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const gate = new DeliveryGate(targetPort, port);
    if (options.open !== false) await gate.open();
    return gate;
  }

  get isOpen(): boolean {
    return this.server !== undefined;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones (answers being held are dropped). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.target, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const forward = () => {
        if (!client.destroyed) client.write(chunk);
      };
      // Equal delays fire in the order they were set, so the bytes keep their order.
      if (this.responseDelayMs > 0) setTimeout(forward, this.responseDelayMs);
      else forward();
    });
    client.on('close', end);
    client.on('error', end);
    upstream.on('close', () => {
      if (this.responseDelayMs > 0) setTimeout(end, this.responseDelayMs + 1);
      else end();
    });
    upstream.on('error', end);
  }
}
