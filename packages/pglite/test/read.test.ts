// Every type of the value contract, read three ways (a literal, a table column, a `$1::T`
// parameter sent as text) and as arrays, from an exact PGlite instance.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPGlite, type ExactPGlite } from '../src/index.js';
import { render } from './render.js';

let db: ExactPGlite;

beforeAll(async () => {
  db = await createPGlite();
});

afterAll(async () => {
  await db?.close();
});

/** [type, the text PostgreSQL prints, what we read]. */
const cases: Array<[string, string, string]> = [
  ['int2', '-32768', '-32768'],
  ['int4', '2147483647', '2147483647'],
  ['int8', '1', '1n'],
  ['int8', '9007199254740993', '9007199254740993n'],
  ['int8', '-9223372036854775808', '-9223372036854775808n'],
  ['numeric', '12345678901234567890.123456789012345678', 'Decimal(12345678901234567890.123456789012345678)'],
  ['numeric', '0.1', 'Decimal(0.1)'],
  ['numeric', '1.50', 'Decimal(1.50)'],
  ['numeric', 'NaN', 'Decimal(NaN)'],
  ['numeric', 'Infinity', 'Decimal(Infinity)'],
  ['numeric', '-Infinity', 'Decimal(-Infinity)'],
  ['float4', '1.1', '1.1'],
  ['float8', '0.1', '0.1'],
  ['float8', '-0', '-0'],
  ['float8', 'NaN', 'NaN'],
  ['float8', '-Infinity', '-Infinity'],
  [
    'json',
    '{"big":12345678901234567890,"dec":0.10000000000000000000001,"f":1.5}',
    '{big: 12345678901234567890n, dec: Decimal(0.10000000000000000000001), f: 1.5}',
  ],
  [
    'jsonb',
    '{"f": 1.5, "big": 12345678901234567890, "dec": 0.10000000000000000000001}',
    '{f: 1.5, big: 12345678901234567890n, dec: Decimal(0.10000000000000000000001)}',
  ],
  ['jsonb', '"text"', '"text"'],
  ['timestamptz', '2024-03-10 01:59:59.123456+00', 'PreciseDate(2024-03-10T01:59:59.123456Z)'],
  ['timestamptz', '0001-01-01 00:00:00+00 BC', 'PreciseDate(0000-01-01T00:00:00.000000Z)'],
  ['timestamptz', 'infinity', 'PreciseDate(infinity)'],
  ['timestamptz', '-infinity', 'PreciseDate(-infinity)'],
  ['timestamp', '2024-03-10 12:00:00', 'PreciseDate(2024-03-10T12:00:00.000000Z)'],
  // Inside the US DST gap: a local-time parser would move it.
  ['timestamp', '2024-03-10 02:30:00.000001', 'PreciseDate(2024-03-10T02:30:00.000001Z)'],
  ['timestamp', '4713-01-01 00:00:00 BC', 'PreciseDate(-004712-01-01T00:00:00.000000Z)'],
  ['timestamp', 'infinity', 'PreciseDate(infinity)'],
  ['date', '2024-01-01', '"2024-01-01"'],
  ['date', '4713-01-01 BC', '"4713-01-01 BC"'],
  ['date', 'infinity', '"infinity"'],
  ['date', '-infinity', '"-infinity"'],
  ['time', '12:34:56.789012', '"12:34:56.789012"'],
  ['timetz', '12:34:56.789012+05:30', '"12:34:56.789012+05:30"'],
  ['interval', '1 year 2 mons 3 days 04:05:06.789', '"1 year 2 mons 3 days 04:05:06.789"'],
  ['interval', '-00:00:00.000001', '"-00:00:00.000001"'],
];

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe('scalar reads', () => {
  test.each(cases)('%s %s via a literal', async (type, text, expected) => {
    const { rows } = await db.query<{ v: unknown; t: string }>(`SELECT ${quote(text)}::${type} AS v, ${quote(text)}::${type}::text AS t`);
    expect(rows[0]?.t).toBe(text); // the case's text is what PostgreSQL prints
    expect(render(rows[0]?.v)).toBe(expected);
  });

  test.each(cases)('%s %s via a table column', async (type, text, expected) => {
    await db.exec(`DROP TABLE IF EXISTS read_col; CREATE TABLE read_col (v ${type})`);
    await db.query(`INSERT INTO read_col VALUES (${quote(text)}::${type})`);
    const { rows } = await db.query<{ v: unknown }>('SELECT v FROM read_col');
    expect(render(rows[0]?.v)).toBe(expected);
  });

  test.each(cases)('%s %s via a $1::T parameter sent as text', async (type, text, expected) => {
    const { rows } = await db.query<{ v: unknown }>(`SELECT $1::${type} AS v`, [text]);
    expect(render(rows[0]?.v)).toBe(expected);
  });

  test.each([...new Set(cases.map(([type]) => type))])('%s NULL reads as null', async (type) => {
    const { rows } = await db.query<{ v: unknown }>(`SELECT NULL::${type} AS v`);
    expect(rows[0]?.v).toBeNull();
  });
});

describe('array reads', () => {
  const types = [...new Set(cases.map(([type]) => type))];
  test.each(types)('%s[] with every case and a NULL, via a literal and a column', async (type) => {
    const ofType = cases.filter(([t]) => t === type);
    const literal = `{${ofType.map(([, text]) => `"${text.replace(/[\\"]/g, '\\$&')}"`).join(',')},NULL}`;
    const expected = `[${ofType.map(([, , value]) => value).join(', ')}, null]`;
    const { rows } = await db.query<{ v: unknown }>(`SELECT ${quote(literal)}::${type}[] AS v`);
    expect(render(rows[0]?.v)).toBe(expected);

    await db.exec(`DROP TABLE IF EXISTS read_arr; CREATE TABLE read_arr (v ${type}[])`);
    await db.query(`INSERT INTO read_arr VALUES (${quote(literal)})`);
    const column = await db.query<{ v: unknown }>('SELECT v FROM read_arr');
    expect(render(column.rows[0]?.v)).toBe(expected);
  });

  test('nested arrays keep their shape', async () => {
    const { rows } = await db.query<{ a: unknown; b: unknown }>(
      `SELECT '{{1,9007199254740993},{NULL,-1}}'::int8[] AS a, '{{"2024-03-10 01:59:59.123456+00"},{NULL}}'::timestamptz[] AS b`,
    );
    expect(render(rows[0]?.a)).toBe('[[1n, 9007199254740993n], [null, -1n]]');
    expect(render(rows[0]?.b)).toBe('[[PreciseDate(2024-03-10T01:59:59.123456Z)], [null]]');
  });

  test('empty arrays read as []', async () => {
    const { rows } = await db.query<{ v: unknown }>(`SELECT '{}'::numeric[] AS v`);
    expect(rows[0]?.v).toEqual([]);
  });
});

describe('aggregates', () => {
  test('count(*) and sum(int) are bigints, avg is a Decimal', async () => {
    const { rows } = await db.query<{ c: unknown; s: unknown; a: unknown }>(
      'SELECT count(*) AS c, sum(x) AS s, avg(x) AS a FROM (VALUES (1), (2)) AS t(x)',
    );
    expect(render(rows[0])).toBe('{c: 2n, s: 3n, a: Decimal(1.5000000000000000)}');
  });
});
