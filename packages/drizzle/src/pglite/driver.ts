import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pinnedStartParams } from '@pg-exact/pglite';
import { drizzle as drizzlePGlite } from 'drizzle-orm/pglite';
import { isDrizzleConfig } from '../client-proxy.js';
import { exactPGliteClient } from './exact-pglite-client.js';

type Drizzle = typeof drizzlePGlite;

/** A PGlite made here: the session pinned through its start parameters (nothing else to set: the parsers are per query). */
function pinnedPGlite(dataDir: string | undefined, options: PGliteOptions = {}): PGlite {
  return new PGlite(dataDir, { ...options, startParams: pinnedStartParams(options.startParams) });
}

function exactDrizzle(...params: unknown[]): unknown {
  let client: object;
  let config: Record<string, unknown> | undefined;
  const [first, second] = params;
  if (first === undefined || typeof first === 'string') {
    client = pinnedPGlite(first);
    config = second as Record<string, unknown> | undefined;
  } else if (isDrizzleConfig(first)) {
    const { client: given, connection, ...rest } = first;
    if (given !== undefined) client = given as object;
    else if (typeof connection === 'object' && connection !== null) {
      const { dataDir, ...options } = connection as PGliteOptions & { dataDir?: string };
      client = pinnedPGlite(dataDir, options);
    } else client = pinnedPGlite(connection as string | undefined);
    config = rest;
  } else {
    client = first as object;
    config = second as Record<string, unknown> | undefined;
  }
  const db = drizzlePGlite({ ...config, client: exactPGliteClient(client) as never });
  (db as { $client: unknown }).$client = client;
  return db;
}

/**
 * drizzle-orm's `drizzle()` for PGlite — same arguments, same `PgliteDatabase` — reading and
 * writing exactly (int8 → bigint, numeric → Decimal, json/jsonb lossless, timestamptz and timestamp
 * → PreciseDate with µs, date → ISO text, arrays of these) in selects, relational queries and
 * `db.execute()`. Drizzle's per-query identity parsers for dates and times are overridden per query;
 * a PGlite you pass (plain or from `createPGlite`) is not modified. `drizzle()`, a data directory or
 * `{ connection }` make an instance with the session pinned.
 *
 * ```ts
 * import { drizzle } from '@pg-exact/drizzle/pglite';
 *
 * const db = drizzle(); // in memory; drizzle('./data'), drizzle({ client: await createPGlite(), schema })
 * const [row] = await db.select().from(entries); // row.amount: Decimal, row.at: PreciseDate
 * ```
 */
export const drizzle: Drizzle = Object.assign(exactDrizzle, { mock: drizzlePGlite.mock }) as unknown as Drizzle;
