import { Decimal, PreciseDate } from '@pg-exact/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect, tag, type DialectTarget } from './helpers.js';

/** [name, column type, value written through the query builder, stored ::text, value read back (tagged)]. */
const cases: ReadonlyArray<readonly [string, string, unknown, string, unknown]> = [
  ['int8 max', 'int8', 2n ** 63n - 1n, '9223372036854775807', 'bigint:9223372036854775807'],
  ['int8 from a digit string', 'int8', '-9223372036854775808', '-9223372036854775808', 'bigint:-9223372036854775808'],
  ['int8 small still bigint', 'int8', 7, '7', 'bigint:7'],
  ['numeric 30 digits', 'numeric', new Decimal('12345678901234567890.1234567891'), '12345678901234567890.1234567891', 'Decimal:12345678901234567890.1234567891'],
  ['numeric from bigint', 'numeric', 2n ** 70n, '1180591620717411303424', 'Decimal:1180591620717411303424'],
  ['numeric NaN', 'numeric', new Decimal(NaN), 'NaN', 'Decimal:NaN'],
  [
    'jsonb big numbers',
    'jsonb',
    { id: 2n ** 64n, x: new Decimal('0.10000000000000000000001'), n: 1.5 },
    '{"n": 1.5, "x": 0.10000000000000000000001, "id": 18446744073709551616}',
    { n: 'number:1.5', x: 'Decimal:0.10000000000000000000001', id: 'bigint:18446744073709551616' },
  ],
  [
    'timestamptz µs',
    'timestamptz',
    new PreciseDate('2024-03-10T01:59:59.123456Z'),
    '2024-03-10 01:59:59.123456+00',
    'PreciseDate:2024-03-10T01:59:59.123456Z',
  ],
  ['timestamptz from offset text', 'timestamptz', '2024-03-10 07:44:59.000001+05:45', '2024-03-10 01:59:59.000001+00', 'PreciseDate:2024-03-10T01:59:59.000001Z'],
  [
    'timestamp UTC wall clock',
    'timestamp',
    new PreciseDate('2024-01-01T23:30:00.000001Z'),
    '2024-01-01 23:30:00.000001',
    'PreciseDate:2024-01-01T23:30:00.000001Z',
  ],
  ['timestamp from a Date', 'timestamp', new Date('2024-07-01T00:00:00.5Z'), '2024-07-01 00:00:00.5', 'PreciseDate:2024-07-01T00:00:00.500000Z'],
  ['date text', 'date', '2024-01-01', '2024-01-01', 'string:2024-01-01'],
  ['date BC', 'date', '4713-01-01 BC', '4713-01-01 BC', 'string:4713-01-01 BC'],
  ['date from a Date (UTC calendar date)', 'date', new Date('2024-02-29T00:00:00Z'), '2024-02-29', 'string:2024-02-29'],
  ['int8[] with NULL', 'int8[]', [1n, null, 2n ** 63n - 1n], '{1,NULL,9223372036854775807}', ['bigint:1', null, 'bigint:9223372036854775807']],
  ['numeric[]', 'numeric[]', [new Decimal('1.5'), new Decimal('99999999999999999999.99')], '{1.5,99999999999999999999.99}', ['Decimal:1.5', 'Decimal:99999999999999999999.99']],
  [
    'timestamptz[]',
    'timestamptz[]',
    [new PreciseDate('2024-01-01T00:00:00.000001Z'), null],
    '{"2024-01-01 00:00:00.000001+00",NULL}',
    ['PreciseDate:2024-01-01T00:00:00.000001Z', null],
  ],
  ['date[]', 'date[]', ['2024-01-01', 'infinity'], '{2024-01-01,infinity}', ['string:2024-01-01', 'string:infinity']],
];

forEachDialect((dialect) => {
  let target: DialectTarget;
  beforeAll(async () => {
    target = await dialect.open();
    for (const [i, [, type]] of cases.entries()) {
      await sql`create table ${sql.table(`v${i}`)} (id int8 generated always as identity primary key, v ${sql.raw(type)})`.execute(target.db);
    }
  });
  afterAll(() => target?.close());

  it.each(cases.map((c, i) => [i, ...c] as const))('%i %s (%s) round trip through the query builder', async (i, _name, _type, value, stored, read) => {
    const { db } = target;
    const { id } = await db.insertInto(`v${i}`).values({ v: value }).returning('id').executeTakeFirstOrThrow();
    expect(tag(id)).toMatch(/^bigint:/);
    expect(await target.text(`v${i}`, 'v', id as bigint)).toBe(stored);
    const row = await db.selectFrom(`v${i}`).select('v').where('id', '=', id).executeTakeFirstOrThrow();
    expect(tag(row.v)).toEqual(read);
  });

  it('count(*) is a bigint', async () => {
    const row = await target.db.selectFrom('v0').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(typeof row.n).toBe('bigint');
  });

  it('updates write exactly and report numUpdatedRows', async () => {
    const { db } = target;
    const { id } = await db.insertInto('v3').values({ v: '1' }).returning('id').executeTakeFirstOrThrow();
    const result = await db.updateTable('v3').set({ v: new Decimal('0.30000000000000000000000000001') }).where('id', '=', id).executeTakeFirstOrThrow();
    expect(result.numUpdatedRows).toBe(1n);
    expect(await target.text('v3', 'v', id as bigint)).toBe('0.30000000000000000000000000001');
  });
});
