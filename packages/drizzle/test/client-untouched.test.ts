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
import { drizzle as drizzlePostgresJs, exactPostgresJsClient } from '../src/postgres-js/index.js';
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

describeServer('postgres-js: what the client reads itself, read through drizzle', () => {
  // Columns without a pg-exact codec are parsed by the client's own parser, as postgres.js would:
  // its types, and the array types it made for them (postgres.js 3 hands those the text without
  // the leading `{` and marks them `array: true`; 4's take the whole text). A change there fails here.
  it('text[], bool[], uuid and a type of your own with its array: as the client reads them', async () => {
    const box = { to: 603, from: [603], parse: (text: string) => `BOX:${text}`, serialize: String };
    const client = postgres(databaseUrl, { max: 1, onnotice: () => undefined, types: { box } });
    try {
      const query = `SELECT ARRAY['a', 'b,c', NULL, '"q"']::text[] AS t, ARRAY[true, NULL, false]::bool[] AS b,
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '(1,1),(0,0)'::box AS x,
        ARRAY['(1,1),(0,0)'::box, '(3,3),(2,2)'::box] AS xs, 9007199254740993::int8 AS i`;
      const [vanilla] = await client.unsafe(query);
      const [row] = rowsOf(await drizzlePostgresJs(client).execute(sql.raw(query)));
      expect(vanilla!.xs).toEqual(['BOX:(1,1),(0,0)', 'BOX:(3,3),(2,2)']);
      expect({ ...row, i: undefined }).toEqual({ ...vanilla, i: undefined });
      expect(row!.i).toBe(9007199254740993n); // and pg-exact's own codecs where it has them
    } finally {
      await client.end();
    }
  });

  // postgres.js resolves one Result (an array of rows with `command`, `count`, `columns`: own
  // properties in 3, getters in 4) per statement, and a plain array of them for several.
  it('db.execute(): one statement gives its rows with count and command; several, a list of those', async () => {
    const client = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const db = drizzlePostgresJs(client);
      const one = await db.execute(sql`SELECT 9007199254740993::int8 AS i UNION ALL SELECT 1`);
      expect(tag([...one])).toEqual([{ i: 'bigint:9007199254740993' }, { i: 'bigint:1' }]);
      expect([one.count, one.command]).toEqual([2, 'SELECT']);
      const several = (await db.execute(sql.raw('SELECT 1::int8 AS a; SELECT 2.50::numeric AS b'))) as unknown as unknown[][];
      expect(several.map((rows) => tag([...rows]))).toEqual([[{ a: 'bigint:1' }], [{ b: 'Decimal:2.50' }]]);
    } finally {
      await client.end();
    }
  });

  it('a backend lost mid-query: the query rejects (never left pending), the client runs the next ones', async () => {
    const client = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const db = drizzlePostgresJs(client);
      const [{ pid }] = rowsOf(await db.execute(sql`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }];
      const running = db.execute(sql`SELECT pg_sleep(30), ${9007199254740993n}::int8 AS n`).then(
        () => 'resolved',
        () => 'rejected',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      const pending = new Promise((resolve) => setTimeout(() => resolve('pending'), 10_000));
      expect(await Promise.race([running, pending])).toBe('rejected');
      // postgres.js 3 also rejects the query after the lost one; 4 runs it.
      const next = () => db.execute(sql`SELECT ${2n ** 62n}::int8 AS n`);
      const rows = await next().catch(() => next());
      expect(tag(rowsOf(rows)[0])).toEqual({ n: 'bigint:4611686018427387904' });
    } finally {
      await client.end({ timeout: 1 });
    }
  });

  it('an insert through drizzle commits once and returns its row', async () => {
    const client = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
    const table = `pgx_dz_once_${process.pid}`;
    try {
      await client.unsafe(`CREATE TEMP TABLE ${table} (id int8 GENERATED ALWAYS AS IDENTITY, n int8)`);
      const db = drizzlePostgresJs(client);
      const inserted = await db.execute(sql.raw(`INSERT INTO ${table} (n) VALUES (9007199254740993) RETURNING id, n`));
      expect(tag([...inserted])).toEqual([{ id: 'bigint:1', n: 'bigint:9007199254740993' }]);
      expect([inserted.count, inserted.command]).toEqual([1, 'INSERT']);
      const [count] = await client.unsafe(`SELECT count(*)::int AS c FROM ${table}`);
      expect(count!.c).toBe(1);
    } finally {
      await client.end();
    }
  });
});

describe('postgres-js: what the wrapper needs of postgres.js', () => {
  // postgres.js does not export its Parameter class (what sql.typed and sql.json return): the
  // wrapper takes it from an instance, and refuses a postgres.js whose sql.typed returns a plain object.
  it('sql.typed() returns an instance of a class of its own', () => {
    const client = postgres('postgres://127.0.0.1:1/none');
    expect(Object.getPrototypeOf(client.typed(null as never, 0))).not.toBe(Object.prototype);
    void client.end();
    const plain = Object.assign(() => undefined, { typed: () => ({ value: null, type: 0 }), options: { parsers: {}, serializers: {} } });
    expect(() => exactPostgresJsClient(plain)).toThrow(/does not return a Parameter instance/);
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
