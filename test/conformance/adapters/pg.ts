import pg from 'pg';
import { createPool } from '@pg-exact/pg';
import type { ConformanceAdapter, ConformanceSession } from '../adapter.js';

function poolSession(pool: pg.Pool): ConformanceSession {
  return {
    execute: async (sql) => {
      await pool.query(sql);
    },
    query: async (sql, params) => (await pool.query(sql, params as unknown[] | undefined)).rows,
    insert: async (table, value) => (await pool.query(`INSERT INTO ${table.sql} (v) VALUES ($1) RETURNING id`, [value])).rows[0].id,
    select: async (table, id) => (await pool.query(`SELECT v FROM ${table.sql} WHERE id = $1`, [id])).rows[0].v,
    close: () => pool.end(),
  };
}

// One connection: the suite's SET TIME ZONE must reach the connection that runs the next query.
export const pgVanilla: ConformanceAdapter = {
  name: 'pg (vanilla)',
  exact: false,
  targets: ['server', 'pglite'],
  open: async (target) => poolSession(new pg.Pool({ connectionString: target.url, max: 1 })),
};

export const pgExact: ConformanceAdapter = {
  name: 'pg-exact/pg',
  exact: true,
  targets: ['server', 'pglite'],
  open: async (target) => poolSession(createPool({ connectionString: target.url, max: 1 })),
};
