import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a PostgreSQL server, for fault tests:
 * - `stall()`: stop forwarding in both directions and keep every socket open, new ones included
 *   (a silently dead link: the kernel still ACKs, so TCP keepalive sees nothing wrong);
 * - `resume()`: forward again (what was held back is delivered);
 * - `cut()`: reset every open link at once (both sides see ECONNRESET); new connections still work.
 */
export interface FaultProxy {
  readonly port: number;
  /** The upstream URL with host and port replaced by the proxy's. */
  url(upstreamUrl: string): string;
  stall(): void;
  resume(): void;
  cut(): void;
  /** Links open now, and every link accepted so far. */
  readonly open: number;
  readonly accepted: number;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  server: Socket;
}

export async function startFaultProxy(upstream: { host: string; port: number }): Promise<FaultProxy> {
  const links = new Set<Link>();
  let stalled = false;
  let accepted = 0;

  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (!stalled) from.resume();
    });
  };

  const server: Server = createServer((client) => {
    accepted++;
    const upstreamSocket = connect(upstream.port, upstream.host);
    const link = { client, server: upstreamSocket };
    links.add(link);
    if (stalled) {
      client.pause();
      upstreamSocket.pause();
    }
    pipe(client, upstreamSocket);
    pipe(upstreamSocket, client);
    const drop = () => {
      if (!links.delete(link)) return;
      client.destroy();
      upstreamSocket.destroy();
    };
    for (const socket of [client, upstreamSocket]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('fault proxy: no address');

  return {
    port: address.port,
    url(upstreamUrl) {
      const url = new URL(upstreamUrl);
      url.hostname = '127.0.0.1';
      url.port = String(address.port);
      return url.toString();
    },
    stall() {
      stalled = true;
      for (const { client, server: upstreamSocket } of links) {
        client.pause();
        upstreamSocket.pause();
      }
    },
    resume() {
      stalled = false;
      for (const { client, server: upstreamSocket } of links) {
        client.resume();
        upstreamSocket.resume();
      }
    },
    cut() {
      for (const link of [...links]) {
        links.delete(link);
        link.client.resetAndDestroy();
        link.server.resetAndDestroy();
      }
    },
    get open() {
      return links.size;
    },
    get accepted() {
      return accepted;
    },
    async close() {
      for (const link of links) {
        link.client.destroy();
        link.server.destroy();
      }
      links.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
