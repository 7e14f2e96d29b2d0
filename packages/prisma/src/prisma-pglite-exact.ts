import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadPGliteBinding } from './bindings.js';
import { PGliteExactAdapter, type PGliteLike } from './prisma-pglite-adapter.js';
import { adapterName } from './prisma-pg-adapter.js';

/** Options of {@link PrismaPGliteExact}. */
export interface PrismaPGliteExactOptions {
  /** The schema Prisma qualifies table names with. Default `public`. */
  schema?: string;
  /** Where the adapter's own PGlite keeps its data (no instance given). Default: in memory. */
  dataDir?: string;
  /**
   * `PGlite.create` options (PGlite's `PGliteOptions`) for the adapter's own instance (no instance
   * given). Typed loosely so that a project without PGlite type-checks; passed on untouched.
   */
  pglite?: object;
  /** Close an instance you passed in when the PrismaClient disconnects. Default `false`. */
  disposeExternalInstance?: boolean;
}

/**
 * A Prisma driver adapter factory over PGlite (embedded PostgreSQL), as exact as
 * {@link PrismaPgExact}. Without an instance it creates one with `createPGlite` of
 * @pg-exact/pglite (session pinned to UTC) and closes it on disconnect; an instance you pass
 * (from `createPGlite`, or a plain `PGlite`) is queried with per-query parsers and serializers,
 * never modified, and left open. PGlite has one session: queries take turns, and a transaction
 * holds the session from BEGIN to COMMIT.
 *
 * ```ts
 * import { PrismaClient } from './generated/prisma/client.js';
 * import { PrismaPGliteExact, exactExtension } from '@pg-exact/prisma';
 *
 * const prisma = new PrismaClient({ adapter: new PrismaPGliteExact() }).$extends(exactExtension());
 * // or new PrismaPGliteExact(await createPGlite('./data')), new PrismaPGliteExact({ dataDir: './data' })
 * ```
 */
export class PrismaPGliteExact implements SqlDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = adapterName;
  readonly #instance: PGliteLike | undefined;
  readonly #options: PrismaPGliteExactOptions;

  constructor(pglite?: PGliteLike | PrismaPGliteExactOptions, options: PrismaPGliteExactOptions = {}) {
    if (pglite !== undefined && isPGlite(pglite)) {
      this.#instance = pglite;
      this.#options = options;
    } else {
      this.#instance = undefined;
      this.#options = { ...(pglite as PrismaPGliteExactOptions | undefined), ...options };
    }
  }

  async connect(): Promise<SqlDriverAdapter> {
    // Imported here so a server-only application never loads PGlite.
    const { createPGlite, exactParsers } = await loadPGliteBinding();
    const options = this.#options;
    const given = this.#instance;
    if (given !== undefined) {
      return new PGliteExactAdapter(given, exactParsers, options.schema, async () => {
        if (options.disposeExternalInstance) await given.close();
      });
    }
    const db = (await createPGlite(options.dataDir, options.pglite)) as unknown as PGliteLike;
    return new PGliteExactAdapter(db, exactParsers, options.schema, () => db.close());
  }
}

function isPGlite(value: object): value is PGliteLike {
  return typeof (value as PGliteLike).query === 'function' && typeof (value as PGliteLike).exec === 'function';
}
