import { exactOptions } from '@pg-exact/postgres-js';
import * as drizzleOrmPostgresJs from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { exactDrizzle, exactMock } from '../client-proxy.js';
import { exactPostgresJsClient } from './exact-postgres-js-client.js';

type Drizzle = typeof drizzlePostgresJs;

/** A pinned postgres.js client for a URL or a `connection` (string, or options with an optional `url`). */
function openSql(connection: unknown): object {
  if (typeof connection === 'string') return postgres(connection, exactOptions());
  const { url, ...options } = (connection ?? {}) as postgres.Options<Record<string, postgres.PostgresType>> & { url?: string };
  return url === undefined ? postgres(exactOptions(options)) : postgres(url, exactOptions(options));
}

// drizzle-orm 1.0's driver codecs (0.45 has none).
const driverCodecs = (drizzleOrmPostgresJs as { postgresJsCodecs?: object }).postgresJsCodecs;

const exactDrizzleHere = exactDrizzle(drizzlePostgresJs as never, openSql, exactPostgresJsClient, false, driverCodecs);

/**
 * drizzle-orm's `drizzle()` for postgres.js — same arguments, same `PostgresJsDatabase` — reading
 * and writing exactly (int8 → bigint, numeric → Decimal, json/jsonb lossless, timestamptz and
 * timestamp → PreciseDate with µs, date → ISO text, arrays of these) in selects, relational queries
 * and `db.execute()`.
 *
 * Unlike drizzle-orm's own driver, it never rewrites the `sql` you pass (drizzle's replaces its
 * parsers and serializers for dates and JSON in place): your `sql` keeps working as before outside
 * Drizzle. A URL or `{ connection }` gets a client made with `exactOptions` (session pinned).
 *
 * ```ts
 * import { drizzle } from '@pg-exact/drizzle/postgres-js';
 *
 * const db = drizzle(process.env.DATABASE_URL!); // or drizzle({ client: sql, schema })
 * const [row] = await db.select().from(entries);  // row.id: bigint, row.at: PreciseDate
 * ```
 */
export const drizzle: Drizzle = Object.assign(exactDrizzleHere, { mock: exactMock(drizzlePostgresJs.mock as never, driverCodecs) }) as unknown as Drizzle;
