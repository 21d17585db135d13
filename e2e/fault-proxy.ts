import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between the browser and the server, to break the link for real. `blackHole()` makes
 * the open WebSockets go silent (bytes dropped both ways, nothing closed, as a dead NAT or a pulled cable does) and
 * drops the other open connections, so the browser cannot reuse a dead HTTP keep-alive connection for the next
 * request; new connections go through, so the user can log in again. `retarget()` points new connections at
 * another upstream (a restarted server).
 */
export class FaultProxy {
  readonly #server: Server;
  readonly #links = new Set<{ client: Socket; upstream: Socket; websocket: boolean; dead: boolean }>();
  #target = 0;
  port = 0;

  private constructor() {
    this.#server = createServer((client) => this.#connect(client));
  }

  static async start(): Promise<FaultProxy> {
    const proxy = new FaultProxy();
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.#server.address() as { port: number }).port;
    return proxy;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  retarget(port: number): void {
    this.#target = port;
  }

  blackHole(): void {
    for (const link of this.#links) {
      if (link.websocket) {
        link.dead = true;
      } else {
        link.client.destroy();
        link.upstream.destroy();
      }
    }
  }

  async close(): Promise<void> {
    for (const link of this.#links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #connect(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.#target });
    const link = { client, upstream, websocket: false, dead: false };
    this.#links.add(link);
    client.on('data', (data) => {
      if (!link.websocket && /^upgrade: websocket/im.test(data.toString('latin1'))) link.websocket = true;
      if (!link.dead) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!link.dead) client.write(data);
    });
    const end = () => {
      this.#links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    // A black-holed link stays open: only the dropping of bytes tells.
    client.on('close', () => !link.dead && end());
    upstream.on('close', () => !link.dead && end());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }
}
