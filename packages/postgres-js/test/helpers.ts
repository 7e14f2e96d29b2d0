import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * postgres.js 4's `infer: true`: parameters typed from their JS values, as postgres.js 3 does (3
 * ignores the option). Not in 3's types, hence the cast.
 */
export const inferTrue = { infer: true } as postgres.Options<NoTypes>;

/**
 * The option sets every read/write suite runs with: postgres.js defaults, no type fetch, no prepare,
 * and parameters typed from their JS values (4's `infer: true`; the same as the defaults on 3).
 */
export const optionSets: Array<[string, postgres.Options<NoTypes>]> = [
  ['defaults', {}],
  ['fetch_types: false', { fetch_types: false }],
  ['prepare: false', { prepare: false }],
  ['infer: true', inferTrue],
];

/**
 * The postgres.js release under test: the version matrix's (scripts/matrix.mjs installs it in
 * PG_EXACT_PEERS_DIR), else the workspace's. For tests of faults that differ between releases.
 */
export const postgresJsVersion: readonly [number, number, number] = (() => {
  const installed = [process.env.PG_EXACT_PEERS_DIR, join(import.meta.dirname, '../../..')]
    .filter((dir): dir is string => dir !== undefined)
    .map((dir) => join(dir, 'node_modules/postgres/package.json'))
    .find((file) => existsSync(file));
  const { version } = JSON.parse(readFileSync(installed!, 'utf8')) as { version: string };
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return [major, minor, patch];
})();

/** Whether the postgres.js under test is `major.minor.patch` or later. */
export const postgresJsAtLeast = (major: number, minor: number, patch: number): boolean => {
  const [a, b, c] = postgresJsVersion;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
};

/** postgres.js 3's `sql.array`, which 4 removed (its types say `never`). */
export interface LegacyArray {
  array(values: unknown, type?: number): ReturnType<AnySql['typed']>;
}

/** Whether this is postgres.js 4 or later: `sql.array()` throws ARRAY_REMOVED there. */
export function isPostgresJs4(sql: AnySql): boolean {
  try {
    (sql as unknown as LegacyArray).array([]);
    return false;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ARRAY_REMOVED') return true;
    throw error;
  }
}

/**
 * Whether this `sql` types parameters from their JS values (postgres.js 3, 4 with `infer: true`)
 * rather than leaving them to the server (4's default): what the server makes of a boolean.
 */
export async function typesFromValues(sql: AnySql): Promise<boolean> {
  // An untyped parameter in a select list is read as text (pg_typeof($1) alone could not be typed).
  const [row] = await sql`SELECT pg_typeof(x)::text AS t FROM (SELECT ${true} AS x) s`;
  return row!.t === 'boolean';
}

export { tag } from '../../../test/support/tag.js';
