import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's postgresql-15 package puts the server binaries. */
export const postgresBin = process.env.PG_EXACT_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const privateClusterAvailable = existsSync(join(postgresBin, 'initdb')) && existsSync(join(postgresBin, 'pg_ctl'));

/** A PostgreSQL cluster of our own: the suites that restart a server never touch the shared one. */
export interface PrivateCluster {
  readonly port: number;
  readonly dataDir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
  /** `pg_ctl restart -m fast` (clients are disconnected with 57P01); resolves once the server accepts connections again. */
  restart(): void;
  stop(): void;
}

/** A free loopback port, chosen by the OS. */
export async function freePort(): Promise<number> {
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
 * Creates and starts a throwaway cluster (initdb, trust auth, user `postgres`) on a free loopback
 * port, its socket and data in a temp dir; `stop()` stops it and removes the dir. The server binaries
 * refuse to run as root: then they run as the `postgres` user (runuser).
 */
export async function startPrivateCluster(settings: Record<string, string> = {}): Promise<PrivateCluster> {
  const root = mkdtempSync(join(tmpdir(), 'pg-exact-cluster-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(root, Number(owner.stdout.trim()), Number(group.stdout.trim()));
  }
  chmodSync(root, 0o700);
  const run = (binary: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(postgresBin, binary);
    const argv = asRoot ? ['-u', 'postgres', '--', join(postgresBin, binary), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c max_connections=200',
    ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`),
  ].join(' ');
  const ctl = (...args: string[]) => run('pg_ctl', ['-D', dataDir, '-l', join(root, 'server.log'), '-o', options, '-w', '-t', '60', ...args]);
  ctl('start');
  let stopped = false;
  return {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: () => void ctl('restart', '-m', 'fast'),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-w', '-t', '30', 'stop', '-m', 'immediate']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
