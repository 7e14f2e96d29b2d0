// Parameters written through ExactClient, checked on what the server stored (col::text).
import { createRequire } from 'node:module';
import { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { createPool } from '../src/index.js';
import { createScratchSchema, databaseUrl, inProcessTimeZone, tag, type ScratchSchema } from './helpers.js';

// A decimal.js that is not core's: the CommonJS build loaded next to core, a separate copy with its
// own prototype, the way Prisma bundles its own decimal.js (Prisma.Decimal).
const requireFromCore = createRequire(createRequire(import.meta.url).resolve('@pg-exact/core'));
const OtherDecimal = requireFromCore('decimal.js') as typeof Decimal;

const BIG_NUMERIC = '12345678901234567890.123456789012345678';

describeServer('writing parameters through createPool()', () => {
  let pool: pg.Pool;
  let scratch: ScratchSchema;
  let table: string;

  beforeAll(async () => {
    scratch = await createScratchSchema();
    table = `${scratch.name}.w`;
    await scratch.raw.query(
      `CREATE TABLE ${table} (
         id serial PRIMARY KEY, label text,
         ts timestamp, tstz timestamptz, d date, n numeric, i8 int8, j jsonb, js json,
         n_arr numeric[], i8_arr int8[], tstz_arr timestamptz[], ts_arr timestamp[], d_arr date[],
         j_arr jsonb[], t_arr text[], b_arr bytea[], i4_2d int4[][]
       )`,
    );
    pool = createPool({ connectionString: databaseUrl });
  });

  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  /** Inserts one row through `client` and returns the server's ::text of `columns`. */
  async function writeAndRead(
    client: pg.Pool | pg.PoolClient,
    label: string,
    values: Record<string, unknown>,
  ): Promise<Record<string, string | null>> {
    const columns = Object.keys(values);
    await client.query(
      `INSERT INTO ${table} (label, ${columns.join(', ')}) VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})`,
      [label, ...Object.values(values)],
    );
    const { rows } = await scratch.raw.query(
      `SELECT ${columns.map((c) => `${c}::text AS ${c}`).join(', ')} FROM ${table} WHERE label = $1`,
      [label],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  let labels = 0;
  const nextLabel = () => `row-${++labels}`;

  describe('Dates into timestamp, timestamptz and date (baseline 5b, 5e, 6b, 6c)', () => {
    // [process TZ, session TimeZone (null: the pin's UTC)]
    const zones: Array<[string, string | null]> = [
      ['America/New_York', null],
      ['Asia/Kolkata', null],
      ['America/New_York', 'Asia/Shanghai'],
      ['Asia/Kolkata', 'Asia/Shanghai'],
      ['UTC', 'Asia/Shanghai'],
    ];

    test.each(zones)('process TZ %s, session TimeZone %s', async (processZone, sessionZone) => {
      await inProcessTimeZone(processZone, async () => {
        const client = await pool.connect();
        try {
          if (sessionZone) await client.query(`SET TIME ZONE '${sessionZone}'`);
          const instant = new Date('2024-03-10T12:00:00.123Z');
          const localMidnight = new Date(2024, 0, 1); // midnight in the process zone
          const utcMidnight = new Date('2024-01-01');
          const stored = await writeAndRead(client, nextLabel(), {
            ts: instant,
            tstz: new PreciseDate('2024-03-10T01:59:59.123456Z'),
            d: utcMidnight,
          });
          expect(stored.ts).toBe('2024-03-10 12:00:00.123'); // the UTC wall clock, whatever the zones
          expect(stored.tstz).toBe('2024-03-10 01:59:59.123456+00'); // the raw client prints in UTC
          expect(stored.d).toBe('2024-01-01');

          // The documented choice for a local-midnight Date: its UTC calendar date. East of UTC
          // that is the day before the local date (use a 'YYYY-MM-DD' string to write a calendar date).
          const local = await writeAndRead(client, nextLabel(), { d: localMidnight });
          expect(local.d).toBe(localMidnight.toISOString().slice(0, 10));
          expect(local.d).toBe(processZone === 'Asia/Kolkata' ? '2023-12-31' : '2024-01-01');
        } finally {
          client.release(true); // the session TimeZone must not leak into other tests
        }
      });
    });

    test('µs, BC and ±infinity PreciseDates round-trip into timestamptz, timestamp and date', async () => {
      const cases: Array<[PreciseDate, string, string, string]> = [
        [new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00', '2024-03-10 01:59:59.123456', '2024-03-10'],
        [new PreciseDate('-000043-03-15T12:00:00.000001Z'), '0044-03-15 12:00:00.000001+00 BC', '0044-03-15 12:00:00.000001 BC', '0044-03-15 BC'],
        [PreciseDate.POSITIVE_INFINITY, 'infinity', 'infinity', 'infinity'],
        [PreciseDate.NEGATIVE_INFINITY, '-infinity', '-infinity', '-infinity'],
      ];
      for (const [value, tstz, ts, d] of cases) {
        const label = nextLabel();
        expect(await writeAndRead(pool, label, { tstz: value, ts: value, d: value })).toEqual({ tstz, ts, d });
        const { rows } = await pool.query(`SELECT tstz, ts, d FROM ${table} WHERE label = $1`, [label]);
        expect(tag(rows[0])).toEqual({ tstz: tag(value), ts: tag(value), d: `string:${d}` });
      }
    });
  });

  describe('numbers', () => {
    test.each([
      ["core's Decimal", new Decimal(BIG_NUMERIC), BIG_NUMERIC],
      ['a separate decimal.js copy (Prisma.Decimal-like)', new OtherDecimal(BIG_NUMERIC), BIG_NUMERIC],
      ['a decimal.js clone with 20-digit precision', new (OtherDecimal.clone({ precision: 20 }))(BIG_NUMERIC), BIG_NUMERIC],
      ["a constructed Decimal('1.50') keeps its written scale", new Decimal('1.50'), '1.50'],
      ['a computed Decimal has no written scale', new Decimal('1.50').plus(0), '1.5'],
      ['Decimal NaN', new OtherDecimal(NaN), 'NaN'],
      ['Decimal -Infinity', new Decimal(-Infinity), '-Infinity'],
      ['a bigint', 2n ** 100n, (2n ** 100n).toString()],
      ['a digit string', BIG_NUMERIC, BIG_NUMERIC],
    ])('%s → numeric (baseline 2e)', async (_name, value, expected) => {
      expect(await writeAndRead(pool, nextLabel(), { n: value })).toEqual({ n: expected });
    });

    test('numeric keeps the scale of a Decimal read from the server', async () => {
      const { rows } = await pool.query(`SELECT '1.50'::numeric AS n`);
      expect(await writeAndRead(pool, nextLabel(), { n: rows[0].n })).toEqual({ n: '1.50' });
    });

    test('vanilla pg rejects a decimal.js value (the trap this binding removes)', async () => {
      const vanilla = new pg.Client({ connectionString: databaseUrl });
      await vanilla.connect();
      try {
        await expect(vanilla.query('SELECT $1::numeric', [new OtherDecimal(BIG_NUMERIC)])).rejects.toMatchObject({
          code: '22P02',
        });
      } finally {
        await vanilla.end();
      }
    });

    test.each([
      ['bigint', 9223372036854775807n, '9223372036854775807'],
      ['safe number', 9007199254740991, '9007199254740991'],
      ['digit string', '-9223372036854775808', '-9223372036854775808'],
    ])('%s → int8', async (_name, value, expected) => {
      expect(await writeAndRead(pool, nextLabel(), { i8: value })).toEqual({ i8: expected });
    });
  });

  describe('JSON', () => {
    test('a BigInt inside an object is stored as a JSON number (baseline 3c)', async () => {
      const label = nextLabel();
      const stored = await writeAndRead(pool, label, {
        j: { big: 12345678901234567890n, price: new Decimal('0.10000000000000000000001'), n: 1.5 },
      });
      expect(stored.j).toBe('{"n": 1.5, "big": 12345678901234567890, "price": 0.10000000000000000000001}');
      const types = await scratch.raw.query(`SELECT jsonb_typeof(j->'big') AS t FROM ${table} WHERE label = $1`, [label]);
      expect(types.rows[0].t).toBe('number');
      const { rows } = await pool.query(`SELECT j FROM ${table} WHERE label = $1`, [label]);
      expect(tag(rows[0].j)).toEqual({ n: 'number:1.5', big: 'bigint:12345678901234567890', price: 'Decimal:0.10000000000000000000001' });
    });

    test('json keeps the text stringifyJson wrote', async () => {
      expect(await writeAndRead(pool, nextLabel(), { js: { b: 1n, a: [1, null, 'x'] } })).toEqual({ js: '{"b":1,"a":[1,null,"x"]}' });
    });

    test('a JSON string parameter is sent as it is (pg semantics)', async () => {
      expect(await writeAndRead(pool, nextLabel(), { j: '{"a": 1}' })).toEqual({ j: '{"a": 1}' });
    });
  });

  describe('arrays', () => {
    test('numeric[], int8[], timestamptz[], timestamp[], date[] with NULLs', async () => {
      const at = new PreciseDate('2024-03-10T01:59:59.123456Z');
      const stored = await writeAndRead(pool, nextLabel(), {
        n_arr: [new Decimal(BIG_NUMERIC), new OtherDecimal('1.1'), null, 2n, '3.5'],
        i8_arr: [9007199254740993n, null, -9223372036854775808n],
        tstz_arr: [at, null, PreciseDate.POSITIVE_INFINITY, new Date('2024-01-01T00:00:00Z')],
        ts_arr: [at],
        d_arr: [new Date('2024-01-01'), '4713-01-01 BC', null],
      });
      expect(stored).toEqual({
        n_arr: `{${BIG_NUMERIC},1.1,NULL,2,3.5}`,
        i8_arr: '{9007199254740993,NULL,-9223372036854775808}',
        tstz_arr: '{"2024-03-10 01:59:59.123456+00",NULL,infinity,"2024-01-01 00:00:00+00"}',
        ts_arr: '{"2024-03-10 01:59:59.123456"}',
        d_arr: '{2024-01-01,"4713-01-01 BC",NULL}',
      });
    });

    test('jsonb[], text[] with quotes and "NULL" text, bytea[] and a 2-D int4[]', async () => {
      const stored = await writeAndRead(pool, nextLabel(), {
        j_arr: [{ a: 12345678901234567890n }, { b: [1, 2] }, null],
        t_arr: ['a"b', 'back\\slash', 'NULL', '', null, 'comma, {brace}'],
        b_arr: [Buffer.from([0, 255]), new Uint8Array([1, 2]), null],
        i4_2d: [[1, 2], [3, null]],
      });
      expect(stored).toEqual({
        j_arr: '{"{\\"a\\": 12345678901234567890}","{\\"b\\": [1, 2]}",NULL}',
        t_arr: '{"a\\"b","back\\\\slash","NULL","",NULL,"comma, {brace}"}',
        b_arr: '{"\\\\x00ff","\\\\x0102",NULL}',
        i4_2d: '{{1,2},{3,NULL}}',
      });
    });
  });

  describe('bad input throws PgExactValueError and writes nothing', () => {
    test.each([
      ['NaN inside a JSON object', { x: NaN }, '$3.x'],
      ['undefined inside a JSON array', { a: [1, undefined] }, '$3.a[1]'],
      ['a lone surrogate in a string (UTF-8 would carry U+FFFD)', '"\ud800"', '$3'],
      ['an Invalid Date', new Date(NaN), '$3'],
      ['an Invalid Date inside an array', [new Date(0), new Date(NaN)], '$3[1]'],
      ['undefined inside an array', [1, undefined], '$3[1]'],
      ['a symbol', Symbol('x'), '$3'],
      ['a function', () => 1, '$3'],
      ['a Date before 4714-11-24 BC', new Date(-8.64e15), '$3'],
    ])('%s', async (_name, value, path) => {
      const label = nextLabel();
      const error = await pool
        .query(`INSERT INTO ${table} (label, id, j) VALUES ($1, $2, $3)`, [label, 999_999, value])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(PgExactValueError);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as PgExactValueError).path).toBe(path);
      const { rows } = await scratch.raw.query(`SELECT count(*) AS n FROM ${table} WHERE label = $1`, [label]);
      expect(rows[0].n).toBe('0');
    });

    test('the callback form gets the error asynchronously; the client stays usable', async () => {
      const client = await pool.connect();
      try {
        let sync = true;
        const error = await new Promise<Error>((resolve) => {
          client.query('SELECT $1::jsonb', [{ x: Infinity }], (e: Error) => {
            expect(sync).toBe(false);
            resolve(e);
          });
          sync = false;
        });
        expect(error).toBeInstanceOf(PgExactValueError);
        expect((await client.query('SELECT 1::int8 AS one')).rows[0].one).toBe(1n);
      } finally {
        client.release();
      }
    });
  });
});
