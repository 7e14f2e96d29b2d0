import type { DatabaseConnection, PostgresPool } from 'kysely';
import type { ExactPoolConfig } from '@pg-exact/pg';

/** Hooks shared by both forms of {@link ExactPostgresDialectConfig}; they mean what Kysely's `PostgresDialectConfig` says. */
export interface ExactPostgresDialectHooks {
  /** Called once for each new connection. Default: none. */
  onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
  /** Called each time a connection is taken from the pool. Default: none. */
  onReserveConnection?: (connection: DatabaseConnection) => Promise<void>;
}

/**
 * Either a pool you made with `@pg-exact/pg`'s `createPool` (a plain `pg.Pool` is accepted, but it
 * is only as exact as its own parsers), or a pool config for `createPool`, which the dialect then
 * creates on first use and ends on `db.destroy()`.
 */
export type ExactPostgresDialectConfig =
  | ({
      /** A pool (or a function resolving to one) from `createPool`. `db.destroy()` ends it, as Kysely's own dialect does. */
      pool: PostgresPool | (() => Promise<PostgresPool>);
    } & ExactPostgresDialectHooks)
  | ({ pool?: undefined } & ExactPoolConfig & ExactPostgresDialectHooks);
