// exactParsers / exactSerializers for callers that build their own PGlite or pass per-query
// options, and how PGlite combines per-query options with an instance's (what Drizzle relies on).
import { PGlite } from '@electric-sql/pglite';
import { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPGlite, exactParsers, exactSerializers, type ExactPGlite } from '../src/index.js';
import { render } from './render.js';

let vanilla: PGlite;
let exact: ExactPGlite;

beforeAll(async () => {
  [vanilla, exact] = await Promise.all([PGlite.create(), createPGlite()]);
});

afterAll(async () => {
  await vanilla?.close();
  await exact?.close();
});

const READ = `SELECT 1::int8 AS i, '{9007199254740993,NULL}'::int8[] AS ia, '1.10'::numeric AS n,
  '2024-03-10 01:59:59.123456+00'::timestamptz AS t, '{"2024-03-10 01:59:59.123456+00"}'::timestamptz[] AS ta,
  '2024-01-01'::date AS d, '{"x": 12345678901234567890}'::jsonb AS j`;
const EXACT_ROW =
  '{i: 1n, ia: [9007199254740993n, null], n: Decimal(1.10), t: PreciseDate(2024-03-10T01:59:59.123456Z), ' +
  'ta: [PreciseDate(2024-03-10T01:59:59.123456Z)], d: "2024-01-01", j: {x: 12345678901234567890n}}';

describe('exactParsers and exactSerializers on a vanilla PGlite, per query', () => {
  test('per-query parsers make every column exact, arrays included', async () => {
    const { rows } = await vanilla.query(READ, [], { parsers: exactParsers });
    expect(render(rows[0])).toBe(EXACT_ROW);
  });

  test('per-query serializers write by the described parameter type', async () => {
    const at = new Date('2024-03-10T12:00:00Z');
    const { rows } = await vanilla.query<{ t: string }>(
      'SELECT concat_ws(\' | \', $1::int8, $2::numeric, $3::timestamp, $4::date, $5::jsonb, $6::int8[]) AS t',
      [2n ** 63n - 1n, new Decimal('0.10000000000000000001'), at, at, { big: 2n ** 64n }, [1n, null]],
      { serializers: exactSerializers },
    );
    expect(rows[0]?.t).toBe(
      '9223372036854775807 | 0.10000000000000000001 | 2024-03-10 12:00:00 | 2024-03-10 | {"big": 18446744073709551616} | {1,NULL}',
    );
  });

  test('a refused value throws before anything is sent', async () => {
    await expect(vanilla.query('SELECT $1::int8', [0.5], { serializers: exactSerializers })).rejects.toThrow(PgExactValueError);
  });

  test('the records are frozen', () => {
    expect(Object.isFrozen(exactParsers)).toBe(true);
    expect(Object.isFrozen(exactSerializers)).toBe(true);
  });
});

describe('PGlite merges per-query parsers OVER the instance parsers', () => {
  // Drizzle's PGlite driver passes identity parsers for 1114, 1184, 1186 and 1082 on every query.
  const drizzleLike = { 1114: (x: string) => x, 1184: (x: string) => x, 1186: (x: string) => x, 1082: (x: string) => x };

  test('for the OIDs given per query, the per-query parser wins over ours', async () => {
    const { rows } = await exact.query(READ, [], { parsers: drizzleLike });
    expect(render(rows[0])).toBe(
      '{i: 1n, ia: [9007199254740993n, null], n: Decimal(1.10), t: "2024-03-10 01:59:59.123456+00", ' +
        'ta: [PreciseDate(2024-03-10T01:59:59.123456Z)], d: "2024-01-01", j: {x: 12345678901234567890n}}',
    );
  });

  test("array OIDs are not affected by a per-query scalar parser (PGlite's array parser uses the instance's)", async () => {
    const { rows } = await exact.query(`SELECT '{1}'::int8[] AS a, 1::int8 AS s`, [], { parsers: { 20: Number } });
    expect(render(rows[0])).toBe('{a: [1n], s: 1}');
  });

  test('per-query serializers likewise win for the OIDs they name', async () => {
    const { rows } = await exact.query<{ t: string }>('SELECT $1::int8::text AS t', [5n], { serializers: { 20: () => '6' } });
    expect(rows[0]?.t).toBe('6');
  });

  test('without per-query options the instance is exact', async () => {
    const { rows } = await exact.query(READ);
    expect(render(rows[0])).toBe(EXACT_ROW);
  });
});

describe('exact options given to PGlite.create directly', () => {
  test("PGlite's init replaces array OIDs: elements still use our parsers, through PGlite's array code", async () => {
    const own = await PGlite.create({ parsers: exactParsers, serializers: exactSerializers });
    try {
      const { rows } = await own.query(READ);
      expect(render(rows[0])).toBe(EXACT_ROW);
      // …but an undefined element is silently NULL there, where createPGlite refuses it.
      const { rows: written } = await own.query<{ t: string }>('SELECT $1::int8[]::text AS t', [[1n, undefined]]);
      expect(written[0]?.t).toBe('{1,NULL}');
      await expect(exact.query('SELECT $1::int8[]::text AS t', [[1n, undefined]])).rejects.toThrow(PgExactValueError);
    } finally {
      await own.close();
    }
  });
});

test('sanity: a PreciseDate written and read keeps its microseconds', async () => {
  const at = new PreciseDate('2024-03-10T01:59:59.000001Z');
  const { rows } = await exact.query<{ t: PreciseDate }>('SELECT $1::timestamptz AS t', [at]);
  expect(rows[0]?.t.getMicroseconds()).toBe(1);
});
