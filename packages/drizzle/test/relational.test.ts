import { Decimal, decimalFromText, PreciseDate } from '@pg-exact/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accounts, drizzleV1, entries, forEachDriver, relationsConfig, tag, type DriverTarget } from './helpers.js';

// drizzle 0.45's relational queries (RQB v1) aggregate nested rows with json_build_array/json_agg and
// hand each nested value to the column's mapFromDriverValue after JSON decoding. The pg-exact
// drivers parse that JSON losslessly, and the exact columns read JSON's forms.
// drizzle 1.0's (RQB v2, `defineRelations`) build nested rows as JSON too, casting each column by
// its codec: the pg-exact drizzle() has the exact columns selected there as PostgreSQL's text.

/** `findMany` / `findFirst` in the running version's API (v2 takes objects where v1 took callbacks). */
interface QueryApi {
  findMany(config: unknown): Promise<unknown[]>;
  findFirst(config: unknown): Promise<Record<string, unknown> | undefined>;
}
const query = (target: DriverTarget, table: 'accounts' | 'entries') =>
  (target.db.query as unknown as Record<string, QueryApi>)[table]!;
const bySeq = drizzleV1 ? { orderBy: { seq: 'asc' } } : { orderBy: (e: typeof entries, { asc }: { asc: (c: unknown) => unknown }) => asc(e.seq) };
const seqIs1 = drizzleV1 ? { where: { seq: 1 } } : { where: (e: typeof entries, { eq }: { eq: (c: unknown, v: unknown) => unknown }) => eq(e.seq, 1) };

forEachDriver((driver) => {
  let target: DriverTarget;
  beforeAll(async () => {
    target = await driver.open();
    const [account] = await target.db
      .insert(accounts)
      .values({ name: 'cash', externalId: 9007199254740993n })
      .returning({ id: accounts.id });
    await target.db.insert(entries).values([
      {
        accountId: account!.id,
        amount: new Decimal('12345678901234567890.123456789012345678'),
        raw: decimalFromText('98765432109876543210.98765432109876543210'),
        at: new PreciseDate('2024-03-10T01:59:59.123456Z'),
        local: new PreciseDate('2024-03-10T02:30:00.000001Z'),
        day: '4713-01-01 BC',
        meta: { snowflake: 1234567890123456789n },
        seq: 1,
      },
      {
        accountId: account!.id,
        amount: new Decimal('1.5'),
        raw: decimalFromText('1.50'), // a Decimal with its written scale
        at: new PreciseDate('-000043-03-15T12:00:00.500000Z'),
        local: new PreciseDate('0000-01-01T00:00:00Z'),
        day: '2024-02-29',
        meta: { snowflake: -(2n ** 63n) },
        seq: 2,
      },
    ]);
  });
  afterAll(() => target?.close());

  it('findMany({ with }) reads int8 past 2^53, numeric, µs instants, BC, jsonb exactly (session TimeZone not UTC)', async () => {
    const rows = await query(target, 'accounts').findMany({ with: { entries: bySeq } });
    expect(tag(rows)).toEqual([
      {
        id: 'bigint:1',
        name: 'string:cash',
        externalId: 'bigint:9007199254740993',
        entries: [
          {
            id: 'bigint:1',
            accountId: 'bigint:1',
            amount: 'Decimal:12345678901234567890.123456789012345678',
            raw: 'Decimal:98765432109876543210.98765432109876543210',
            at: 'PreciseDate:2024-03-10T01:59:59.123456Z',
            local: 'PreciseDate:2024-03-10T02:30:00.000001Z',
            day: 'string:4713-01-01 BC',
            meta: { snowflake: 'bigint:1234567890123456789' },
            seq: 'number:1',
          },
          {
            id: 'bigint:2',
            accountId: 'bigint:1',
            // numeric(38,18): JSON drops trailing zeros, the declared scale puts them back.
            amount: 'Decimal:1.500000000000000000',
            // 0.45, LIMIT (documented): unconstrained numeric inside a relational query keeps its value,
            // not its trailing zeros (the table read gives Decimal:1.50). 1.0 selects numeric text.
            raw: drizzleV1 ? 'Decimal:1.50' : 'Decimal:1.5',
            at: 'PreciseDate:-000043-03-15T12:00:00.500000Z',
            local: 'PreciseDate:0000-01-01T00:00:00.000000Z',
            day: 'string:2024-02-29',
            meta: { snowflake: 'bigint:-9223372036854775808' },
            seq: 'number:2',
          },
        ],
      },
    ]);
  });

  it('findFirst({ with: one }) is exact too', async () => {
    const row = await query(target, 'entries').findFirst({ ...seqIs1, with: { account: true } });
    expect(tag(row?.account)).toEqual({ id: 'bigint:1', name: 'string:cash', externalId: 'bigint:9007199254740993' });
    expect(tag(row?.at)).toBe('PreciseDate:2024-03-10T01:59:59.123456Z');
  });

  it('1.0’s JIT-compiled row mappers (`jit: true`) read the same (0.45 has none: the option is ignored)', async () => {
    const jit = { ...target, db: driver.drizzle({ client: target.client, jit: true, ...relationsConfig }) };
    const plain = await query(target, 'accounts').findMany({ with: { entries: bySeq } });
    expect(tag(await query(jit, 'accounts').findMany({ with: { entries: bySeq } }))).toEqual(tag(plain));
    expect(tag(await jit.db.select().from(entries).orderBy(entries.seq))).toEqual(tag(await target.db.select().from(entries).orderBy(entries.seq)));
  });

  it('the same values read through select() keep numeric scale', async () => {
    const rows = await target.db.select({ raw: entries.raw }).from(entries).orderBy(entries.seq);
    expect(tag(rows.map((r) => r.raw))).toEqual(['Decimal:98765432109876543210.98765432109876543210', 'Decimal:1.50']);
  });
});
