import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pinnedStartParams } from '@pg-exact/pglite';
import * as drizzleOrmPGlite from 'drizzle-orm/pglite';
import { drizzle as drizzlePGlite } from 'drizzle-orm/pglite';
import { exactDrizzle, exactMock } from '../client-proxy.js';
import { exactPGliteClient } from './exact-pglite-client.js';

type Drizzle = typeof drizzlePGlite;

/** A PGlite made here: the session pinned through its start parameters (nothing else to set: the parsers are per query). */
function pinnedPGlite(dataDir: string | undefined, options: PGliteOptions = {}): PGlite {
  return new PGlite(dataDir, { ...options, startParams: pinnedStartParams(options.startParams) });
}

/** A pinned PGlite for a data directory (or none: in memory) or a `connection` (options with an optional `dataDir`). */
function openPGlite(connection: unknown): object {
  if (typeof connection === 'object' && connection !== null) {
    const { dataDir, ...options } = connection as PGliteOptions & { dataDir?: string };
    return pinnedPGlite(dataDir, options);
  }
  return pinnedPGlite(connection as string | undefined);
}

// drizzle-orm 1.0's driver codecs (0.45 has none).
const driverCodecs = (drizzleOrmPGlite as { pgliteCodecs?: object }).pgliteCodecs;

const exactDrizzleHere = exactDrizzle(drizzlePGlite as never, openPGlite, exactPGliteClient, true, driverCodecs);

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
export const drizzle: Drizzle = Object.assign(exactDrizzleHere, { mock: exactMock(drizzlePGlite.mock as never, driverCodecs) }) as unknown as Drizzle;
