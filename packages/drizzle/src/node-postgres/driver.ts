import { createPool, type ExactPoolConfig } from '@pg-exact/pg';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { isDrizzleConfig } from '../client-proxy.js';
import { exactNodePgClient } from './exact-node-postgres-client.js';

type Drizzle = typeof drizzleNodePostgres;

function exactDrizzle(...params: unknown[]): unknown {
  let client: object;
  let config: Record<string, unknown> | undefined;
  const [first, second] = params;
  if (typeof first === 'string') {
    client = createPool({ connectionString: first });
    config = second as Record<string, unknown> | undefined;
  } else if (isDrizzleConfig(first)) {
    const { client: given, connection, ...rest } = first;
    client =
      (given as object | undefined) ??
      createPool(typeof connection === 'string' ? { connectionString: connection } : ((connection ?? {}) as ExactPoolConfig));
    config = rest;
  } else {
    client = first as object;
    config = second as Record<string, unknown> | undefined;
  }
  const db = drizzleNodePostgres({ ...config, client: exactNodePgClient(client) as never });
  (db as { $client: unknown }).$client = client;
  return db;
}

/**
 * drizzle-orm's `drizzle()` for node-postgres — same arguments, same `NodePgDatabase` — reading
 * and writing exactly: int8 → bigint, numeric → Decimal, json/jsonb lossless, timestamptz and
 * timestamp → PreciseDate with µs, date → ISO text, arrays of these; in selects, relational
 * queries and `db.execute()`.
 *
 * A pg `Pool`/`Client` you pass is used as it is and never modified (its session is not pinned:
 * make it with `createPool` from `@pg-exact/pg` for that); a URL or `{ connection }` gets a pinned
 * pool from `createPool`. `db.$client` is the client you passed (or the pool created).
 *
 * ```ts
 * import { drizzle } from '@pg-exact/drizzle/node-postgres';
 *
 * const db = drizzle(process.env.DATABASE_URL!); // or drizzle({ client: pool, schema })
 * const [row] = await db.select().from(entries);  // row.amount: Decimal, row.at: PreciseDate
 * ```
 */
export const drizzle: Drizzle = Object.assign(exactDrizzle, { mock: drizzleNodePostgres.mock }) as unknown as Drizzle;
