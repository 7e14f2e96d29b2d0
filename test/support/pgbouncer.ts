import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's `pgbouncer` package puts the binary (`.ci/run` installs it). */
export const pgbouncerBinary = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => existsSync(path));

export interface RunningPgBouncer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` through the pooler. */
  url(database: string): string;
  readonly version: string;
  stop(): Promise<void>;
}

/** A free loopback port, chosen by the OS. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a PgBouncer of our own on a free loopback port in front of `upstream` (host:port of the
 * PostgreSQL server), in transaction pooling with ONE server connection per database, so every
 * client shares it: session state that does not follow the client shows up at once. Default
 * PgBouncer settings otherwise (no `ignore_startup_parameters`). Runs as the `postgres` user when
 * started as root (PgBouncer refuses root). Stopped by `stop()`.
 */
export async function startPgBouncer(upstream: { host: string; port: number }): Promise<RunningPgBouncer> {
  if (!pgbouncerBinary) throw new Error('pgbouncer is not installed (Debian package pgbouncer; .ci/run installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'pg-exact-pgbouncer-'));
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${upstream.host} port=${upstream.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 1',
      'max_client_conn = 100',
      '',
    ].join('\n'),
  );
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const version = /PgBouncer (\S+)/.exec(spawnSync(pgbouncerBinary, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const child = spawn(pgbouncerBinary, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const log = () => stderr; // it logs to stderr when not daemonized
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}): ${log()}`);
    if (/listening on 127\.0\.0\.1:\d+/.test(log())) break;
    if (attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not start listening: ${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    version,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT'); // immediate shutdown
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
