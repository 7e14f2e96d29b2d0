import { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDriver, tag, values, type DriverTarget } from './helpers.js';

const BIG = '12345678901234567890.123456789012345678';

/** [column, value written through insert().values(), stored ::text (UTC session), value read back (tagged)]. */
const cases: ReadonlyArray<readonly [keyof typeof values.$inferInsert, unknown, string, unknown]> = [
  ['i8', 9007199254740993n, '9007199254740993', 'bigint:9007199254740993'],
  ['i8', -(2n ** 63n), '-9223372036854775808', 'bigint:-9223372036854775808'],
  ['i8', 42, '42', 'bigint:42'],
  ['num', new Decimal(BIG), BIG, `Decimal:${BIG}`],
  ['num', '19.90', '19.90', 'Decimal:19.90'],
  ['num', new Decimal(NaN), 'NaN', 'Decimal:NaN'],
  ['num2', new Decimal('1.5'), '1.500000000000000000', 'Decimal:1.500000000000000000'],
  [
    'jb',
    { big: 12345678901234567890n, dec: new Decimal('0.10000000000000000000001'), n: 1.5 },
    '{"n": 1.5, "big": 12345678901234567890, "dec": 0.10000000000000000000001}',
    { big: 'bigint:12345678901234567890', dec: 'Decimal:0.10000000000000000000001', n: 'number:1.5' },
  ],
  ['jb', 'abc', '"abc"', 'string:abc'],
  ['jb', '123', '"123"', 'string:123'],
  ['jb', [1, 'x'], '[1, "x"]', ['number:1', 'string:x']],
  ['js', { id: 2n ** 64n, s: 'x' }, '{"id":18446744073709551616,"s":"x"}', { id: 'bigint:18446744073709551616', s: 'string:x' }],
  ['js', 'abc', '"abc"', 'string:abc'],
  ['tz', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00', 'PreciseDate:2024-03-10T01:59:59.123456Z'],
  ['tz', new Date('2024-03-10T01:59:59.123Z'), '2024-03-10 01:59:59.123+00', 'PreciseDate:2024-03-10T01:59:59.123000Z'],
  ['tz', PreciseDate.POSITIVE_INFINITY, 'infinity', 'PreciseDate:infinity'],
  ['tz', new PreciseDate('-000043-03-15T12:00:00.500000Z'), '0044-03-15 12:00:00.5+00 BC', 'PreciseDate:-000043-03-15T12:00:00.500000Z'],
  ['ts', new PreciseDate('2024-03-10T02:30:00.000001Z'), '2024-03-10 02:30:00.000001', 'PreciseDate:2024-03-10T02:30:00.000001Z'],
  ['ts', new Date('2024-03-10T12:00:00Z'), '2024-03-10 12:00:00', 'PreciseDate:2024-03-10T12:00:00.000000Z'],
  ['d', '2024-01-01', '2024-01-01', 'string:2024-01-01'],
  ['d', '4713-01-01 BC', '4713-01-01 BC', 'string:4713-01-01 BC'],
  ['d', new Date('2024-02-29T00:00:00Z'), '2024-02-29', 'string:2024-02-29'],
  ['i8s', [9007199254740993n, null], '{9007199254740993,NULL}', ['bigint:9007199254740993', null]],
  ['nums', ['1.10', new Decimal(BIG), null], `{1.10,${BIG},NULL}`, ['Decimal:1.10', `Decimal:${BIG}`, null]],
  ['tzs', [new PreciseDate('2024-03-10T01:59:59.123456Z'), null], '{"2024-03-10 01:59:59.123456+00",NULL}', ['PreciseDate:2024-03-10T01:59:59.123456Z', null]],
];

/** What awaiting `run()` rejects with (drizzle builds the query, and calls the column mappers, inside `then`). */
async function caught(run: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

forEachDriver((driver) => {
  let target: DriverTarget;
  beforeAll(async () => {
    target = await driver.open();
  });
  afterAll(() => target?.close());

  it.each(cases)('%s: %o → stored %s', async (column, value, stored, read) => {
    const { db } = target;
    const [row] = await db.insert(values).values({ [column]: value }).returning();
    expect(tag(row!.id)).toMatch(/^bigint:/);
    expect(tag(row![column])).toEqual(read);
    expect(await target.text(`SELECT ${column} FROM values_t WHERE id = ${row!.id}`)).toBe(stored);
    const [again] = await db.select().from(values).where(eq(values.id, row!.id));
    expect(tag(again![column])).toEqual(read);
  });

  it('where clauses compare exact values (int8 past 2^53, µs instants, big numerics)', async () => {
    const { db } = target;
    const at = new PreciseDate('2030-01-01T00:00:00.000007Z');
    await db.insert(values).values([{ i8: 2n ** 60n + 1n, tz: at, num: new Decimal(`${BIG}1`) }, { i8: 2n ** 60n, tz: new PreciseDate('2030-01-01T00:00:00.000006Z') }]);
    const byInt = await db.select({ id: values.id }).from(values).where(eq(values.i8, 2n ** 60n + 1n));
    expect(byInt).toHaveLength(1);
    const byInstant = await db.select({ tz: values.tz }).from(values).where(eq(values.tz, at));
    expect(byInstant.map((r) => tag(r.tz))).toEqual(['PreciseDate:2030-01-01T00:00:00.000007Z']);
    const byNumeric = await db.select({ num: values.num }).from(values).where(eq(values.num, new Decimal(`${BIG}1`)));
    expect(byNumeric.map((r) => tag(r.num))).toEqual([`Decimal:${BIG}1`]);
  });

  it('db.execute(sql`…`) rows are exact (count, sum, numeric, json, instants)', async () => {
    const { db } = target;
    const result = await db.execute(sql`
      SELECT count(*) AS n, sum(x) AS s, ${new Decimal(BIG)}::numeric AS num,
             '{"id": 18446744073709551616}'::jsonb AS j,
             '2024-03-10 07:44:59.123456+05:45'::timestamptz AS tz, '2024-03-10 02:30:00'::timestamp AS ts,
             '4713-01-01 BC'::date AS d, ${9007199254740993n}::int8 AS i8, ${{ a: 2n ** 64n }}::jsonb AS param
        FROM (VALUES (9007199254740993::int8), (1::int8)) AS t(x)`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
    expect(tag(rows[0])).toEqual({
      n: 'bigint:2',
      s: 'Decimal:9007199254740994',
      num: `Decimal:${BIG}`,
      j: { id: 'bigint:18446744073709551616' },
      tz: 'PreciseDate:2024-03-10T01:59:59.123456Z',
      ts: 'PreciseDate:2024-03-10T02:30:00.000000Z',
      d: 'string:4713-01-01 BC',
      i8: 'bigint:9007199254740993',
      param: { a: 'bigint:18446744073709551616' },
    });
  });

  it('transactions are exact and roll back', async () => {
    const { db } = target;
    const at = new PreciseDate('2031-05-05T05:05:05.050505Z');
    const read = await db.transaction(async (tx) => {
      const [row] = await tx.insert(values).values({ i8: 2n ** 62n, tz: at }).returning();
      const nested = await tx.transaction(async (inner) => (await inner.select().from(values).where(eq(values.id, row!.id)))[0]);
      return nested;
    });
    expect(tag([read!.i8, read!.tz])).toEqual(['bigint:4611686018427387904', 'PreciseDate:2031-05-05T05:05:05.050505Z']);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(values).values({ i8: 777n });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await target.text(`SELECT count(*) FROM values_t WHERE i8 = 777`)).toBe('0');
  });

  it('bad input: a PgExactValueError naming the value and its path, nothing written', async () => {
    const { db } = target;
    const before = await target.text('SELECT count(*) FROM values_t');
    const error = await caught(() => db.insert(values).values({ jb: { items: [{ price: NaN }] } as never }));
    expect(error).toBeInstanceOf(PgExactValueError);
    expect((error as PgExactValueError).path).toBe('values_t.jb.items[0].price');
    expect((error as PgExactValueError).value).toBeNaN();
    const outOfRange = await caught(() => db.insert(values).values({ i8: 2n ** 63n }));
    expect(outOfRange).toBeInstanceOf(PgExactValueError);
    expect((outOfRange as PgExactValueError).path).toBe('values_t.i8');
    const rawParam = await caught(() => db.execute(sql`SELECT ${{ y: [undefined] }}::jsonb AS v`));
    // A raw parameter fails inside the driver call, which drizzle wraps in its DrizzleQueryError.
    expect((rawParam as Error).cause).toBeInstanceOf(PgExactValueError);
    expect(((rawParam as Error).cause as PgExactValueError).path).toMatch(/^\$1?\.y\[0\]$/);
    expect(await target.text('SELECT count(*) FROM values_t')).toBe(before);
  });
});
