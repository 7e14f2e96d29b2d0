import type { PostgresDialectConfig } from 'kysely';
import type { ExactPoolConfig } from '@pg-exact/pg';

/**
 * Every option of Kysely's own `PostgresDialectConfig` but `pool` (`cursor`, `onCreateConnection`,
 * `onReserveConnection`, and on Kysely 0.29 `controlClient`), with the meaning Kysely documents.
 * Taken from the installed Kysely, so a release's new options are accepted as they come.
 *
 * `cursor` (pg-cursor) makes `stream()` work, as with Kysely's dialect; the dialect hands the
 * cursor exactly serialized parameters (bigint, Decimal, PreciseDate µs, JSON with bigints), and
 * the rows are read by the pool's exact parsers.
 */
export type ExactPostgresDialectHooks = Omit<PostgresDialectConfig, 'pool'>;

/**
 * Either a pool you made with `@pg-exact/pg`'s `createPool` (a plain `pg.Pool` is accepted, but it
 * is only as exact as its own parsers), or a pool config for `createPool`, which the dialect then
 * creates on first use and ends on `db.destroy()`; each with Kysely's own options.
 */
export type ExactPostgresDialectConfig =
  | ({
      /** A pool (or a function resolving to one) from `createPool`. `db.destroy()` ends it, as Kysely's own dialect does. */
      pool: PostgresDialectConfig['pool'];
    } & ExactPostgresDialectHooks)
  | ({ pool?: undefined } & ExactPoolConfig & ExactPostgresDialectHooks);
