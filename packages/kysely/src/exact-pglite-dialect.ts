import {
  PostgresAdapter,
  PostgresIntrospector,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { ExactPostgresQueryCompiler, withTypedJsonHelpers } from './json-helpers.js';
import type { ExactPGliteDialectConfig } from './exact-pglite-dialect-config.js';
import { ExactPGliteDriver } from './exact-pglite-driver.js';

/**
 * Kysely dialect for PGlite (embedded PostgreSQL) with `@pg-exact/pglite`'s exact parsers and
 * serializers. PGlite has one session: queries and transactions take turns on it.
 *
 * ```ts
 * import { Kysely } from 'kysely';
 * import { createPGlite } from '@pg-exact/pglite';
 * import { ExactPGliteDialect } from '@pg-exact/kysely';
 *
 * const db = new Kysely<Database>({ dialect: new ExactPGliteDialect({ pglite: await createPGlite() }) });
 * // or: new ExactPGliteDialect({ dataDir: './data' }) — created, and closed by db.destroy()
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('orders').values({ total: new Decimal('19.99') }).execute();
 * });
 * ```
 */
export class ExactPGliteDialect implements Dialect {
  readonly #config: ExactPGliteDialectConfig;

  constructor(config: ExactPGliteDialectConfig = {}) {
    this.#config = config;
  }

  createDriver(): Driver {
    return withTypedJsonHelpers(new ExactPGliteDriver(this.#config));
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
