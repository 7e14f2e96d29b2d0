import {
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type PostgresPool,
  type QueryCompiler,
} from 'kysely';
import { loadPgBinding } from './bindings.js';
import type { ExactPostgresDialectConfig } from './exact-postgres-dialect-config.js';

/**
 * Kysely's PostgreSQL dialect over an exact node-postgres pool: int8 reads as bigint, numeric as
 * Decimal, json/jsonb losslessly, timestamptz/timestamp as PreciseDate (µs kept), date as text, and
 * the session is pinned to UTC. The driver, adapter, introspector and compiler are Kysely's own.
 *
 * ```ts
 * import { Kysely } from 'kysely';
 * import { createPool } from '@pg-exact/pg';
 * import { ExactPostgresDialect } from '@pg-exact/kysely';
 *
 * const db = new Kysely<Database>({
 *   dialect: new ExactPostgresDialect({ pool: createPool({ connectionString: process.env.DATABASE_URL, max: 10 }) }),
 * });
 * // or: new ExactPostgresDialect({ connectionString: process.env.DATABASE_URL, max: 10 })
 * const row = await db.selectFrom('orders').select(['id', 'total']).executeTakeFirstOrThrow();
 * row.id; // bigint
 * await db.destroy(); // ends the pool
 * ```
 */
export class ExactPostgresDialect implements Dialect {
  readonly #config: ExactPostgresDialectConfig;

  constructor(config: ExactPostgresDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    const { onCreateConnection, onReserveConnection } = this.#config;
    return new PostgresDriver({ pool: this.#pool(), onCreateConnection, onReserveConnection });
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  #pool(): PostgresPool | (() => Promise<PostgresPool>) {
    const config = this.#config;
    if (config.pool !== undefined) return config.pool;
    // Imported lazily so that a PGlite-only application needs neither pg nor @pg-exact/pg.
    return async () => {
      const { createPool } = await loadPgBinding();
      const { pool: _pool, onCreateConnection: _c, onReserveConnection: _r, ...poolConfig } = config;
      return createPool(poolConfig) as unknown as PostgresPool;
    };
  }
}
