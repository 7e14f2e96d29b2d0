import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { AddressInfo } from 'node:net';
import type { Target, TargetKind } from './adapter.js';

export interface OpenTarget {
  readonly target: Target;
  close(): Promise<void>;
}

/**
 * Opens a target. The server target is the conformance database (created by the global setup);
 * the PGlite target is an in-memory PGlite served on a loopback port by pglite-socket, so wire
 * protocol drivers reach it too. pglite-socket ignores startup parameters: a binding's pin does
 * not apply there, which is exactly the "correct without the pin" case.
 */
export async function openTarget(kind: TargetKind, serverUrl: string): Promise<OpenTarget> {
  if (kind === 'server') return { target: { kind, url: serverUrl }, close: async () => undefined };
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    target: { kind, url: `postgres://postgres@127.0.0.1:${port}/postgres`, db },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
