// ExactClient and createPool as node-postgres objects: every query() call form, the session pin,
// injected parsers winning over per-query/global/client settings, and nothing the caller owns
// (config objects, pg.types, pg.defaults) being modified.
import { PreciseDate } from '@pg-exact/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { createPool, ExactClient, exactTypes, type ExactClientConfig } from '../src/index.js';
import { databaseUrl, tag } from './helpers.js';

const SQL = 'SELECT $1::int8 + 1 AS n';

async function withClient<T>(config: ExactClientConfig | string, body: (client: ExactClient) => Promise<T>): Promise<T> {
  const client = new ExactClient(config);
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function settings(client: pg.ClientBase): Promise<Record<string, string>> {
  const { rows } = await client.query(
    `SELECT name, setting || ':' || source AS v FROM pg_settings
      WHERE name IN ('TimeZone', 'DateStyle', 'IntervalStyle', 'extra_float_digits', 'search_path', 'application_name')`,
  );
  return Object.fromEntries(rows.map((r: { name: string; v: string }) => [r.name, r.v]));
}

describeServer('ExactClient', () => {
  let client: ExactClient;

  beforeAll(async () => {
    client = new ExactClient({ connectionString: databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  describe('every query() call form serializes values and parses results', () => {
    const viaCallback = (run: (cb: (err: Error | null, res: pg.QueryResult) => void) => void) =>
      new Promise<pg.QueryResult>((resolve, reject) => run((err, res) => (err ? reject(err) : resolve(res))));

    const forms: Array<[string, () => Promise<pg.QueryResult>]> = [
      ['(text, values)', () => client.query(SQL, [9007199254740992n])],
      ['(text, values, cb)', () => viaCallback((cb) => client.query(SQL, [9007199254740992n], cb))],
      ['(config)', () => client.query({ text: SQL, values: [9007199254740992n] })],
      ['(config, values)', () => client.query({ text: SQL, values: [1n] }, [9007199254740992n])],
      ['(config, cb)', () => viaCallback((cb) => client.query({ text: SQL, values: [9007199254740992n] }, cb))],
      ['(config with callback)', () =>
        viaCallback((cb) => {
          client.query({ text: SQL, values: [9007199254740992n], callback: cb } as pg.QueryConfig);
        })],
      ['(named prepared statement, run twice)', async () => {
        await client.query({ name: 'exact_named', text: SQL, values: [1n] });
        return client.query({ name: 'exact_named', text: SQL, values: [9007199254740992n] });
      }],
      ['(config with extended queryMode)', () => client.query({ text: SQL, values: [9007199254740992n], queryMode: 'extended' } as pg.QueryConfig)],
    ];

    test.each(forms)('%s', async (_name, run) => {
      const result = await run();
      expect(tag(result.rows[0].n)).toBe('bigint:9007199254740993');
    });

    test('(text) alone and (text, cb)', async () => {
      expect(tag((await client.query('SELECT 1::int8 AS n')).rows[0].n)).toBe('bigint:1');
      const viaCb = await viaCallback((cb) => client.query('SELECT 2::int8 AS n', cb));
      expect(tag(viaCb.rows[0].n)).toBe('bigint:2');
    });

    test('a submittable pg.Query with its own types gets our parsers; its values are its own', async () => {
      const drizzleLike = { getTypeParser: (oid: number, format?: 'text' | 'binary') => pg.types.getTypeParser(oid, format) };
      const query = new pg.Query({ text: 'SELECT $1::int8 AS n, now() AS t', values: ['42'], types: drizzleLike as pg.CustomTypesConfig });
      const rows: unknown[] = [];
      query.on('row', (row: unknown) => rows.push(row));
      const done = new Promise((resolve, reject) => {
        query.on('end', resolve);
        query.on('error', reject);
      });
      expect(client.query(query)).toBe(query);
      await done;
      expect((rows[0] as { n: unknown }).n).toBe(42n);
      expect((rows[0] as { t: unknown }).t).toBeInstanceOf(PreciseDate);
    });
  });

  describe('the caller keeps what it owns', () => {
    test('query config, values array and types are not modified', async () => {
      const types = { getTypeParser: pg.types.getTypeParser };
      const values = [new Date('2024-01-01T00:00:00Z'), { a: 1n }, [1n, 2n]];
      const config = Object.freeze({ text: 'SELECT $1::timestamptz AS t, $2::jsonb AS j, $3::int8[] AS a', values, types, rowMode: 'array' as const });
      const snapshot = { ...config, values: [...values] };
      const { rows } = await client.query(config);
      expect(tag(rows[0])).toEqual(['PreciseDate:2024-01-01T00:00:00.000000Z', { a: 'number:1' }, ['bigint:1', 'bigint:2']]);
      expect(config).toEqual(snapshot);
      expect(config.types).toBe(types);
      expect(Object.keys(types)).toEqual(['getTypeParser']);
      expect(types.getTypeParser).toBe(pg.types.getTypeParser);
      expect(values[0]).toBeInstanceOf(Date);
      expect(values[2]).toEqual([1n, 2n]);
    });

    test('a config with getters on its prototype is read through them', async () => {
      class Statement {
        get text() {
          return 'SELECT $1::numeric AS n';
        }
        get values() {
          return [123456789012345678901234567890n];
        }
      }
      const { rows } = await client.query(new Statement() as unknown as pg.QueryConfig);
      expect(tag(rows[0].n)).toBe('Decimal:123456789012345678901234567890');
    });

    test('client and pool configs are not modified', async () => {
      const userTypes = { getTypeParser: pg.types.getTypeParser };
      const config = { connectionString: databaseUrl, options: '-c search_path=public', types: userTypes, max: 2 };
      const snapshot = { ...config };
      const pool = createPool(config);
      await pool.query('SELECT 1');
      await pool.end();
      await withClient(config, async () => undefined);
      expect(config).toEqual(snapshot);
      expect(config.types).toBe(userTypes);
    });
  });

  describe('parsers win over settings made elsewhere', () => {
    test('a global pg.types.setTypeParser by "another library" changes nothing, also for Drizzle-style per-query types', async () => {
      // pg's process-wide registry, typed loosely: @types/pg only accepts OIDs of its TypeId enum.
      const registry = pg.types as unknown as {
        getTypeParser(oid: number, format: 'text'): (value: string) => unknown;
        setTypeParser(oid: number, parser: (value: string) => unknown): void;
      };
      const originals = [20, 1184, 1700, 1016].map((oid) => [oid, registry.getTypeParser(oid, 'text')] as const);
      const pool = createPool(databaseUrl);
      try {
        /* eslint-disable no-restricted-syntax -- the test plays another library that mutates pg's global registry */
        registry.setTypeParser(20, Number);
        registry.setTypeParser(1184, () => 'GLOBAL');
        registry.setTypeParser(1700, () => 'GLOBAL');
        registry.setTypeParser(1016, () => 'GLOBAL');
        /* eslint-enable no-restricted-syntax */
        const text = `SELECT 9007199254740993::int8 AS i, '2024-03-10 01:59:59.123456+00'::timestamptz AS t,
                             '1.50'::numeric AS n, '{1}'::int8[] AS a, true AS b`;
        const expected = { i: 'bigint:9007199254740993', t: 'PreciseDate:2024-03-10T01:59:59.123456Z', n: 'Decimal:1.50', a: ['bigint:1'], b: 'boolean:true' };
        expect(tag((await pool.query(text)).rows[0])).toEqual(expected);
        // Drizzle passes { getTypeParser } per query, falling back to the global registry.
        expect(tag((await pool.query({ text, types: { getTypeParser: pg.types.getTypeParser } })).rows[0])).toEqual(expected);
        // Drizzle's own per-query types return raw strings for dates; ours still win for codec OIDs.
        const drizzleTypes = {
          getTypeParser: (oid: number, format?: 'text' | 'binary') =>
            oid === 1184 || oid === 1114 || oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format),
        };
        expect(tag((await pool.query({ text, types: drizzleTypes as pg.CustomTypesConfig })).rows[0])).toEqual(expected);
        expect(pg.types.getTypeParser(20, 'text')).toBe(Number); // we did not undo their setting either
      } finally {
        for (const [oid, parser] of originals) registry.setTypeParser(oid, parser); // eslint-disable-line no-restricted-syntax
        await pool.end();
      }
      expect(pg.types.getTypeParser(20, 'text')('1')).toBe('1');
    });

    test('pg.defaults.binary set by another library does not switch ExactClient to binary results', async () => {
      const before = pg.defaults.binary;
      pg.defaults.binary = true;
      try {
        await withClient(databaseUrl, async (c) => {
          const { rows, fields } = await c.query('SELECT 9007199254740993::int8 AS i');
          expect(fields[0]!.format).toBe('text');
          expect(rows[0].i).toBe(9007199254740993n);
        });
      } finally {
        pg.defaults.binary = before;
      }
    });

    test('binary results are refused, for the client and per query', async () => {
      expect(() => new ExactClient({ connectionString: databaseUrl, binary: true } as ExactClientConfig)).toThrow(/binary/);
      await expect(client.query({ text: 'SELECT 1', binary: true } as pg.QueryConfig)).rejects.toThrow(/binary/);
    });

    test("the user's client-level types serve the OIDs without a codec; ours serve the rest", async () => {
      const types = {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === 16 || oid === 20 ? (v: string) => `USER:${v}` : pg.types.getTypeParser(oid, format),
      };
      await withClient({ connectionString: databaseUrl, types: types as pg.CustomTypesConfig }, async (c) => {
        const { rows } = await c.query('SELECT true AS b, 1::int8 AS i');
        expect(tag(rows[0])).toEqual({ b: 'string:USER:t', i: 'bigint:1' });
        // An explicit client.setTypeParser() on this one client is honoured (documented), and per-query
        // types still put ours first.
        c.setTypeParser(20, 'text', (v: string) => `CLIENT:${v}`); // eslint-disable-line no-restricted-syntax -- this client only
        expect((await c.query('SELECT 1::int8 AS i')).rows[0].i).toBe('CLIENT:1');
        const perQuery = await c.query({ text: 'SELECT 1::int8 AS i', types: { getTypeParser: pg.types.getTypeParser } });
        expect(perQuery.rows[0].i).toBe(1n);
      });
    });

    test('exactTypes works on a vanilla pg.Client too (read side only)', async () => {
      const vanilla = new pg.Client({ connectionString: databaseUrl, types: exactTypes });
      await vanilla.connect();
      try {
        const { rows } = await vanilla.query(`SELECT '{1.10,NULL}'::numeric[] AS n, 9007199254740993::int8 AS i`);
        expect(tag(rows[0])).toEqual({ n: ['Decimal:1.10', null], i: 'bigint:9007199254740993' });
      } finally {
        await vanilla.end();
      }
    });
  });

  describe('session pin', () => {
    const pinned = {
      TimeZone: 'UTC:client',
      DateStyle: 'ISO, MDY:client',
      IntervalStyle: 'postgres:client',
      extra_float_digits: '3:client',
    };

    test("default 'startup': sent as the options startup parameter, kept across RESET ALL", async () => {
      await withClient(databaseUrl, async (c) => {
        expect(c.pin).toBe('startup');
        expect(await settings(c)).toMatchObject(pinned);
        await c.query("SET TIME ZONE 'Asia/Kolkata'; RESET ALL");
        expect(await settings(c)).toMatchObject(pinned);
      });
    });

    test("the user's own options are kept, from the config and from the connection string; the pin wins for its four settings", async () => {
      await withClient(
        { connectionString: databaseUrl, options: '-c search_path=pg_catalog,public -c TimeZone=Asia/Kolkata' },
        async (c) => {
          expect(await settings(c)).toMatchObject({ ...pinned, search_path: 'pg_catalog,public:client' });
        },
      );
      const url = new URL(databaseUrl);
      url.searchParams.set('options', '-c application_name=exact_test');
      await withClient(url.toString(), async (c) => {
        expect(await settings(c)).toMatchObject({ ...pinned, application_name: 'exact_test:client' });
      });
    });

    test("'set': SET on connect, ahead of a query queued before connect() resolved", async () => {
      const c = new ExactClient({ connectionString: databaseUrl, pin: 'set' });
      const connecting = c.connect();
      const early = c.query('SHOW extra_float_digits');
      try {
        await connecting;
        expect((await early).rows[0].extra_float_digits).toBe('3');
        expect(await settings(c)).toMatchObject({
          TimeZone: 'UTC:session',
          DateStyle: 'ISO, MDY:session',
          IntervalStyle: 'postgres:session',
          extra_float_digits: '3:session',
        });
      } finally {
        await c.end();
      }
    });

    test("'set' through a pool, callback-style connect", async () => {
      const pool = createPool({ connectionString: databaseUrl, pin: 'set' });
      try {
        const { rows } = await pool.query('SHOW extra_float_digits');
        expect(rows[0].extra_float_digits).toBe('3');
      } finally {
        await pool.end();
      }
    });

    test("'pooler': SET of TimeZone and DateStyle only (what PgBouncer tracks); see test/reliability/pgbouncer.test.ts", async () => {
      await withClient({ connectionString: databaseUrl, pin: 'pooler' }, async (c) => {
        const s = await settings(c);
        expect(s).toMatchObject({ TimeZone: 'UTC:session', DateStyle: 'ISO, MDY:session' });
        expect(s.extra_float_digits).not.toMatch(/:client|:session/);
        expect(s.IntervalStyle).not.toMatch(/:client|:session/);
      });
    });

    test('false: the session is left alone', async () => {
      await withClient({ connectionString: databaseUrl, pin: false }, async (c) => {
        const s = await settings(c);
        expect(s.extra_float_digits).not.toMatch(/:client|:session/);
        expect(s.TimeZone).not.toMatch(/:client|:session/);
      });
    });

    test('an unknown pin is a TypeError', () => {
      expect(() => new ExactClient({ pin: 'sometimes' as never })).toThrow(TypeError);
    });
  });

  describe('createPool', () => {
    test.each([
      ['a connection string', () => createPool(databaseUrl)],
      ['a config', () => createPool({ connectionString: databaseUrl, max: 1 })],
    ])('from %s: a pg.Pool of ExactClients', async (_name, make) => {
      const pool = make();
      try {
        expect(pool).toBeInstanceOf(pg.Pool);
        const c = await pool.connect();
        try {
          expect(c).toBeInstanceOf(ExactClient);
          expect(tag((await c.query('SELECT count(*) AS n FROM (VALUES (1), (2)) v')).rows[0].n)).toBe('bigint:2');
        } finally {
          c.release();
        }
      } finally {
        await pool.end();
      }
    });
  });
});
