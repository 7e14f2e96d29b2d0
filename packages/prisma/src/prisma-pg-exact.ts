import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadPgBinding } from './bindings.js';
import { adapterName, PgExactAdapter, prismaTypes } from './prisma-pg-adapter.js';
import type { PgPoolLike, PrismaPgExactInput, PrismaPgExactOptions } from './prisma-pg-exact-config.js';

function isPool(value: unknown): value is PgPoolLike {
  return typeof value === 'object' && value !== null && typeof (value as PgPoolLike).connect === 'function';
}

function schemaOf(input: PrismaPgExactInput): string | undefined {
  const url = typeof input === 'string' ? input : isPool(input) ? undefined : input.connectionString;
  if (url === undefined) return undefined;
  try {
    return new URL(url).searchParams.get('schema') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Prisma driver adapter factory over node-postgres that reads and writes exactly what
 * PostgreSQL holds. Pass it to `new PrismaClient({ adapter })`, with `exactExtension()`.
 *
 * - Takes what Prisma's `PrismaPg` takes: a connection URL, a pool config (then it creates the
 *   pool with `createPool` of @pg-exact/pg: session pinned to UTC) or a `pg.Pool` you own (used
 *   as it is: never modified, left open unless `disposeExternalPool`).
 * - Every query passes its own parsers: int8, numeric, Json and DateTime never go through pg's
 *   process-wide registry or the pool's `types`.
 * - timestamptz is converted by its real offset, under any session TimeZone; DateTime reaches
 *   Prisma as UTC ISO text with µs (Prisma's Date keeps the ms).
 * - Json numbers float64 cannot hold reach Prisma tagged; `exactExtension()` makes them bigint /
 *   Decimal. BigInt and Decimal fields are exact (digits, not floats).
 * - Transactions (interactive and batch, isolation levels, savepoints) and `executeScript`
 *   (one simple-protocol query: `DO` blocks work) are supported; server errors map to Prisma's
 *   codes (23505 → P2002, …). Relation joins are off: Prisma loads relations with separate queries.
 *
 * ```ts
 * import { PrismaClient } from './generated/prisma/client.js';
 * import { PrismaPgExact, exactExtension } from '@pg-exact/prisma';
 *
 * const prisma = new PrismaClient({ adapter: new PrismaPgExact({ connectionString: process.env.DATABASE_URL }) })
 *   .$extends(exactExtension());
 * const account = await prisma.account.findFirstOrThrow();
 * account.balance; // Prisma.Decimal, every digit; account.meta.snowflake: bigint
 * ```
 */
export class PrismaPgExact implements SqlDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = adapterName;
  readonly #input: PrismaPgExactInput;
  readonly #options: PrismaPgExactOptions;

  constructor(poolOrConfig: PrismaPgExactInput, options: PrismaPgExactOptions = {}) {
    if (poolOrConfig === null || (typeof poolOrConfig !== 'string' && typeof poolOrConfig !== 'object')) {
      throw new TypeError('PrismaPgExact: expected a pg Pool, a pool config or a connection URL');
    }
    this.#input = poolOrConfig;
    this.#options = options;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const input = this.#input;
    const options = this.#options;
    const schema = options.schema ?? schemaOf(input);
    const types = await prismaTypes();
    if (isPool(input)) {
      return new PgExactAdapter(input, types, schema, async () => {
        if (options.disposeExternalPool) await input.end();
      }, options.onConnectionError);
    }
    // Imported here so a PGlite-only application loads neither pg nor @pg-exact/pg.
    const { createPool } = await loadPgBinding();
    const pool = createPool(input) as unknown as PgPoolLike;
    const onIdleError = (error: Error) => options.onPoolError?.(error);
    pool.on?.('error', onIdleError);
    return new PgExactAdapter(pool, types, schema, () => pool.end(), options.onConnectionError);
  }
}
