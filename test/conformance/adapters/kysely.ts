import { createPool } from '@pg-exact/pg';
import { ExactPGliteDialect, ExactPostgresDialect } from '@pg-exact/kysely';
import { CompiledQuery, Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { ConformanceAdapter, ConformanceSession, TrapTable } from '../adapter.js';

/** Writes and reads through Kysely's query builder; raw SQL through CompiledQuery.raw. */
function kyselySession(dialect: Dialect): ConformanceSession {
  const db = new Kysely<any>({ dialect });
  const from = (table: TrapTable) => db.withSchema(table.schema);
  return {
    execute: async (text) => {
      await db.executeQuery(CompiledQuery.raw(text));
    },
    query: async (text, params) => (await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...(params ?? [])]))).rows,
    insert: async (table, value) => (await from(table).insertInto(table.name).values({ v: value }).returning('id').executeTakeFirstOrThrow()).id,
    select: async (table, id) => (await from(table).selectFrom(table.name).select('v').where('id', '=', id).executeTakeFirstOrThrow()).v,
    close: () => db.destroy(),
  };
}

// One connection, so the suite's SET TIME ZONE reaches the connection that runs the next query.
// Kysely 0.28 has no PGlite dialect of its own: vanilla reaches PGlite over the wire.
export const kyselyVanilla: ConformanceAdapter = {
  name: 'Kysely (vanilla)',
  exact: false,
  targets: ['server', 'pglite'],
  open: async (target) => kyselySession(new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) })),
};

// On PGlite, pg-exact's own embedded dialect (its own instance, as the PGlite binding's adapter).
export const kyselyExact: ConformanceAdapter = {
  name: 'pg-exact/kysely',
  exact: true,
  targets: ['server', 'pglite'],
  open: async (target) =>
    kyselySession(
      target.kind === 'server'
        ? new ExactPostgresDialect({ pool: createPool({ connectionString: target.url, max: 1 }) })
        : new ExactPGliteDialect({}),
    ),
};

