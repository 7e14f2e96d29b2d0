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
  type PostgresDialectConfig,
  type PostgresPool,
  type QueryCompiler,
} from 'kysely';
import { ExactPostgresQueryCompiler, withTypedJsonHelpers } from './json-helpers.js';
import type { ExactPoolConfig } from '@pg-exact/pg';
import { loadPgBinding } from './bindings.js';
import { guardedPool } from './connection-fault-guard.js';
import type { ExactPostgresDialectConfig } from './exact-postgres-dialect-config.js';

/**
 * Kysely's PostgreSQL dialect over an exact node-postgres pool: int8 reads as bigint, numeric as
 * Decimal, json/jsonb losslessly, timestamptz/timestamp as PreciseDate (µs kept), date as text, and
 * the session is pinned to UTC. The driver, adapter, introspector and compiler are Kysely's own.
 *
 * A connection lost under a transaction never crashes the process (the clients Kysely checks out
 * get an `'error'` listener while they are out); its queries reject, the pool discards it, and a
 * COMMIT it cuts off rejects with `PgExactCommitUnknownError` (sent, reply lost) or
 * `PgExactNotCommittedError` (lost before it was sent). A pool you pass keeps its own `'error'`
 * listener duty for idle clients, as with any pg.Pool; `createPool` pools and the
 * `{ connectionString }` form have one.
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
 * // stream(): pass pg-cursor, as to Kysely's dialect: new ExactPostgresDialect({ pool, cursor: Cursor })
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
    const { pool, options, poolConfig } = splitConfig(this.#config);
    let serialize: ((values: readonly unknown[]) => unknown[]) | undefined;
    const config: PostgresDialectConfig = {
      ...options,
      // A function, so the driver's init() loads @pg-exact/pg (lazily: a PGlite-only application
      // needs neither pg nor @pg-exact/pg) before any stream builds a cursor. Called once, as
      // Kysely calls a pool function; Kysely's arguments (0.29: abort options) are passed on.
      pool: async (...args: unknown[]) => {
        const binding = await loadPgBinding();
        serialize = binding.serializeParameters;
        if (pool === undefined) return guardedPool(binding.createPool(poolConfig) as unknown as PostgresPool);
        return guardedPool(typeof pool === 'function' ? await (pool as (...a: unknown[]) => Promise<PostgresPool>)(...args) : pool);
      },
    };
    if (options.cursor !== undefined) {
      config.cursor = exactCursor(options.cursor, (values) => {
        if (serialize === undefined) throw new Error('ExactPostgresDialect: the driver is not initialized');
        return serialize(values);
      });
    }
    return withTypedJsonHelpers(new PostgresDriver(config));
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

// Kysely's own dialect options (0.28: cursor and the hooks; 0.29 adds controlClient): passed to its
// driver, and kept out of the pool config of the `{ connectionString, … }` form.
const kyselyOptionKeys = new Set(['cursor', 'onCreateConnection', 'onReserveConnection', 'controlClient']);

function splitConfig(config: ExactPostgresDialectConfig): {
  pool: PostgresDialectConfig['pool'] | undefined;
  options: Omit<PostgresDialectConfig, 'pool'>;
  poolConfig: ExactPoolConfig;
} {
  const options: Record<string, unknown> = {};
  const poolConfig: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'pool') continue;
    if (kyselyOptionKeys.has(key)) options[key] = value;
    else poolConfig[key] = value;
  }
  return { pool: config.pool ?? undefined, options: options as Omit<PostgresDialectConfig, 'pool'>, poolConfig: poolConfig as ExactPoolConfig };
}

/**
 * The user's cursor class (pg-cursor), handed the parameters exactly serialized: pg-cursor
 * prepares its values with pg's own `prepareValue` when it is constructed (a Decimal would be
 * JSON-quoted, a Date written in the process zone to the ms, a bigint inside JSON would throw),
 * before the pool's client sees the query. A value that cannot be written throws here, so the
 * stream rejects and nothing is sent. Rows are parsed by the client's types (pg gives a cursor
 * without `types` its client's: the exact parsers of a `createPool` pool).
 */
function exactCursor(
  Cursor: PostgresCursorConstructor,
  serialize: (values: readonly unknown[]) => unknown[],
): PostgresCursorConstructor {
  const Base = Cursor as unknown as new (sql: string, parameters: unknown[]) => object;
  class ExactCursor extends Base {
    constructor(sql: string, parameters: unknown[]) {
      super(sql, serialize(parameters));
    }
  }
  return ExactCursor as unknown as PostgresCursorConstructor;
}
