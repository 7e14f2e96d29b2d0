import { exactOptions } from '@pg-exact/postgres-js';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { isDrizzleConfig } from '../client-proxy.js';
import { exactPostgresJsClient } from './exact-postgres-js-client.js';

type Drizzle = typeof drizzlePostgresJs;

function exactDrizzle(...params: unknown[]): unknown {
  let client: object;
  let config: Record<string, unknown> | undefined;
  const [first, second] = params;
  if (typeof first === 'string') {
    client = postgres(first, exactOptions());
    config = second as Record<string, unknown> | undefined;
  } else if (isDrizzleConfig(first)) {
    const { client: given, connection, ...rest } = first;
    if (given !== undefined) client = given as object;
    else if (typeof connection === 'string') client = postgres(connection, exactOptions());
    else {
      const { url, ...options } = (connection ?? {}) as postgres.Options<Record<string, postgres.PostgresType>> & { url?: string };
      client = url === undefined ? postgres(exactOptions(options)) : postgres(url, exactOptions(options));
    }
    config = rest;
  } else {
    client = first as object;
    config = second as Record<string, unknown> | undefined;
  }
  const db = drizzlePostgresJs({ ...config, client: exactPostgresJsClient(client) as never });
  (db as { $client: unknown }).$client = client;
  return db;
}

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
export const drizzle: Drizzle = Object.assign(exactDrizzle, { mock: drizzlePostgresJs.mock }) as unknown as Drizzle;
