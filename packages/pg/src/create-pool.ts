import pg from 'pg';
import { ExactClient, type ExactClientConfig } from './exact-client.js';

/** `pg.PoolConfig` plus ExactClient's `pin`; `Client` is always ExactClient. */
export interface ExactPoolConfig extends Omit<pg.PoolConfig, 'Client'>, ExactClientConfig {}

/**
 * A `pg.Pool` whose every client is an {@link ExactClient}: exact parsers and parameter
 * serializers, session pinned, a lost connection never crashing the process (it rejects the
 * queries it hits; the pool discards the client and connects again), TCP keepalive on and a 30 s
 * connect timeout unless you set them. Takes a pool config or a connection string; the config
 * object is copied, never modified.
 *
 * ```ts
 * import { createPool } from '@pg-exact/pg';
 *
 * const pool = createPool({ connectionString: process.env.DATABASE_URL, max: 10 });
 * const { rows } = await pool.query('SELECT count(*) AS n FROM pg_class');
 * rows[0].n; // a bigint
 * await pool.end();
 * ```
 */
export function createPool(config: string | ExactPoolConfig = {}): pg.Pool {
  const own = typeof config === 'string' ? { connectionString: config } : config;
  const pool = new pg.Pool({ ...own, Client: ExactClient });
  // pg-pool re-emits an idle client's lost connection on the pool, which crashes the process when
  // nothing listens; it has already removed the client, and the next query opens a new one.
  // Listeners you add with pool.on('error', …) still receive every such error.
  pool.on('error', ignoreIdleClientError);
  return pool;
}

function ignoreIdleClientError(): void {}
