import postgres from 'postgres';
import { createSql } from '@pg-exact/postgres-js';
import type { ConformanceAdapter, ConformanceSession } from '../adapter.js';

function sqlSession(sql: postgres.Sql<any>): ConformanceSession {
  return {
    execute: async (text) => {
      await sql.unsafe(text);
    },
    query: async (text, params) => [...(await sql.unsafe(text, (params ?? []) as never[]))],
    // The tagged template is postgres.js's normal path.
    insert: async (table, value) =>
      (await sql`INSERT INTO ${sql(table.schema)}.${sql(table.name)} (v) VALUES (${value as never}) RETURNING id`)[0]!.id,
    select: async (table, id) => (await sql`SELECT v FROM ${sql(table.schema)}.${sql(table.name)} WHERE id = ${id as never}`)[0]!.v,
    close: () => sql.end(),
  };
}

export const postgresJsVanilla: ConformanceAdapter = {
  name: 'postgres.js (vanilla)',
  exact: false,
  targets: ['server', 'pglite'],
  open: async (target) => sqlSession(postgres(target.url, { max: 1, onnotice: () => undefined })),
};

export const postgresJsExact: ConformanceAdapter = {
  name: 'pg-exact/postgres-js',
  exact: true,
  targets: ['server', 'pglite'],
  open: async (target) => sqlSession(createSql(target.url, { max: 1, onnotice: () => undefined })),
};
