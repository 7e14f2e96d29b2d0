import { createPool, type ExactPoolConfig } from '@pg-exact/pg';
import * as drizzleOrmNodePostgres from 'drizzle-orm/node-postgres';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { exactDrizzle, exactMock } from '../client-proxy.js';
import { exactNodePgClient } from './exact-node-postgres-client.js';

type Drizzle = typeof drizzleNodePostgres;

/** A pinned pool from `createPool` for a URL or a `connection` (string or pool config). */
function openPool(connection: unknown): object {
  return createPool(typeof connection === 'string' ? { connectionString: connection } : ((connection ?? {}) as ExactPoolConfig));
}

// drizzle-orm 1.0's driver codecs (0.45 has none).
const driverCodecs = (drizzleOrmNodePostgres as { nodePgCodecs?: object }).nodePgCodecs;

const exactDrizzleHere = exactDrizzle(drizzleNodePostgres as never, openPool, exactNodePgClient, false, driverCodecs);

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
export const drizzle: Drizzle = Object.assign(exactDrizzleHere, { mock: exactMock(drizzleNodePostgres.mock as never, driverCodecs) }) as unknown as Drizzle;
