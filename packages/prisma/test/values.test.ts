import { Decimal, decimalFromText, PgExactValueError, PreciseDate } from '@pg-exact/core';
import { makeTypedQueryFactory } from '@prisma/client/runtime/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from './generated/client.js';
import { forEachTarget, tag, type PrismaTarget } from './helpers.js';

const BIG = 12345678901234567890n;
const LONG = '0.10000000000000000000001';

forEachTarget((open) => {
  let t: PrismaTarget;
  let accountId: bigint;
  beforeAll(async () => {
    t = await open();
    const account = await t.prisma.account.create({
      data: {
        name: 'ledger',
        balance: new Prisma.Decimal('12345678901234567890.123456789012345678'),
        meta: { snowflake: BIG, rate: new Decimal(LONG), plain: 1.5, nested: [{ id: 2n ** 64n }] } as never,
        openedAt: new Date('2024-03-10T01:59:59.123Z'),
        wall: new Date('2024-03-10T12:00:00.5Z'),
        day: new Date('2024-01-01T00:00:00Z'),
        entries: { create: [{ amount: new Prisma.Decimal('-0.000000000000000001'), payload: { ref: 2n ** 63n - 1n } as never, refs: [2n ** 63n - 1n, -(2n ** 63n)] }] },
      },
    });
    accountId = account.id;
  });
  afterAll(() => t?.close());

  it('stores bigint and Decimal inside a Json write as JSON numbers, nested writes included', async () => {
    expect(await t.text(`SELECT meta::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe(
      `{"rate": ${LONG}, "plain": 1.5, "nested": [{"id": 18446744073709551616}], "snowflake": 12345678901234567890}`,
    );
    expect(await t.text(`SELECT payload::text AS t FROM "Entry" WHERE "accountId" = ${accountId}`)).toBe('{"ref": 9223372036854775807}');
  });

  it('reads Json big numbers back exactly in model queries and included relations', async () => {
    const account = await t.prisma.account.findUniqueOrThrow({ where: { id: accountId }, include: { entries: true } });
    expect(tag(account.meta)).toEqual(
      tag({ rate: new Decimal(LONG), plain: 1.5, nested: [{ id: 2n ** 64n }], snowflake: BIG }),
    );
    expect(tag(account.entries[0]!.payload)).toEqual(tag({ ref: 2n ** 63n - 1n }));
    const entry = await t.prisma.entry.findFirstOrThrow({ include: { account: true } });
    expect(tag((entry.account.meta as { snowflake: unknown }).snowflake)).toBe('bigint:12345678901234567890');
  });

  it('keeps Decimal fields, BigInt fields and BigInt[] exact', async () => {
    const account = await t.prisma.account.findUniqueOrThrow({ where: { id: accountId }, include: { entries: true } });
    expect(account.balance).toBeInstanceOf(Prisma.Decimal);
    expect(account.balance.toFixed()).toBe('12345678901234567890.123456789012345678');
    expect(account.entries[0]!.amount.toFixed()).toBe('-0.000000000000000001');
    expect(tag(account.entries[0]!.refs)).toEqual(['bigint:9223372036854775807', 'bigint:-9223372036854775808']);
    expect(await t.text(`SELECT balance::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('12345678901234567890.123456789012345678');
  });

  it('writes and reads DateTime instants by their real offset; timestamp is the UTC wall clock, date the UTC day', async () => {
    expect(await t.text(`SELECT "openedAt"::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('2024-03-10 01:59:59.123+00');
    expect(await t.text(`SELECT wall::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('2024-03-10 12:00:00.5');
    expect(await t.text(`SELECT day::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('2024-01-01');
    const account = await t.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.openedAt.toISOString()).toBe('2024-03-10T01:59:59.123Z');
    expect(account.wall?.toISOString()).toBe('2024-03-10T12:00:00.500Z');
    expect(account.day?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it('reads the same instants in a non-UTC session (no +00:00 relabelling)', async () => {
    const read = await t.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL TIME ZONE 'Asia/Kathmandu'`);
      const [row] = await tx.$queryRaw<{ at: Date; shown: string }[]>`SELECT "openedAt" AS at, "openedAt"::text AS shown FROM "Account" WHERE id = ${accountId}`;
      const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
      await tx.account.update({ where: { id: accountId }, data: { wall: new Date('2024-03-10T12:00:00.5Z'), openedAt: new Date('2024-03-10T01:59:59.123Z') } });
      return { row: row!, account };
    });
    expect(read.row.shown).toBe('2024-03-10 07:44:59.123+05:45'); // the session really was +05:45
    expect(read.row.at.toISOString()).toBe('2024-03-10T01:59:59.123Z');
    expect(read.account.openedAt.toISOString()).toBe('2024-03-10T01:59:59.123Z');
    expect(await t.text(`SELECT "openedAt"::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('2024-03-10 01:59:59.123+00');
    expect(await t.text(`SELECT wall::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('2024-03-10 12:00:00.5');
  });

  it('$queryRaw: Json big numbers exact, exact parameters (Decimal scale, JSON with bigint, -0, NaN)', async () => {
    const [row] = await t.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT meta, ${decimalFromText('19.90')}::numeric::text AS scale, ${{ id: BIG }}::jsonb::text AS json,
             ${-0}::float8::text AS negzero, ${NaN}::float8::text AS nan, ${[1n, null, 2n ** 63n - 1n]}::int8[] AS arr,
             count(*) AS n
      FROM "Account" WHERE id = ${accountId} GROUP BY meta`;
    expect(tag(row)).toEqual(
      tag({
        meta: { rate: new Decimal(LONG), plain: 1.5, nested: [{ id: 2n ** 64n }], snowflake: BIG },
        scale: '19.90',
        json: '{"id": 12345678901234567890}',
        negzero: '-0',
        nan: 'NaN',
        arr: [1n, null, 2n ** 63n - 1n],
        n: 1n,
      }),
    );
  });

  it('$queryRawTyped (TypedSQL): Json big numbers exact, exact parameters', async () => {
    // What `prisma generate --sql` emits for a prisma/sql/*.sql file at run time (its types aside).
    const accountJson = makeTypedQueryFactory('SELECT meta, meta->\'snowflake\' AS snowflake, $2::numeric::text AS scale, $3::jsonb::text AS json FROM "Account" WHERE id = $1');
    const [row] = await t.prisma.$queryRawTyped(accountJson(accountId, decimalFromText('19.90'), { id: BIG }));
    expect(tag(row)).toEqual(
      tag({
        meta: { rate: new Decimal(LONG), plain: 1.5, nested: [{ id: 2n ** 64n }], snowflake: BIG },
        snowflake: BIG,
        scale: '19.90',
        json: '{"id": 12345678901234567890}',
      }),
    );
  });

  it('$queryRawExact returns what @pg-exact/core reads: PreciseDate µs, infinities, date text, bigint, Decimal', async () => {
    const at = new PreciseDate('2024-03-10T01:59:59.123456Z');
    await t.prisma.$executeRawExact`UPDATE "Account" SET "openedAt" = ${at} WHERE id = ${accountId}`;
    expect(await t.text(`SELECT "openedAt"::text AS t FROM "Account" WHERE id = ${accountId}`)).toBe('2024-03-10 01:59:59.123456+00');
    const [row] = await t.prisma.$queryRawExact<Record<string, unknown>[]>`
      SELECT "openedAt" AS at, 'infinity'::timestamptz AS inf, ${PreciseDate.NEGATIVE_INFINITY}::timestamptz AS neginf,
             '4713-01-01 BC'::date AS day, '2024-03-10 07:44:59.000001+05:45'::timestamptz AS offset,
             balance, id, meta->'snowflake' AS snowflake, ARRAY['0044-03-15 12:00:00.5 BC'::timestamp] AS bc, true AS yes
      FROM "Account" WHERE id = ${accountId}`;
    expect(tag(row)).toEqual(
      tag({
        at,
        inf: PreciseDate.POSITIVE_INFINITY,
        neginf: PreciseDate.NEGATIVE_INFINITY,
        day: '4713-01-01 BC',
        offset: new PreciseDate('2024-03-10T01:59:59.000001Z'),
        balance: new Decimal('12345678901234567890.123456789012345678'),
        id: accountId,
        snowflake: BIG,
        bc: [new PreciseDate('-000043-03-15T12:00:00.500000Z')],
        yes: true,
      }),
    );
    const [again] = await t.prisma.$queryRawUnsafeExact<{ at: PreciseDate }[]>('SELECT "openedAt" AS at FROM "Account" WHERE id = $1', accountId);
    expect(again!.at.getMicroseconds()).toBe(456);
    // Model fields are Prisma's Dates: the µs stay in the database, the Date has the ms.
    const account = await t.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.openedAt.toISOString()).toBe('2024-03-10T01:59:59.123Z');
  });

  it('keeps Json exact inside interactive transactions and rolls back', async () => {
    const inside = await t.prisma.$transaction(async (tx) => {
      const created = await tx.note.create({ data: { text: 'itx', data: { id: 2n ** 70n, d: new Decimal('0.1000000000000000000000000001') } as never } });
      return tx.note.findUniqueOrThrow({ where: { id: created.id } });
    });
    expect(tag(inside.data)).toEqual(tag({ id: 2n ** 70n, d: new Decimal('0.1000000000000000000000000001') }));
    expect(await t.text(`SELECT data::text AS t FROM "Note" WHERE id = ${inside.id}`)).toBe(
      '{"id":1180591620717411303424,"d":0.1000000000000000000000000001}',
    );
    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.note.create({ data: { text: 'rolled back', data: { id: 1n } as never } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t.text(`SELECT count(*)::text AS t FROM "Note" WHERE text = 'rolled back'`)).toBe('0');
  });

  it('refuses a bad Json value with a typed error naming the field and path; nothing is written', async () => {
    const attempt = t.prisma.note.create({ data: { text: 'bad', data: { items: [1, Number.POSITIVE_INFINITY], id: 1n } as never } });
    await expect(attempt).rejects.toBeInstanceOf(PgExactValueError);
    await expect(attempt).rejects.toThrow('(at Note.data.items[1])');
    await expect(t.prisma.$queryRaw`SELECT ${{ n: NaN }}::jsonb`).rejects.toThrow('(at $1.n)');
    expect(await t.text(`SELECT count(*)::text AS t FROM "Note" WHERE text = 'bad'`)).toBe('0');
  });

  it('a DateTime Prisma cannot build (infinity) fails loudly instead of becoming an Invalid Date', async () => {
    await t.run(`UPDATE "Account" SET wall = 'infinity' WHERE id = ${accountId}`);
    await expect(t.prisma.account.findUniqueOrThrow({ where: { id: accountId } })).rejects.toThrow(/'infinity' has no JS Date/);
    await t.run(`UPDATE "Account" SET wall = NULL WHERE id = ${accountId}`);
  });
});
