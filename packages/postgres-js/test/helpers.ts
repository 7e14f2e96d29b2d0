import { randomBytes } from 'node:crypto';
import { sessionSetSql } from '@pg-exact/core';
import type pg from 'pg';
import postgres from 'postgres';
import { connectRaw, databaseUrl } from '../../../test/support/server.js';
import { createSql, exactOptions, type ExactOptionsInput, type ExactSql, type NoTypes } from '../src/index.js';

export { databaseUrl };

/** The `sql` the tests use: postgres.js's with pg-exact's typed helpers (`sql.types.int8Array`). */
export type AnySql = ExactSql;

/** A scratch schema on the test server, dropped by `drop()`. */
export interface ScratchSchema {
  readonly name: string;
  /** A node-postgres client that returns raw text (no parser runs), pinned, for asserting on what is stored. */
  readonly raw: pg.Client;
  /** The stored text of one SQL expression, e.g. `(SELECT ts FROM t)::text`. */
  text(expression: string): Promise<string | null>;
  drop(): Promise<void>;
}

export async function createScratchSchema(): Promise<ScratchSchema> {
  const name = `pgx_postgresjs_${randomBytes(4).toString('hex')}`;
  const raw = await connectRaw();
  await raw.query(sessionSetSql); // ::text printed in UTC, ISO, whatever the server default
  await raw.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    raw,
    async text(expression) {
      const { rows } = await raw.query(`SELECT (${expression})::text AS v`);
      return (rows[0] as { v: string | null }).v;
    },
    async drop() {
      await raw.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await raw.end();
    },
  };
}

/** How a test builds its `sql`: through exactOptions() alone, or createSql(). */
export type Variant = 'exactOptions' | 'createSql';

/** Opens an `sql` of the given variant on one connection, in `schema` (a startup search_path). */
export function openSql(variant: Variant, schema?: string, options: ExactOptionsInput<NoTypes> = {}): AnySql {
  const merged: ExactOptionsInput<NoTypes> = {
    max: 1,
    onnotice: () => undefined,
    ...options,
    connection: { ...(schema ? { search_path: schema } : {}), ...options.connection },
  };
  return variant === 'createSql' ? createSql(databaseUrl, merged) : postgres(databaseUrl, exactOptions(merged));
}

/** The option sets every read/write suite runs with: postgres.js defaults, no type fetch, no prepare. */
export const optionSets: Array<[string, postgres.Options<NoTypes>]> = [
  ['defaults', {}],
  ['fetch_types: false', { fetch_types: false }],
  ['prepare: false', { prepare: false }],
];

export { tag } from '../../../test/support/tag.js';
