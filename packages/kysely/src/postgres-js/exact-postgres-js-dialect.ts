import { createSql } from '@pg-exact/postgres-js';
import {
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type PostgresCursorConstructor,
  type QueryCompiler,
} from 'kysely';
import { ExactPostgresQueryCompiler, withTypedJsonHelpers } from '../json-helpers.js';
import type { ExactPostgresJsDialectConfig, PostgresJsSql } from './exact-postgres-js-dialect-config.js';
import { PostgresJsCursor, PostgresJsPool } from './postgres-js-pool.js';

/** A postgres.js `sql` is itself a function: it is told from a function returning one by its `reserve`. */
function isSql(value: PostgresJsSql | (() => PostgresJsSql | Promise<PostgresJsSql>)): value is PostgresJsSql {
  return typeof (value as Partial<PostgresJsSql>).reserve === 'function';
}

/**
 * Kysely's PostgreSQL dialect over postgres.js (3.4 or 4), exact: int8 reads as bigint, numeric as
 * Decimal, json/jsonb losslessly, timestamptz/timestamp as PreciseDate (µs kept), date as text, the
 * session pinned to UTC, and parameters written exactly — through `@pg-exact/postgres-js`. The
 * driver, adapter, introspector and compiler are Kysely's own PostgreSQL ones (transactions,
 * savepoints, isolation levels, the hooks), over reserved postgres.js connections; `stream()` uses
 * postgres.js cursors, with no extra package.
 *
 * ```ts
 * import { Kysely } from 'kysely';
 * import { createSql, ExactPostgresJsDialect } from '@pg-exact/kysely/postgres-js';
 *
 * const db = new Kysely<Database>({
 *   dialect: new ExactPostgresJsDialect({ postgres: createSql(process.env.DATABASE_URL!, { max: 10 }) }),
 * });
 * // or: new ExactPostgresJsDialect({ connectionString: process.env.DATABASE_URL, max: 10 })
 * const row = await db.selectFrom('orders').select(['id', 'total']).executeTakeFirstOrThrow();
 * row.id; // bigint
 * await db.destroy(); // ends the sql
 * ```
 */
export class ExactPostgresJsDialect implements Dialect {
  readonly #config: ExactPostgresJsDialectConfig;

  constructor(config: ExactPostgresJsDialectConfig = {}) {
    this.#config = config;
  }

  createDriver(): Driver {
    const { postgres, onCreateConnection, onReserveConnection, connectionString, ...options } = this.#config as ExactPostgresJsDialectConfig & {
      connectionString?: string;
    };
    return withTypedJsonHelpers(new PostgresDriver({
      // Called once, by the driver's init(): the sql is made (or the user's function called) on first use.
      pool: async () => {
        const sql: PostgresJsSql =
          postgres === undefined
            ? connectionString === undefined
              ? createSql(options)
              : createSql(connectionString, options)
            : isSql(postgres)
              ? postgres
              : await postgres();
        return new PostgresJsPool(sql).warmUp();
      },
      cursor: PostgresJsCursor as unknown as PostgresCursorConstructor,
      onCreateConnection,
      onReserveConnection,
    }));
  }

  createQueryCompiler(): QueryCompiler {
    return new ExactPostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
