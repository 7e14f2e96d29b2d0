import * as net from 'node:net';

/**
 * When the proxy cuts a link on its own, from what it sees the client send:
 * - `'after-commit'`: right after forwarding a complete COMMIT (the simple-protocol Query, or the
 *   extended-protocol Sync that follows a Parse of COMMIT): the server receives it and commits, the
 *   client never gets the reply;
 * - `'on-marker'`: when a query containing {@link CUT_MARKER} arrives; it is not forwarded.
 */
export type CutRule = 'after-commit' | 'on-marker';

/** Put this text in a query to have an `'on-marker'` proxy cut the link instead of forwarding it. */
export const CUT_MARKER = 'pg_exact_cut_here';

export interface CuttingProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlThrough(url: string): string;
  /** Sets (or clears) the rule applied from now on to every link. */
  cutOn(rule: CutRule | undefined): void;
  /** Destroys every open link at once, as a dropped network would. */
  cutAll(): void;
  /** How many links the proxy has cut so far (by rule or by cutAll). */
  readonly cuts: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy to a PostgreSQL server that reads the frontend protocol the client sends
 * (message by message, without TLS) and can cut a link at a precise point, to test what a client
 * reports when the connection is lost at that point.
 */
export async function startCuttingProxy(target: { host: string; port: number }): Promise<CuttingProxy> {
  const links = new Set<{ client: net.Socket; server: net.Socket }>();
  let rule: CutRule | undefined;
  let cuts = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const link = { client, server: upstream };
    links.add(link);
    let pending = Buffer.alloc(0);
    let started = false; // the startup message (no type byte) has passed
    let commitParsed = false;
    let cut = false;

    const cutLink = (forwardFirst?: Buffer) => {
      if (cut) return;
      cut = true;
      cuts++;
      client.destroy();
      // The data forwarded first reaches the server before the end of the stream: it is executed.
      if (forwardFirst !== undefined) upstream.end(forwardFirst);
      else upstream.destroy();
    };

    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      pending = Buffer.concat([pending, chunk]);
      let forward = 0; // bytes of `pending` ready to be forwarded
      for (;;) {
        const header = started ? 5 : 4;
        if (pending.length - forward < header) break;
        const length = started ? pending.readInt32BE(forward + 1) + 1 : pending.readInt32BE(forward);
        if (pending.length - forward < length) break;
        const message = pending.subarray(forward, forward + length);
        if (!started) {
          // SSLRequest / GSSENCRequest are answered 'N' by the server; the startup message follows.
          const code = message.readInt32BE(4);
          if (code !== 80877103 && code !== 80877104) started = true;
          forward += length;
          continue;
        }
        const type = String.fromCharCode(message[0]!);
        const text = type === 'Q' || type === 'P' ? message.subarray(5).toString('utf8') : '';
        if (rule === 'on-marker' && text.includes(CUT_MARKER)) {
          upstream.write(pending.subarray(0, forward));
          cutLink();
          return;
        }
        forward += length;
        if (rule === 'after-commit') {
          const statement = type === 'Q' ? text : type === 'P' ? text.slice(text.indexOf('\0') + 1) : '';
          const isCommit = /^\s*(commit|end)\b/i.test(statement.replace(/\0.*$/s, ''));
          if (type === 'P') commitParsed = isCommit;
          if ((type === 'Q' && isCommit) || (type === 'S' && commitParsed)) {
            cutLink(pending.subarray(0, forward));
            return;
          }
        }
      }
      if (forward > 0) {
        upstream.write(pending.subarray(0, forward));
        pending = pending.subarray(forward);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
    const close = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      if (!cut) close();
    });
    upstream.on('close', close);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    urlThrough(url: string): string {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cutOn(next) {
      rule = next;
    },
    cutAll() {
      for (const link of links) {
        cuts++;
        link.client.destroy();
        link.server.destroy();
      }
      links.clear();
    },
    get cuts() {
      return cuts;
    },
    async close() {
      for (const link of links) {
        link.client.destroy();
        link.server.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
