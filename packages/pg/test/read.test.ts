// Every type of the value contract read through a pool of ExactClients: from a literal
// ('…'::T), from a parameter ($1::T sent as text) and from a table column. Each case also checks
// that the server printed the text it was given, so the JS value is compared with what is stored.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { createPool } from '../src/index.js';
import { createScratchSchema, databaseUrl, tag, type ScratchSchema } from './helpers.js';

const BIG_NUMERIC = '12345678901234567890.123456789012345678';

/** [type, text as the pinned server prints it, the JS value as tagged by tag()] */
const scalarCases: Array<[string, string, unknown]> = [
  ['int2', '-32768', 'number:-32768'],
  ['int4', '2147483647', 'number:2147483647'],
  ['int8', '9007199254740993', 'bigint:9007199254740993'],
  ['int8', '-9223372036854775808', 'bigint:-9223372036854775808'],
  ['int8', '1', 'bigint:1'],
  ['numeric', BIG_NUMERIC, `Decimal:${BIG_NUMERIC}`],
  ['numeric', '1.50', 'Decimal:1.50'],
  ['numeric', 'NaN', 'Decimal:NaN'],
  ['numeric', 'Infinity', 'Decimal:Infinity'],
  ['numeric', '-Infinity', 'Decimal:-Infinity'],
  ['float4', '1.1', 'number:1.1'],
  ['float8', '0.1', 'number:0.1'],
  ['float8', '-0', 'number:-0'],
  ['float8', 'NaN', 'number:NaN'],
  ['float8', '-Infinity', 'number:-Infinity'],
  ['json', '{"big": 12345678901234567890, "dec": 0.10000000000000000000001, "f": 1.5, "e": 1e400}', {
    big: 'bigint:12345678901234567890',
    dec: 'Decimal:0.10000000000000000000001',
    f: 'number:1.5',
    e: `Decimal:1${'0'.repeat(400)}`,
  }],
  ['jsonb', '{"big": -12345678901234567890, "dec": 0.10000000000000000000001}', {
    big: 'bigint:-12345678901234567890',
    dec: 'Decimal:0.10000000000000000000001',
  }],
  ['jsonb', '[1, -9223372036854775809, null, "x"]', ['number:1', 'bigint:-9223372036854775809', null, 'string:x']],
  ['timestamptz', '2024-03-10 01:59:59.123456+00', 'PreciseDate:2024-03-10T01:59:59.123456Z'],
  ['timestamptz', '0044-03-15 12:00:00.000001+00 BC', 'PreciseDate:-000043-03-15T12:00:00.000001Z'],
  ['timestamptz', 'infinity', 'PreciseDate:infinity'],
  ['timestamptz', '-infinity', 'PreciseDate:-infinity'],
  ['timestamp', '2024-03-10 02:30:00.000001', 'PreciseDate:2024-03-10T02:30:00.000001Z'],
  ['timestamp', '4713-01-01 00:00:00 BC', 'PreciseDate:-004712-01-01T00:00:00.000000Z'],
  ['timestamp', 'infinity', 'PreciseDate:infinity'],
  ['timestamp', '-infinity', 'PreciseDate:-infinity'],
  ['date', '2024-01-01', 'string:2024-01-01'],
  ['date', '4713-01-01 BC', 'string:4713-01-01 BC'],
  ['date', 'infinity', 'string:infinity'],
  ['date', '-infinity', 'string:-infinity'],
  ['time', '12:34:56.789012', 'string:12:34:56.789012'],
  ['timetz', '12:34:56.789012+05:30', 'string:12:34:56.789012+05:30'],
  ['interval', '1 year 2 mons 3 days 04:05:06.789012', 'string:1 year 2 mons 3 days 04:05:06.789012'],
  ['interval', '-00:00:00.000001', 'string:-00:00:00.000001'],
];

const arrayCases: Array<[string, string, unknown]> = [
  ['int2[]', '{1,NULL,-3}', ['number:1', null, 'number:-3']],
  ['int4[]', '{{1,2},{3,NULL}}', [['number:1', 'number:2'], ['number:3', null]]],
  ['int8[]', '{9007199254740993,-9223372036854775808,NULL}', ['bigint:9007199254740993', 'bigint:-9223372036854775808', null]],
  ['numeric[]', `{1.1,${BIG_NUMERIC},NaN,NULL}`, ['Decimal:1.1', `Decimal:${BIG_NUMERIC}`, 'Decimal:NaN', null]],
  ['float4[]', '{1.1,-0,Infinity}', ['number:1.1', 'number:-0', 'number:Infinity']],
  ['float8[]', '{0.1,NaN,NULL}', ['number:0.1', 'number:NaN', null]],
  ['json[]', '{"{\\"a\\": 12345678901234567890}",NULL}', [{ a: 'bigint:12345678901234567890' }, null]],
  ['jsonb[]', '{"{\\"a\\": 0.10000000000000000000001}","[1, 2]"}', [{ a: 'Decimal:0.10000000000000000000001' }, ['number:1', 'number:2']]],
  ['timestamptz[]', '{"2024-03-10 01:59:59.123456+00",infinity,NULL}', ['PreciseDate:2024-03-10T01:59:59.123456Z', 'PreciseDate:infinity', null]],
  ['timestamp[]', '{"2024-03-10 12:00:00.000001","0001-01-01 00:00:00 BC"}', ['PreciseDate:2024-03-10T12:00:00.000001Z', 'PreciseDate:0000-01-01T00:00:00.000000Z']],
  ['date[]', '{2024-01-01,"4713-01-01 BC",-infinity,NULL}', ['string:2024-01-01', 'string:4713-01-01 BC', 'string:-infinity', null]],
  ['time[]', '{12:34:56.789012,NULL}', ['string:12:34:56.789012', null]],
  ['timetz[]', '{12:34:56+05:30}', ['string:12:34:56+05:30']],
  ['interval[]', '{"1 day 00:00:00.000001",NULL}', ['string:1 day 00:00:00.000001', null]],
];

const cases = [...scalarCases, ...arrayCases];

describeServer('reading every contract type through createPool()', () => {
  let pool: pg.Pool;
  let scratch: ScratchSchema;

  beforeAll(async () => {
    scratch = await createScratchSchema();
    pool = createPool(databaseUrl);
  });

  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  test.each(cases)('%s %s from a literal', async (type, text, expected) => {
    const literal = `'${text.replace(/'/g, "''")}'::${type}`;
    const { rows } = await pool.query(`SELECT ${literal} AS v, (${literal})::text AS text`);
    expect(rows[0].text).toBe(text);
    expect(tag(rows[0].v)).toEqual(expected);
  });

  test.each(cases)('%s %s from a parameter', async (type, text, expected) => {
    const { rows } = await pool.query(`SELECT $1::${type} AS v, $1::${type}::text AS text`, [text]);
    expect(rows[0].text).toBe(text);
    expect(tag(rows[0].v)).toEqual(expected);
  });

  test.each(cases.map((c, i) => [...c, i] as const))('%s %s from a table column', async (type, text, expected, i) => {
    const table = `${scratch.name}.col_${i}`;
    await scratch.raw.query(`CREATE TABLE ${table} (id int, v ${type})`);
    await scratch.raw.query(`INSERT INTO ${table} VALUES (1, $1), (2, NULL)`, [text]);
    const { rows } = await pool.query(`SELECT v, v::text AS text FROM ${table} ORDER BY id`);
    expect(rows[0].text).toBe(text);
    expect(tag(rows[0].v)).toEqual(expected);
    expect(rows[1].v).toBeNull();
  });

  test.each(cases.map(([type]) => type))('NULL::%s reads as null', async (type) => {
    const { rows } = await pool.query(`SELECT NULL::${type} AS v`);
    expect(rows[0].v).toBeNull();
  });

  describe('aggregates and identity', () => {
    test('count(*) and sum(int4) are int8 → bigint; sum(int8) is numeric → Decimal, every digit', async () => {
      const { rows } = await pool.query(
        `SELECT count(*) AS n, sum(x) AS s4, sum(y) AS s8, pg_typeof(sum(y))::text AS s8type
           FROM (VALUES (2147483647, 9223372036854775807::int8), (2147483647, 9223372036854775807::int8)) v(x, y)`,
      );
      expect(tag(rows[0])).toEqual({
        n: 'bigint:2',
        s4: 'bigint:4294967294',
        s8: 'Decimal:18446744073709551614',
        s8type: 'string:numeric',
      });
    });

    test.each([
      ['bigint GENERATED ALWAYS AS IDENTITY', 'bigint:1', 'bigint:2'],
      ['bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 9007199254740993)', 'bigint:9007199254740993', 'bigint:9007199254740994'],
      ['bigserial', 'bigint:1', 'bigint:2'],
      ['int GENERATED ALWAYS AS IDENTITY', 'number:1', 'number:2'],
    ])('INSERT … RETURNING id for %s', async (column, first, second) => {
      const table = `${scratch.name}.ident_${Math.random().toString(36).slice(2, 8)}`;
      await scratch.raw.query(`CREATE TABLE ${table} (id ${column} PRIMARY KEY, name text)`);
      const a = await pool.query(`INSERT INTO ${table} (name) VALUES ($1) RETURNING id`, ['a']);
      const b = await pool.query(`INSERT INTO ${table} (name) VALUES ($1) RETURNING id`, ['b']);
      expect([tag(a.rows[0].id), tag(b.rows[0].id)]).toEqual([first, second]);
    });
  });

  describe("a user's mid-session SET TIME ZONE", () => {
    test.each(['Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham'])(
      'under %s timestamptz still reads as the stored instant, µs kept',
      async (zone) => {
        const client = await pool.connect();
        try {
          await client.query(`SET TIME ZONE '${zone}'`);
          const { rows } = await client.query(
            `SELECT t, t::text AS text, ARRAY[t, t + interval '1 microsecond'] AS ts, current_setting('TimeZone') AS zone
               FROM (SELECT '2024-03-10 01:59:59.123456+00'::timestamptz AS t) s`,
          );
          expect(rows[0].zone).toBe(zone);
          expect(rows[0].text).not.toMatch(/\+00$/); // the server really printed another offset
          expect(tag(rows[0].t)).toBe('PreciseDate:2024-03-10T01:59:59.123456Z');
          expect(tag(rows[0].ts)).toEqual([
            'PreciseDate:2024-03-10T01:59:59.123456Z',
            'PreciseDate:2024-03-10T01:59:59.123457Z',
          ]);
        } finally {
          await client.query('RESET TIME ZONE');
          client.release();
        }
      },
    );
  });

  test('rowMode array and multi-statement results use the same parsers', async () => {
    const arrays = await pool.query({ text: 'SELECT 1::int8, 1.50::numeric', rowMode: 'array' });
    expect(tag(arrays.rows[0])).toEqual(['bigint:1', 'Decimal:1.50']);
    const client = await pool.connect();
    try {
      const results = (await client.query('SELECT 2::int8 AS a; SELECT now()::timestamptz AS b')) as unknown as pg.QueryResult[];
      expect(tag(results[0]!.rows[0].a)).toBe('bigint:2');
      expect(results[1]!.rows[0].b.constructor.name).toBe('PreciseDate');
    } finally {
      client.release();
    }
  });
});
