import {
  bigint as exactBigint,
  date as exactDate,
  doublePrecision as exactDoublePrecision,
  json as exactJson,
  jsonb as exactJsonb,
  numeric as exactNumeric,
  timestamp as exactTimestamp,
  timestamptz as exactTimestamptz,
} from '@pg-exact/drizzle/pg-core';
import { drizzle as exactNodePostgres } from '@pg-exact/drizzle/node-postgres';
import { drizzle as exactPGlite } from '@pg-exact/drizzle/pglite';
import { drizzle as exactPostgresJs } from '@pg-exact/drizzle/postgres-js';
import { eq, sql, type SQL } from 'drizzle-orm';
import { drizzle as vanillaNodePostgres } from 'drizzle-orm/node-postgres';
import {
  bigint,
  date,
  doublePrecision,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  type PgColumnBuilderBase,
  type PgDatabase,
  type PgQueryResultHKT,
  pgSchema,
  timestamp,
} from 'drizzle-orm/pg-core';
import { drizzle as vanillaPGlite } from 'drizzle-orm/pglite';
import { drizzle as vanillaPostgresJs } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import type { ConformanceAdapter, ConformanceSession, Target, TrapTable } from '../adapter.js';

type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
type Columns = Record<string, () => PgColumnBuilderBase>;

/** Drizzle's own builders, in the modes that keep the most (bigint mode, Date mode with time zone). */
const vanillaColumns: Columns = {
  int8: () => bigint('v', { mode: 'bigint' }),
  numeric: () => numeric('v'),
  json: () => json('v'),
  jsonb: () => jsonb('v'),
  timestamptz: () => timestamp('v', { withTimezone: true, mode: 'date' }),
  timestamp: () => timestamp('v', { mode: 'date' }),
  date: () => date('v', { mode: 'string' }),
  int4: () => integer('v'),
  float8: () => doublePrecision('v'),
  interval: () => interval('v'),
};

const exactColumns: Columns = {
  ...vanillaColumns,
  int8: () => exactBigint('v'),
  numeric: () => exactNumeric('v'),
  json: () => exactJson('v'),
  jsonb: () => exactJsonb('v'),
  timestamptz: () => exactTimestamptz('v'),
  timestamp: () => exactTimestamp('v'),
  date: () => exactDate('v'),
  float8: () => exactDoublePrecision('v'),
};

/** The Drizzle table for a trap table: `id` and `v` of the case's type (`T[]` → `.array()`). */
function drizzleTable(columns: Columns, table: TrapTable) {
  const element = table.type.replace(/\[\]$/, '');
  const make = columns[element];
  if (make === undefined) throw new Error(`no Drizzle column for ${table.type}`);
  const base = make() as PgColumnBuilderBase & { array(): PgColumnBuilderBase };
  return pgSchema(table.schema).table(table.name, {
    id: bigint('id', { mode: 'bigint' }).primaryKey(),
    v: element === table.type ? base : base.array(),
  });
}

/**
 * Raw SQL with `$n` parameters as a drizzle `sql`: each `$n` becomes one bound parameter
 * (`sql.param`, so a JS array is one array parameter, not drizzle's `(${'$'}1, ${'$'}2)` list).
 */
function rawSql(text: string, params: readonly unknown[] = []): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)), sql`${sql.param(params[Number(match[1]) - 1])}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

/** Inserts through insert().values().returning(), reads through select(); raw SQL through db.execute. */
function drizzleSession(db: Db, columns: Columns, close: () => Promise<void>): ConformanceSession {
  return {
    execute: async (text) => {
      await db.execute(sql.raw(text));
    },
    query: async (text, params) => rowsOf(await db.execute(rawSql(text, params))),
    insert: async (table, value) => {
      const t = drizzleTable(columns, table);
      const [row] = await db.insert(t).values({ v: value } as never).returning({ id: t.id });
      return row!.id;
    },
    select: async (table, id) => {
      const t = drizzleTable(columns, table);
      const [row] = await db.select({ v: t.v }).from(t).where(eq(t.id, id as bigint));
      return row!.v;
    },
    close,
  };
}

// One connection each, so the suite's SET TIME ZONE reaches the connection that runs the next query.
// On PGlite, node-postgres and postgres.js go through the target's pglite-socket URL; the PGlite
// driver uses the target's instance (a plain PGlite, not pinned).
function nodePostgres(exact: boolean) {
  return async (target: Target): Promise<ConformanceSession> => {
    if (exact) {
      const db = exactNodePostgres({ connection: { connectionString: target.url, max: 1 } });
      return drizzleSession(db as unknown as Db, exactColumns, () => db.$client.end());
    }
    const pool = new pg.Pool({ connectionString: target.url, max: 1 });
    return drizzleSession(vanillaNodePostgres(pool) as unknown as Db, vanillaColumns, () => pool.end());
  };
}

function postgresJs(exact: boolean) {
  return async (target: Target): Promise<ConformanceSession> => {
    if (exact) {
      const db = exactPostgresJs({ connection: { url: target.url, max: 1, onnotice: () => undefined } });
      return drizzleSession(db as unknown as Db, exactColumns, () => db.$client.end());
    }
    const client = postgres(target.url, { max: 1, onnotice: () => undefined });
    return drizzleSession(vanillaPostgresJs(client) as unknown as Db, vanillaColumns, () => client.end());
  };
}

function pglite(exact: boolean) {
  return async (target: Target): Promise<ConformanceSession> => {
    if (target.kind !== 'pglite') throw new Error('the Drizzle PGlite driver runs on PGlite only');
    const db = exact ? exactPGlite({ client: target.db }) : vanillaPGlite({ client: target.db });
    // The target owns the instance and closes it.
    return drizzleSession(db as unknown as Db, exact ? exactColumns : vanillaColumns, async () => undefined);
  };
}

export const drizzleNodePostgresVanilla: ConformanceAdapter = {
  name: 'Drizzle/node-postgres (vanilla)',
  exact: false,
  targets: ['server', 'pglite'],
  open: nodePostgres(false),
};

export const drizzleNodePostgresExact: ConformanceAdapter = {
  name: 'pg-exact/drizzle/node-postgres',
  exact: true,
  targets: ['server', 'pglite'],
  open: nodePostgres(true),
};

export const drizzlePostgresJsVanilla: ConformanceAdapter = {
  name: 'Drizzle/postgres.js (vanilla)',
  exact: false,
  targets: ['server', 'pglite'],
  open: postgresJs(false),
};

export const drizzlePostgresJsExact: ConformanceAdapter = {
  name: 'pg-exact/drizzle/postgres-js',
  exact: true,
  targets: ['server', 'pglite'],
  open: postgresJs(true),
};

export const drizzlePGliteVanilla: ConformanceAdapter = {
  name: 'Drizzle/PGlite (vanilla)',
  exact: false,
  targets: ['pglite'],
  open: pglite(false),
};

export const drizzlePGliteExact: ConformanceAdapter = {
  name: 'pg-exact/drizzle/pglite',
  exact: true,
  targets: ['pglite'],
  open: pglite(true),
};
