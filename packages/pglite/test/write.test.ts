// Parameters written through an exact PGlite instance, checked by what the server stored
// (`col::text`), into table columns and into `$1::T` casts; bad input throws and writes nothing.
import { Decimal, decimalFromText, PgExactValueError, PreciseDate } from '@pg-exact/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPGlite, type ExactPGlite } from '../src/index.js';

let db: ExactPGlite;

beforeAll(async () => {
  db = await createPGlite();
});

afterAll(async () => {
  await db?.close();
});

// A decimal.js clone with decimal.js's defaults (exponent notation from 1e-7), like Prisma.Decimal.
const OtherDecimal = Decimal.clone({ defaults: true });
const utcDate = (date: Date) => date.toISOString().slice(0, 10);

/** [type, label, value, what `col::text` must show]. */
const writes: Array<[string, string, unknown, string]> = [
  ['int2', 'bigint', -32768n, '-32768'],
  ['int4', 'digit string', '2147483647', '2147483647'],
  ['int8', 'bigint 2^53+1', 9007199254740993n, '9007199254740993'],
  ['int8', 'bigint -2^63', -(2n ** 63n), '-9223372036854775808'],
  ['int8', 'safe number', 42, '42'],
  ['numeric', 'Decimal (38 digits)', new Decimal('12345678901234567890.123456789012345678'), '12345678901234567890.123456789012345678'],
  ['numeric', 'Decimal read from text keeps its scale', decimalFromText('1.50'), '1.50'],
  ['numeric', 'other decimal.js clone', new OtherDecimal('1e-9'), '0.000000001'],
  ['numeric', 'other decimal.js clone, big', new OtherDecimal('1e30'), '1000000000000000000000000000000'],
  ['numeric', 'bigint', 10n ** 30n, '1000000000000000000000000000000'],
  ['numeric', 'Decimal NaN', new Decimal(NaN), 'NaN'],
  ['numeric', 'Decimal -Infinity', new Decimal(-Infinity), '-Infinity'],
  ['numeric', 'exact number 0.5', 0.5, '0.5'],
  ['float8', 'number', 0.1, '0.1'],
  ['float8', 'NaN', NaN, 'NaN'],
  ['float4', 'number', 1.5, '1.5'],
  [
    'jsonb',
    'object with bigint and Decimal',
    { big: 12345678901234567890n, dec: new Decimal('0.10000000000000000000001'), arr: [1n, null] },
    '{"arr": [1, null], "big": 12345678901234567890, "dec": 0.10000000000000000000001}',
  ],
  ['jsonb', 'JSON text as a string', '{"a":1}', '{"a": 1}'],
  ['jsonb', 'array', [1, 'two', 3n], '[1, "two", 3]'],
  ['json', 'object with bigint (json keeps the text)', { big: 12345678901234567890n, f: 1.5 }, '{"big":12345678901234567890,"f":1.5}'],
  ['timestamptz', 'PreciseDate with µs', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00'],
  ['timestamptz', 'Date', new Date('2024-03-10T01:59:59.123Z'), '2024-03-10 01:59:59.123+00'],
  ['timestamptz', 'string with offset', '2024-03-10T07:29:59.5+05:30', '2024-03-10 01:59:59.5+00'],
  ['timestamptz', '+infinity', PreciseDate.POSITIVE_INFINITY, 'infinity'],
  ['timestamptz', 'BC Date', new Date('-000001-06-01T00:00:00Z'), '0002-06-01 00:00:00+00 BC'],
  ['timestamp', 'Date → UTC wall clock', new Date('2024-03-10T12:00:00Z'), '2024-03-10 12:00:00'],
  ['timestamp', 'PreciseDate in the US DST gap', new PreciseDate('2024-03-10T02:30:00.000001Z'), '2024-03-10 02:30:00.000001'],
  ['timestamp', 'BC PreciseDate', new PreciseDate('-004712-01-01T00:00:00Z'), '4713-01-01 00:00:00 BC'],
  ['timestamp', '-infinity', PreciseDate.NEGATIVE_INFINITY, '-infinity'],
  ['date', 'Date at UTC midnight', new Date('2024-01-01'), '2024-01-01'],
  ['date', 'Date at local midnight → its UTC calendar date', new Date(2024, 0, 1), utcDate(new Date(2024, 0, 1))],
  ['date', 'Date late in the UTC day', new Date('2024-01-01T23:59:59.999Z'), '2024-01-01'],
  ['date', 'BC string', '4713-01-01 BC', '4713-01-01 BC'],
  ['date', 'infinity', 'infinity', 'infinity'],
  ['time', 'text', '12:34:56.789012', '12:34:56.789012'],
  ['timetz', 'text', '12:34:56+05:30', '12:34:56+05:30'],
  ['interval', 'text', '1 day 02:03:04.000005', '1 day 02:03:04.000005'],
  ['int8[]', 'bigints and NULL', [9007199254740993n, null, -(2n ** 63n)], '{9007199254740993,NULL,-9223372036854775808}'],
  ['int4[][]', 'nested', [[1, 2], [3, null]], '{{1,2},{3,NULL}}'],
  ['numeric[]', 'Decimals', [new Decimal('12345678901234567890.123456789012345678'), new OtherDecimal('1e-9')], '{12345678901234567890.123456789012345678,0.000000001}'],
  ['jsonb[]', 'objects and JSON text', [{ a: 1n }, '{"b":2}'], '{"{\\"a\\": 1}","{\\"b\\": 2}"}'],
  ['timestamptz[]', 'PreciseDates', [new PreciseDate('2024-03-10T01:59:59.123456Z'), null], '{"2024-03-10 01:59:59.123456+00",NULL}'],
  ['timestamp[]', 'Dates', [new Date('2024-03-10T12:00:00Z')], '{"2024-03-10 12:00:00"}'],
  ['date[]', 'Dates', [new Date('2024-01-01'), 'infinity'], '{2024-01-01,infinity}'],
  ['int8[]', 'array literal text', '{1,2}', '{1,2}'],
  ['text', 'plain object → JSON, not [object Object]', { a: 1n }, '{"a":1}'],
  ['text', 'other decimal.js clone → plain digits', new OtherDecimal('1e-9'), '0.000000001'],
  ['text[]', 'strings', ['a"b', null, 'c\\d'], '{"a\\"b",NULL,"c\\\\d"}'],
];

describe('parameters into table columns', () => {
  test.each(writes)('%s ← %s', async (type, _label, value, stored) => {
    await db.exec(`DROP TABLE IF EXISTS write_col; CREATE TABLE write_col (v ${type})`);
    await db.query('INSERT INTO write_col (v) VALUES ($1)', [value]);
    const { rows } = await db.query<{ t: string }>('SELECT v::text AS t FROM write_col');
    expect(rows[0]?.t).toBe(stored);
  });
});

describe('parameters into $1::T', () => {
  test.each(writes)('%s ← %s', async (type, _label, value, stored) => {
    const { rows } = await db.query<{ t: string }>(`SELECT $1::${type}::text AS t`, [value]);
    expect(rows[0]?.t).toBe(stored);
  });
});

test('NULL and undefined parameters are SQL NULL', async () => {
  const { rows } = await db.query<{ a: boolean; b: boolean }>('SELECT $1::int8 IS NULL AS a, $2::timestamptz IS NULL AS b', [null, undefined]);
  expect(rows[0]).toEqual({ a: true, b: true });
});

test('a written value reads back as the same value', async () => {
  const at = new PreciseDate('2024-03-10T01:59:59.123456Z');
  const { rows } = await db.query<{ i: bigint; n: Decimal; t: PreciseDate; j: unknown }>(
    'SELECT $1::int8 AS i, $2::numeric AS n, $3::timestamptz AS t, $4::jsonb AS j',
    [2n ** 63n - 1n, new Decimal('0.10'), at, { id: 2n ** 64n }],
  );
  expect(rows[0]?.i).toBe(2n ** 63n - 1n);
  expect(rows[0]?.n.toFixed()).toBe('0.1');
  expect(PreciseDate.compare(rows[0]!.t, at)).toBe(0);
  expect(rows[0]?.j).toEqual({ id: 2n ** 64n });
});

/** [type, label, value]: each must throw a PgExactValueError before anything is sent. */
const badWrites: Array<[string, string, unknown]> = [
  ['int8', 'fraction', 1.5],
  ['int8', 'unsafe number', 2 ** 53 + 2],
  ['int8', 'word', 'twelve'],
  ['int4', 'out of range bigint', 2n ** 31n],
  ['numeric', 'inexact float', 0.1],
  ['jsonb', 'NaN inside', { items: [{ price: NaN }] }],
  ['jsonb', 'undefined in an array', [1, undefined]],
  ['jsonb', 'NUL character', { s: 'a\u0000b' }],
  ['timestamptz', 'Invalid Date', new Date(Number.NaN)],
  ['timestamptz', 'string without an offset', '2024-03-10 12:00:00'],
  ['timestamp', 'string with a non-UTC offset', '2024-03-10T12:00:00+05:30'],
  ['date', 'not a date', 'yesterday'],
  ['time', 'a number', 12],
  ['int8[]', 'undefined element', [1n, undefined]],
  ['int8[]', 'not an array', 5n],
  ['numeric[]', 'inexact float element', [new Decimal(1), 0.1]],
  ['text', 'a symbol', Symbol('x')],
];

describe('bad input', () => {
  test.each(badWrites)('%s ← %s throws PgExactValueError and writes nothing', async (type, _label, value) => {
    await db.exec(`DROP TABLE IF EXISTS bad_col; CREATE TABLE bad_col (k int, v ${type})`);
    const error = await db.query('INSERT INTO bad_col VALUES (1, $1)', [value]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgExactValueError);
    const { rows } = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM bad_col');
    expect(rows[0]?.n).toBe(0n);
  });

  test('the error names the path inside the value', async () => {
    const error = await db.query('SELECT $1::jsonb', [{ items: [{ price: NaN }] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgExactValueError);
    expect((error as PgExactValueError).path).toBe('$.items[0].price');
  });

  test('the instance is usable after a refused parameter', async () => {
    await expect(db.query('SELECT $1::int8', [1.5])).rejects.toThrow(PgExactValueError);
    const { rows } = await db.query<{ v: bigint }>('SELECT $1::int8 AS v', [7n]);
    expect(rows[0]?.v).toBe(7n);
  });
});

describe("a user's mid-session SET TIME ZONE 'Asia/Kolkata'", () => {
  beforeAll(async () => {
    await db.exec(`SET TIME ZONE 'Asia/Kolkata'`);
  });
  afterAll(async () => {
    await db.exec('RESET TimeZone');
  });

  test('the session really is in Asia/Kolkata', async () => {
    const { rows } = await db.query<{ t: string }>(`SELECT '2024-03-10 01:59:59.123456+00'::timestamptz::text AS t`);
    expect(rows[0]?.t).toBe('2024-03-10 07:29:59.123456+05:30');
  });

  test.each([
    ['2024-03-10 01:59:59.123456+00', 'PreciseDate(2024-03-10T01:59:59.123456Z)'],
    // Before 1942 the zone's offset printed as local mean time, seconds included.
    ['1900-01-01 00:00:00+00', 'PreciseDate(1900-01-01T00:00:00.000000Z)'],
    ['0001-01-01 00:00:00+00 BC', 'PreciseDate(0000-01-01T00:00:00.000000Z)'],
  ])('timestamptz %s reads as the same instant (literal, column, array)', async (text, expected) => {
    await db.exec(`DROP TABLE IF EXISTS kolkata; CREATE TABLE kolkata (v timestamptz, a timestamptz[])`);
    await db.query(`INSERT INTO kolkata VALUES ('${text}', ARRAY['${text}'::timestamptz])`);
    const literal = await db.query<{ v: unknown }>(`SELECT '${text}'::timestamptz AS v`);
    const column = await db.query<{ v: unknown; a: unknown[] }>('SELECT v, a FROM kolkata');
    expect(render1(literal.rows[0]?.v)).toBe(expected);
    expect(render1(column.rows[0]?.v)).toBe(expected);
    expect(render1(column.rows[0]?.a[0])).toBe(expected);
  });

  test('a Date into timestamptz stores the same instant', async () => {
    await db.exec('DROP TABLE IF EXISTS kolkata_w; CREATE TABLE kolkata_w (tz timestamptz, ts timestamp, d date)');
    const at = new PreciseDate('2024-03-10T20:00:00.000001Z');
    await db.query('INSERT INTO kolkata_w VALUES ($1, $2, $3)', [at, at, at]);
    const { rows } = await db.query<{ tz: string; utc: string; ts: string; d: string }>(
      `SELECT tz::text AS tz, (tz AT TIME ZONE 'UTC')::text AS utc, ts::text AS ts, d::text AS d FROM kolkata_w`,
    );
    expect(rows[0]).toEqual({
      tz: '2024-03-11 01:30:00.000001+05:30',
      utc: '2024-03-10 20:00:00.000001',
      ts: '2024-03-10 20:00:00.000001', // the UTC wall clock, not Kolkata's
      d: '2024-03-10', // the UTC calendar date, not Kolkata's 2024-03-11
    });
  });
});

function render1(value: unknown): string {
  return value instanceof PreciseDate ? `PreciseDate(${value.toISOString()})` : String(value);
}
