import { PGlite } from '@electric-sql/pglite';
import { createPGlite } from '@pg-exact/pglite';
import type { ConformanceAdapter, ConformanceSession } from '../adapter.js';

function pgliteSession(db: PGlite): ConformanceSession {
  return {
    execute: async (sql) => {
      await db.exec(sql);
    },
    query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params as unknown[] | undefined)).rows,
    insert: async (table, value) =>
      (await db.query<{ id: unknown }>(`INSERT INTO ${table.sql} (v) VALUES ($1) RETURNING id`, [value])).rows[0]!.id,
    select: async (table, id) => (await db.query<{ v: unknown }>(`SELECT v FROM ${table.sql} WHERE id = $1`, [id])).rows[0]!.v,
    close: () => db.close(),
  };
}

// The PGlite binding embeds its own instance; it does not use the target's socket.
export const pgliteVanilla: ConformanceAdapter = {
  name: 'PGlite (vanilla)',
  exact: false,
  targets: ['pglite'],
  open: async () => pgliteSession(await PGlite.create()),
};

export const pgliteExact: ConformanceAdapter = {
  name: 'pg-exact/pglite',
  exact: true,
  targets: ['pglite'],
  open: async () => pgliteSession(await createPGlite()),
};
