import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import * as drizzleOrm from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import postgres from 'postgres';
import { describe } from 'vitest';
import { databaseUrl } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { drizzle as drizzleNodePostgres } from '../src/node-postgres/index.js';
import { bigint, date, identity, integer, json, jsonb, numeric, pgTable, text, timestamp, timestamptz } from '../src/pg-core/index.js';
import { drizzle as drizzlePGlite } from '../src/pglite/index.js';
import { drizzle as drizzlePostgresJs } from '../src/postgres-js/index.js';

export { databaseUrl };
export { tag } from '../../../test/support/tag.js';

/** Every exact column, nullable, plus arrays. */
export const values = pgTable('values_t', {
  id: identity(),
  i8: bigint(),
  num: numeric(),
  num2: numeric({ precision: 38, scale: 18 }),
  jb: jsonb(),
  js: json(),
  tz: timestamptz(),
  ts: timestamp({ precision: 6 }),
  d: date(),
  i8s: bigint().array(),
  nums: numeric().array(),
  tzs: timestamptz().array(),
});

export const accounts = pgTable('accounts', {
  id: identity(),
  name: text().notNull(),
  externalId: bigint('external_id').notNull(),
});

export const entries = pgTable('entries', {
  id: identity(),
  accountId: bigint('account_id').notNull(),
  amount: numeric({ precision: 38, scale: 18 }).notNull(),
  raw: numeric().notNull(),
  at: timestamptz().notNull(),
  local: timestamp().notNull(),
  day: date().notNull(),
  meta: jsonb<{ snowflake: bigint }>().notNull(),
  seq: integer().notNull(),
});

/** drizzle-orm 1.0 (relational queries v2, `defineRelations`), or 0.45 (v1, `relations`). */
export const drizzleV1 = 'defineRelations' in drizzleOrm;

// The same relations in each version's API; v1's `relations` left drizzle-orm's root in 1.0.
type RelationsV1 = typeof import('drizzle-orm').relations;
interface RelationsV2Builder {
  many: Record<string, () => unknown>;
  one: Record<string, (config: { from: unknown; to: unknown }) => unknown>;
  [table: string]: unknown;
}
type DefineRelations = (tables: object, define: (r: RelationsV2Builder) => object) => object;

const relationsV1 = (drizzleOrm as { relations?: RelationsV1 }).relations;

function schemaV1() {
  return {
    values,
    accounts,
    entries,
    accountsRelations: relationsV1!(accounts, ({ many }) => ({ entries: many(entries) })),
    entriesRelations: relationsV1!(entries, ({ one }) => ({
      account: one(accounts, { fields: [entries.accountId], references: [accounts.id] }),
    })),
  };
}

/** The tables, with 0.45's relations (typed as 0.45's, the workspace's version). */
export const schema: ReturnType<typeof schemaV1> = drizzleV1 ? ({ values, accounts, entries } as never) : schemaV1();

/** drizzle() config giving the relations: `{ schema }` on 0.45, `{ relations }` (defineRelations) on 1.0. */
export const relationsConfig: Record<string, unknown> = drizzleV1
  ? {
      relations: ((drizzleOrm as unknown as { defineRelations: DefineRelations }).defineRelations)({ values, accounts, entries }, (r) => ({
        accounts: { entries: r.many.entries!() },
        entries: {
          account: r.one.accounts!({
            from: (r.entries as Record<string, unknown>).accountId,
            to: (r.accounts as Record<string, unknown>).id,
          }),
        },
      })),
    }
  : { schema };

export const ddl = `
CREATE TABLE values_t (
  id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  i8 int8, num numeric, num2 numeric(38,18), jb jsonb, js json, tz timestamptz, ts timestamp(6), d date,
  i8s int8[], nums numeric[], tzs timestamptz[]
);
CREATE TABLE accounts (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, external_id int8 NOT NULL);
CREATE TABLE entries (
  id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id int8 NOT NULL REFERENCES accounts,
  amount numeric(38,18) NOT NULL, raw numeric NOT NULL, at timestamptz NOT NULL, local timestamp NOT NULL,
  day date NOT NULL, meta jsonb NOT NULL, seq int4 NOT NULL
);`;

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** One Drizzle driver over a fresh schema (server, session TimeZone not UTC) or a fresh PGlite. */
export interface DriverTarget {
  readonly db: Db;
  /** The user's own client, as passed to drizzle(). */
  readonly client: unknown;
  /** What the server stored, printed by a separate raw UTC session: `SELECT <expr>::text`. */
  text(expression: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface DriverCase {
  readonly name: 'node-postgres' | 'postgres-js' | 'pglite';
  readonly server: boolean;
  /** The pg-exact drizzle() of this driver, for another database over the same client. */
  readonly drizzle: (config: Record<string, unknown>) => Db;
  open(): Promise<DriverTarget>;
}

/** A non-UTC session zone with an odd offset: instants must be read by their printed offset. */
export const SESSION_ZONE = 'Asia/Kathmandu';

async function serverSchema(): Promise<{ schema: string; admin: pg.Client; drop(): Promise<void> }> {
  const schema = `pgx_dz_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl, types: { getTypeParser: () => (text: string) => text } });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${ddl}`);
  return {
    schema,
    admin,
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

function adminText(admin: pg.Client): (expression: string) => Promise<string | null> {
  return async (expression) => {
    const { rows } = await admin.query<{ t: string | null }>(`SET TIME ZONE 'UTC'; SELECT (${expression})::text AS t`).then(
      (results) => (results as unknown as pg.QueryResult<{ t: string | null }>[])[1]!,
    );
    return rows[0]?.t ?? null;
  };
}

export const nodePostgresCase: DriverCase = {
  name: 'node-postgres',
  server: true,
  drizzle: (config) => drizzleNodePostgres(config as never) as unknown as Db,
  async open() {
    const { schema: name, admin, drop } = await serverSchema();
    // A plain pg.Pool, as a user has: the wrapper must make it exact without touching it.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 3, options: `-c search_path=${name} -c TimeZone=${SESSION_ZONE}` });
    const db = drizzleNodePostgres({ client: pool, ...relationsConfig }) as unknown as Db;
    return {
      db,
      client: pool,
      text: adminText(admin),
      async close() {
        await pool.end();
        await drop();
      },
    };
  },
};

export const postgresJsCase: DriverCase = {
  name: 'postgres-js',
  server: true,
  drizzle: (config) => drizzlePostgresJs(config as never) as unknown as Db,
  async open() {
    const { schema: name, admin, drop } = await serverSchema();
    const client = postgres(databaseUrl, { max: 3, onnotice: () => undefined, connection: { search_path: name, TimeZone: SESSION_ZONE } });
    const db = drizzlePostgresJs({ client, ...relationsConfig }) as unknown as Db;
    return {
      db,
      client,
      text: adminText(admin),
      async close() {
        await client.end();
        await drop();
      },
    };
  },
};

export const pgliteCase: DriverCase = {
  name: 'pglite',
  server: false,
  drizzle: (config) => drizzlePGlite(config as never) as unknown as Db,
  async open() {
    const pglite = new PGlite();
    await pglite.exec(`${ddl}; SET TIME ZONE '${SESSION_ZONE}'`);
    const db = drizzlePGlite({ client: pglite, ...relationsConfig }) as unknown as Db;
    return {
      db,
      client: pglite,
      async text(expression) {
        await pglite.exec(`SET TIME ZONE 'UTC'`);
        try {
          const result = await pglite.query<{ t: string | null }>(`SELECT (${expression})::text AS t`);
          return result.rows[0]?.t ?? null;
        } finally {
          await pglite.exec(`SET TIME ZONE '${SESSION_ZONE}'`);
        }
      },
      close: () => pglite.close(),
    };
  },
};

export const driverCases: readonly DriverCase[] = [nodePostgresCase, postgresJsCase, pgliteCase];

/** Runs `body` once per driver; server drivers skip (loudly, in global setup) without a server. */
export function forEachDriver(body: (driver: DriverCase) => void): void {
  for (const driver of driverCases) (driver.server ? describeServer : describe)(driver.name, () => body(driver));
}

/** `SET TIME ZONE` through the Drizzle session (PGlite: the instance's only session). */
export const setZone = (db: Db, zone: string) => db.execute(sql.raw(`SET TIME ZONE '${zone}'`));
