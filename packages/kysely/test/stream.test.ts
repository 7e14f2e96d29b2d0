import { Decimal, PreciseDate } from '@pg-exact/core';
import { createPool } from '@pg-exact/pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { ExactPostgresDialect, type ExactPostgresDialectConfig } from '../src/index.js';
import { databaseUrl } from './helpers.js';

// Parameters whose vanilla writing through pg-cursor is wrong (pg's prepareValue runs when the
// cursor is constructed, before any client sees it): Decimal JSON-quoted, Date in the process zone
// to the ms, bigint inside JSON throws.
const at = new PreciseDate('2024-03-10T02:30:00.123456Z');
const big = 2n ** 62n;
const dec = new Decimal('1.50');
const json = { id: 12345678901234567890n };
const streamed = (db: Kysely<any>) =>
  db
    .selectFrom(sql<{ g: number }>`generate_series(0, 1)`.as('g'))
    .select([
      sql<bigint>`g::int8 * ${big}`.as('n'),
      sql<Decimal>`${dec}::numeric + g`.as('d'),
      sql<PreciseDate>`${at}::timestamptz`.as('t'),
      sql<unknown>`${json}::jsonb`.as('j'),
      sql<string>`(g::int8 * ${big})::text`.as('nt'),
      sql<string>`(${dec}::numeric + g)::text`.as('dt'),
      sql<string>`${at}::timestamptz::text`.as('tt'),
      sql<string>`${json}::jsonb::text`.as('jt'),
    ])
    .orderBy(sql`g`)
    .stream(1);

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describeServer('stream() with pg-cursor', () => {
  const configs: [string, () => ExactPostgresDialectConfig][] = [
    ['{ pool, cursor }', () => ({ pool: createPool({ connectionString: databaseUrl, max: 2 }), cursor: Cursor })],
    ['{ connectionString, max, cursor }', () => ({ connectionString: databaseUrl, max: 2, cursor: Cursor })],
    ['{ pool: () => Promise<pool>, cursor }', () => ({ pool: async () => createPool({ connectionString: databaseUrl, max: 2 }), cursor: Cursor })],
  ];

  it.each(configs)('%s: parameters written and rows read exactly, chunk by chunk', async (_name, config) => {
    const db = new Kysely<any>({ dialect: new ExactPostgresDialect(config()) });
    try {
      const flat = await collect(streamed(db));
      // What the server stored/computed from the parameters, as its own text.
      expect(flat.map((r) => [r.nt, r.dt, r.tt, r.jt])).toEqual([
        ['0', '1.50', '2024-03-10 02:30:00.123456+00', '{"id": 12345678901234567890}'],
        ['4611686018427387904', '2.50', '2024-03-10 02:30:00.123456+00', '{"id": 12345678901234567890}'],
      ]);
      // What the rows read: the exact parsers.
      expect(flat[1]!.n).toBe(2n ** 62n);
      expect(String(flat[1]!.d)).toBe('2.50');
      expect(flat[1]!.t).toBeInstanceOf(PreciseDate);
      expect(flat[1]!.t.getMicroseconds()).toBe(456);
      expect(flat[1]!.t.getTime()).toBe(at.getTime());
      expect(flat[1]!.j).toEqual({ id: 12345678901234567890n });
    } finally {
      await db.destroy();
    }
  });

  it('a query builder streams through the cursor (stream(chunkSize))', async () => {
    const db = new Kysely<any>({ dialect: new ExactPostgresDialect({ connectionString: databaseUrl, max: 1, cursor: Cursor }) });
    try {
      const rows = await collect(
        db
          .selectFrom(sql<{ g: bigint }>`generate_series(${2n ** 53n}::int8, ${2n ** 53n + 4n}::int8)`.as('s'))
          .select(sql<bigint>`s`.as('g'))
          .where(sql<bigint>`s`, '>', 2n ** 53n)
          .stream(2),
      );
      expect(rows.map((r) => r.g)).toEqual([1n, 2n, 3n, 4n].map((k) => 2n ** 53n + k));
    } finally {
      await db.destroy();
    }
  });

  it('a parameter that cannot be written rejects the stream before anything is sent; the pool goes on', async () => {
    const db = new Kysely<any>({ dialect: new ExactPostgresDialect({ connectionString: databaseUrl, max: 1, cursor: Cursor }) });
    try {
      const bad = db.selectNoFrom(sql<unknown>`${{ v: Number.NaN }}::jsonb`.as('j')).stream(1);
      await expect(collect(bad)).rejects.toThrow(/NaN/);
      const rows = await collect(db.selectNoFrom(sql<bigint>`${2n ** 63n - 1n}::int8`.as('n')).stream(1));
      expect(rows).toEqual([{ n: 2n ** 63n - 1n }]);
    } finally {
      await db.destroy();
    }
  });

  it('without a cursor, stream() fails as Kysely’s own dialect does', async () => {
    const db = new Kysely<any>({ dialect: new ExactPostgresDialect({ connectionString: databaseUrl, max: 1 }) });
    try {
      await expect(collect(db.selectNoFrom(sql<number>`1`.as('one')).stream())).rejects.toThrow(/.cursor. is not present in your postgres dialect config/);
    } finally {
      await db.destroy();
    }
  });

  it('Kysely’s hooks are passed on: onCreateConnection and onReserveConnection with a cursor', async () => {
    const calls: string[] = [];
    const db = new Kysely<any>({
      dialect: new ExactPostgresDialect({
        connectionString: databaseUrl,
        max: 1,
        cursor: Cursor,
        onCreateConnection: async () => void calls.push('create'),
        onReserveConnection: async () => void calls.push('reserve'),
      }),
    });
    try {
      await collect(db.selectNoFrom(sql<number>`1`.as('one')).stream());
      await sql`select 1`.execute(db);
      expect(calls).toEqual(['create', 'reserve', 'reserve']);
    } finally {
      await db.destroy();
    }
  });
});

describeServer('vanilla PostgresDialect + pg-cursor (what the exact dialect fixes)', () => {
  let db: Kysely<any>;
  beforeAll(() => {
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }), cursor: Cursor }) });
  });
  afterAll(() => db?.destroy());

  it('a Decimal parameter is JSON-quoted', async () => {
    await expect(collect(db.selectNoFrom(sql`${new Decimal('1.5')}::numeric`.as('d')).stream())).rejects.toThrow(/invalid input syntax for type numeric: ""1.5""/);
  });

  it('a bigint inside JSON throws', async () => {
    await expect(collect(db.selectNoFrom(sql`${{ id: 1n }}::jsonb`.as('j')).stream())).rejects.toThrow(/BigInt/);
  });

  it('a PreciseDate loses its microseconds', async () => {
    const rows = await collect(db.selectNoFrom(sql<string>`${at}::timestamptz::text`.as('t')).stream());
    expect(rows[0]?.t).not.toMatch(/\.123456/);
  });
});
