// Every type of the value contract read through postgres.js with pg-exact's types: from a literal
// (simple and extended protocol), from a parameter ($1::T) and from a table column, for scalars,
// arrays and NULLs; with exactOptions() alone and createSql(), under fetch_types: false and
// prepare: false too. Each case also checks what the server printed, so the JS value is compared
// with what is stored.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { type AnySql, createScratchSchema, openSql, optionSets, type ScratchSchema, tag, type Variant } from './helpers.js';

const BIG_NUMERIC = '12345678901234567890.123456789012345678';

/** [type, text as the pinned server prints it, the JS value as tagged by tag()] */
const scalarCases: Array<[string, string, unknown]> = [
  ['int2', '-32768', 'number:-32768'],
  ['int4', '2147483647', 'number:2147483647'],
  ['int8', '9007199254740993', 'bigint:9007199254740993'], // 1a
  ['int8', '-9223372036854775808', 'bigint:-9223372036854775808'], // 1b
  ['int8', '1', 'bigint:1'],
  ['numeric', BIG_NUMERIC, `Decimal:${BIG_NUMERIC}`], // 2a
  ['numeric', '0.1', 'Decimal:0.1'], // 2b
  ['numeric', '1.50', 'Decimal:1.50'],
  ['numeric', 'NaN', 'Decimal:NaN'], // 2c
  ['numeric', 'Infinity', 'Decimal:Infinity'], // 2d
  ['numeric', '-Infinity', 'Decimal:-Infinity'],
  ['float4', '1.1', 'number:1.1'], // shortest text that reads back as the same float4
  ['float4', '3.4028235e+38', 'number:3.4028235e+38'],
  ['float8', '0.1', 'number:0.1'],
  ['float8', '-0', 'number:-0'],
  ['float8', 'NaN', 'number:NaN'],
  ['float8', '-Infinity', 'number:-Infinity'],
  ['json', '{"big": 12345678901234567890, "dec": 0.10000000000000000000001, "f": 1.5, "e": 1e-400}', {
    big: 'bigint:12345678901234567890',
    dec: 'Decimal:0.10000000000000000000001',
    f: 'number:1.5',
    e: `Decimal:0.${'0'.repeat(399)}1`,
  }], // 3a
  ['jsonb', '{"big": -12345678901234567890, "dec": 0.10000000000000000000001}', {
    big: 'bigint:-12345678901234567890',
    dec: 'Decimal:0.10000000000000000000001',
  }],
  ['jsonb', '[1, -9223372036854775809, null, "x"]', ['number:1', 'bigint:-9223372036854775809', null, 'string:x']],
  ['jsonb', '"{\\"a\\": 1}"', 'string:{"a": 1}'],
  ['timestamptz', '2024-03-10 01:59:59.123456+00', 'PreciseDate:2024-03-10T01:59:59.123456Z'], // 4a
  ['timestamptz', '0044-03-15 12:00:00.000001+00 BC', 'PreciseDate:-000043-03-15T12:00:00.000001Z'],
  ['timestamptz', 'infinity', 'PreciseDate:infinity'], // 7a
  ['timestamptz', '-infinity', 'PreciseDate:-infinity'], // 7b
  ['timestamp', '2024-03-10 12:00:00', 'PreciseDate:2024-03-10T12:00:00.000000Z'], // 5a
  ['timestamp', '2024-03-10 02:30:00.000001', 'PreciseDate:2024-03-10T02:30:00.000001Z'],
  ['timestamp', '4713-01-01 00:00:00 BC', 'PreciseDate:-004712-01-01T00:00:00.000000Z'],
  ['timestamp', 'infinity', 'PreciseDate:infinity'],
  ['timestamp', '-infinity', 'PreciseDate:-infinity'],
  ['date', '2024-01-01', 'string:2024-01-01'], // 6a
  ['date', '4713-01-01 BC', 'string:4713-01-01 BC'], // 7c
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
  ['int8[]', '{9007199254740993,-9223372036854775808,NULL}', ['bigint:9007199254740993', 'bigint:-9223372036854775808', null]], // 9b
  ['numeric[]', `{1.1,${BIG_NUMERIC},NaN,NULL}`, ['Decimal:1.1', `Decimal:${BIG_NUMERIC}`, 'Decimal:NaN', null]], // 9a
  ['float4[]', '{1.5,-0,Infinity}', ['number:1.5', 'number:-0', 'number:Infinity']],
  ['float8[]', '{0.1,NaN,NULL}', ['number:0.1', 'number:NaN', null]],
  ['json[]', '{"{\\"a\\": 12345678901234567890}",NULL}', [{ a: 'bigint:12345678901234567890' }, null]],
  ['jsonb[]', '{"{\\"a\\": 0.10000000000000000000001}","\\"x\\"",NULL}', [
    { a: 'Decimal:0.10000000000000000000001' },
    'string:x',
    null,
  ]],
  ['timestamptz[]', '{"2024-03-10 01:59:59.123456+00",infinity,NULL}', [
    'PreciseDate:2024-03-10T01:59:59.123456Z',
    'PreciseDate:infinity',
    null,
  ]], // 9c
  ['timestamp[]', '{"2024-03-10 12:00:00.000001","0001-01-01 00:00:00 BC"}', [
    'PreciseDate:2024-03-10T12:00:00.000001Z',
    'PreciseDate:0000-01-01T00:00:00.000000Z',
  ]],
  ['date[]', '{2024-01-01,"4713-01-01 BC",-infinity,NULL}', ['string:2024-01-01', 'string:4713-01-01 BC', 'string:-infinity', null]],
  ['time[]', '{12:34:56.789012,NULL}', ['string:12:34:56.789012', null]],
  ['timetz[]', '{12:34:56+05:30}', ['string:12:34:56+05:30']],
  ['interval[]', '{"1 day 00:00:00.000001",NULL}', ['string:1 day 00:00:00.000001', null]],
  ['int8[]', '{}', []],
];

const cases = [...scalarCases, ...arrayCases];
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

const variants: Variant[] = ['exactOptions', 'createSql'];

describeServer.each(variants)('reading every contract type, %s', (variant) => {
  describe.each(optionSets)('%s', (_label, options) => {
    let sql: AnySql;
    let scratch: ScratchSchema;
    const table = 'read_cases';

    beforeAll(async () => {
      scratch = await createScratchSchema();
      sql = openSql(variant, scratch.name, options);
      const columns = cases.map(([type], i) => `c${i} ${type}`).join(', ');
      await scratch.raw.query(`CREATE TABLE ${scratch.name}.${table} (id int, ${columns})`);
      await scratch.raw.query(
        `INSERT INTO ${scratch.name}.${table} VALUES (1, ${cases.map(([type, text]) => `${quote(text)}::${type}`).join(', ')}), (2${', NULL'.repeat(cases.length)})`,
      );
    });

    afterAll(async () => {
      await sql?.end();
      await scratch?.drop();
    });

    test.each(cases)('%s %s from a literal (extended protocol)', async (type, text, expected) => {
      const literal = `${quote(text)}::${type}`;
      const [row] = await sql`SELECT ${sql.unsafe(literal)} AS v, (${sql.unsafe(literal)})::text AS text`;
      expect(row!.text).toBe(text);
      expect(tag(row!.v)).toEqual(expected);
    });

    test.each(cases)('%s %s from a literal (simple protocol)', async (type, text, expected) => {
      const literal = `${quote(text)}::${type}`;
      const [row] = await sql.unsafe(`SELECT ${literal} AS v, (${literal})::text AS text`);
      expect(row!.text).toBe(text);
      expect(tag(row!.v)).toEqual(expected);
    });

    test.each(cases)('%s %s from a parameter holding the value read', async (type, text, expected) => {
      const literal = `${quote(text)}::${type}`;
      const [{ v: value }] = (await sql.unsafe(`SELECT ${literal} AS v`)) as unknown as [{ v: unknown }];
      // json keeps its input text; compare it as jsonb, where the parameter's compact form is equal.
      const asText = type.startsWith('json') ? `::${type}::jsonb${type.endsWith('[]') ? '[]' : ''}::text` : `::${type}::text`;
      // With exactOptions() alone postgres.js types a plain array by its first element (bigint →
      // int8, Date → timestamptz); sql.typed(values, 0) lets the server pick. createSql() does that itself.
      const parameter = variant === 'exactOptions' && Array.isArray(value) ? sql.typed(value, 0) : value;
      const [row] = await sql.unsafe(
        `SELECT $1::${type} AS v, $1${asText} AS text, ${literal}${asText} AS expected`,
        [parameter as never],
      );
      expect(row!.text).toBe(row!.expected);
      expect(tag(row!.v)).toEqual(expected);
    });

    test.each(cases.filter(([type]) => !type.startsWith('json')))(
      '%s %s from a parameter holding the text',
      async (type, text, expected) => {
        const [row] = await sql`SELECT ${text}::${sql.unsafe(type)} AS v, ${text}::${sql.unsafe(type)}::text AS text`;
        expect(row!.text).toBe(text);
        expect(tag(row!.v)).toEqual(expected);
      },
    );

    test.each(cases.map((c, i) => [...c, i] as const))('%s %s from a table column', async (_type, text, expected, i) => {
      const rows = await sql`SELECT ${sql(`c${i}`)} AS v, ${sql(`c${i}`)}::text AS text FROM ${sql(table)} ORDER BY id`;
      expect(rows[0]!.text).toBe(text);
      expect(tag(rows[0]!.v)).toEqual(expected);
      expect(rows[1]!.v).toBeNull();
    });

    test.each(cases.map(([type]) => type))('NULL::%s reads as null', async (type) => {
      const [row] = await sql`SELECT NULL::${sql.unsafe(type)} AS v`;
      expect(row!.v).toBeNull();
    });

    test('count(*) is int8 → bigint; sum(int8) is numeric → Decimal, every digit', async () => {
      const [row] = await sql`
        SELECT count(*) AS n, sum(y) AS s8
          FROM (VALUES (9223372036854775807::int8), (9223372036854775807::int8)) v(y)`;
      expect(tag(row)).toEqual({ n: 'bigint:2', s8: 'Decimal:18446744073709551614' });
    });

    test('the same parsers in .values() rows, cursors and forEach', async () => {
      const query = () => sql`SELECT 9007199254740993::int8 AS i, 1.50::numeric AS n, '{1,NULL}'::int8[] AS a`;
      expect(tag(await query().values())).toEqual([['bigint:9007199254740993', 'Decimal:1.50', ['bigint:1', null]]]);
      const viaCursor: unknown[] = [];
      for await (const rows of query().cursor()) viaCursor.push(...rows);
      const viaForEach: unknown[] = [];
      await query().forEach((row) => viaForEach.push(row));
      const expected = { i: 'bigint:9007199254740993', n: 'Decimal:1.50', a: ['bigint:1', null] };
      expect(tag(viaCursor)).toEqual([expected]);
      expect(tag(viaForEach)).toEqual([expected]);
    });
  });
});
