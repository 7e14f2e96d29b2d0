// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { PGlite } from '@electric-sql/pglite';
import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { createSql } from '@pg-exact/postgres-js';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { drizzle as drizzleNodePostgres } from '../src/node-postgres/index.js';
import { drizzle as drizzlePGlite } from '../src/pglite/index.js';
import { drizzle as drizzlePostgresJs } from '../src/postgres-js/index.js';
import { databaseUrl, tag } from './helpers.js';

/** Own enumerable keys and the identity of every value, one level down: what "unchanged" means here. */
function snapshot(value: object): [string, unknown][] {
  return Object.entries(value).map(([key, v]) => [key, typeof v === 'object' && v !== null ? { ...v } : v]);
}

const probe = sql`SELECT 9007199254740993::int8 AS i, '2024-03-10 01:59:59.123456+00'::timestamptz AS t, 1.50::numeric AS n`;
const exactProbe = { i: 'bigint:9007199254740993', t: 'PreciseDate:2024-03-10T01:59:59.123456Z', n: 'Decimal:1.50' };
const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

describeServer('node-postgres: the Pool passed in and pg globals stay as they were', () => {
  it('a plain pg.Pool is exact through drizzle and vanilla outside it', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const globalParser = pg.types.getTypeParser(1184);
    const before = snapshot(pool.options);
    const db = drizzleNodePostgres(pool);
    expect(db.$client).toBe(pool);
    expect(tag(rowsOf(await db.execute(probe))[0])).toEqual(exactProbe);
    expect(snapshot(pool.options)).toEqual(before);
    expect(pg.types.getTypeParser(1184)).toBe(globalParser);
    const { rows } = await pool.query('SELECT 1::int8 AS i, now() AS t');
    expect(typeof rows[0].i).toBe('string');
    expect(rows[0].t).toBeInstanceOf(Date);
    await pool.end();
  });

  it('createPool() from @pg-exact/pg, and a URL, work too', async () => {
    const pool = createPool({ connectionString: databaseUrl, max: 1 });
    expect(tag(rowsOf(await drizzleNodePostgres({ client: pool }).execute(probe))[0])).toEqual(exactProbe);
    await pool.end();
    const db = drizzleNodePostgres(databaseUrl);
    expect(tag(rowsOf(await db.execute(probe))[0])).toEqual(exactProbe);
    // The pool created from a URL is pinned.
    expect(rowsOf(await db.execute(sql`SELECT current_setting('TimeZone') AS z`))[0]!.z).toBe('UTC');
    await db.$client.end();
  });
});

describeServer('postgres-js: the sql passed in keeps its parsers and serializers', () => {
  it('drizzle-orm rewrites options in place; ours does not', async () => {
    const client = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
    await client`SELECT 1`; // postgres.js adds array types to its options on first connect
    const parsers = { ...client.options.parsers };
    const serializers = { ...client.options.serializers };
    const db = drizzlePostgresJs(client);
    expect(db.$client).toBe(client);
    expect(tag(rowsOf(await db.execute(probe))[0])).toEqual(exactProbe);
    expect(client.options.parsers).toEqual(parsers);
    expect(client.options.serializers).toEqual(serializers);
    const [row] = await client`SELECT now() AS t, '2024-01-01'::date AS d`;
    expect(row!.t).toBeInstanceOf(Date);
    expect(row!.d).toBeInstanceOf(Date);
    await client.end();
  });

  it('createSql() from @pg-exact/postgres-js, and a URL, work too', async () => {
    const client = createSql(databaseUrl, { max: 1, onnotice: () => undefined });
    expect(tag(rowsOf(await drizzlePostgresJs(client).execute(probe))[0])).toEqual(exactProbe);
    await client.end();
    const db = drizzlePostgresJs(databaseUrl);
    expect(tag(rowsOf(await db.execute(probe))[0])).toEqual(exactProbe);
    expect(rowsOf(await db.execute(sql`SELECT current_setting('TimeZone') AS z`))[0]!.z).toBe('UTC');
    await db.$client.end();
  });
});

describe('pglite: the instance passed in keeps its parsers and serializers', () => {
  it('a plain PGlite is exact through drizzle and vanilla outside it', async () => {
    const pglite = new PGlite();
    await pglite.waitReady;
    const parsers = { ...pglite.parsers };
    const serializers = { ...pglite.serializers };
    const db = drizzlePGlite(pglite);
    expect(db.$client).toBe(pglite);
    expect(tag(rowsOf(await db.execute(probe))[0])).toEqual(exactProbe);
    expect(pglite.parsers).toEqual(parsers);
    expect(pglite.serializers).toEqual(serializers);
    const { rows } = await pglite.query<{ n: unknown }>('SELECT 1.50::numeric AS n');
    expect(rows[0]!.n).toBe('1.50');
    await pglite.close();
  });

  it('createPGlite() and drizzle() with no client work too', async () => {
    const pglite = await createPGlite();
    expect(tag(rowsOf(await drizzlePGlite({ client: pglite }).execute(probe))[0])).toEqual(exactProbe);
    await pglite.close();
    const db = drizzlePGlite();
    expect(tag(rowsOf(await db.execute(probe))[0])).toEqual(exactProbe);
    expect(rowsOf(await db.execute(sql`SELECT current_setting('DateStyle') AS s`))[0]!.s).toBe('ISO, MDY');
    await db.$client.close();
  });
});
