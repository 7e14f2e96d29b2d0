import { randomBytes } from 'node:crypto';
import { Decimal, PreciseDate } from '@pg-exact/core';
import { createSql } from '@pg-exact/postgres-js';
import * as kysely from 'kysely';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { IdentityReturningPlugin } from '../src/index.js';
import { ExactPostgresJsDialect, type ExactPostgresJsDialectConfig } from '../src/postgres-js/index.js';
import { databaseUrl } from './helpers.js';

const schema = `pgx_kypj_${randomBytes(4).toString('hex')}`;
const at = new PreciseDate('2024-03-10T02:30:00.123456Z');

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const probe = (db: Kysely<any>) =>
  sql<{ n: bigint; d: Decimal; t: PreciseDate; ts: PreciseDate; j: unknown; day: string; tz: string }>`
    select 9223372036854775807::int8 as n, 19.90::numeric(10, 2) as d, ${at}::timestamptz as t,
           '2024-03-10 02:30:00.000001'::timestamp as ts, '{"id": 12345678901234567890}'::jsonb as j,
           '2024-02-29'::date as day, current_setting('TimeZone') as tz`
    .execute(db)
    .then((r) => r.rows[0]!);

describeServer('ExactPostgresJsDialect', () => {
  const forms: [string, () => ExactPostgresJsDialectConfig][] = [
    ['{ postgres: createSql(…) }', () => ({ postgres: createSql(databaseUrl, { max: 2 }) })],
    ['{ postgres: () => createSql(…) }', () => ({ postgres: () => createSql(databaseUrl, { max: 2 }) })],
    ['{ connectionString, max }', () => ({ connectionString: databaseUrl, max: 2 })],
  ];

  it('the first query reads arrays of types pg-exact leaves to postgres.js (text[], uuid[])', async () => {
    // postgres.js 3.4.0 never fetches array types when a pool's first connection is reserved.
    const db = new Kysely<any>({ dialect: new ExactPostgresJsDialect({ connectionString: databaseUrl, max: 1 }) });
    try {
      const { rows } = await sql`select '{a,"b c"}'::text[] as t, array['6ecd8c99-4036-403d-bf84-cf8400f67836'::uuid] as u`.execute(db);
      expect(rows).toEqual([{ t: ['a', 'b c'], u: ['6ecd8c99-4036-403d-bf84-cf8400f67836'] }]);
    } finally {
      await db.destroy();
    }
  });

  it("a server error is postgres.js's PostgresError, with Kysely's stack appended", async () => {
    const db = new Kysely<any>({ dialect: new ExactPostgresJsDialect({ connectionString: databaseUrl, max: 1 }) });
    try {
      const error = await sql`select 1 / 0`.execute(db).then(
        () => undefined,
        (e: unknown) => e as { name?: string; code?: string; message?: string; stack?: string },
      );
      expect(error?.code).toBe('22012');
      expect(error?.message).toBe('division by zero');
      expect(error?.name).toBe('PostgresError');
      expect(error?.stack).toContain('postgres-js.test.ts');
    } finally {
      await db.destroy();
    }
  });

  it.each(forms)('%s reads exactly, pinned to UTC, and destroy() ends it', async (_name, config) => {
    const db = new Kysely<any>({ dialect: new ExactPostgresJsDialect(config()) });
    const row = await probe(db);
    expect(row.n).toBe(9223372036854775807n);
    expect(String(row.d)).toBe('19.90');
    expect(row.t).toBeInstanceOf(PreciseDate);
    expect(row.t.getMicroseconds()).toBe(456);
    expect(row.ts.toISOString()).toBe('2024-03-10T02:30:00.000001Z');
    expect(row.j).toEqual({ id: 12345678901234567890n });
    expect(row.day).toBe('2024-02-29');
    expect(row.tz).toBe('UTC');
    await db.destroy();
    await expect(probe(db)).rejects.toThrow();
  });

  describe('on a table', () => {
    let db: Kysely<any>;
    beforeAll(async () => {
      db = new Kysely<any>({
        dialect: new ExactPostgresJsDialect({ connectionString: databaseUrl, max: 3, connection: { search_path: schema } }),
      });
      await sql`create schema ${sql.id(schema)}`.execute(db);
      await sql`create table t (id int8 generated always as identity primary key, n int8, d numeric, at timestamptz, local timestamp, day date, j jsonb)`.execute(db);
    });
    afterAll(async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    });

    it('writes parameters exactly (what the server stored, as its text)', async () => {
      await db
        .insertInto('t')
        .values({ n: 2n ** 63n - 1n, d: new Decimal('12345678901234567890.10'), at, local: at, day: '2024-02-29', j: { big: 2n ** 64n, d: new Decimal('0.10000000000000000000001') } })
        .execute();
      const { rows } = await sql<Record<string, string>>`select n::text, d::text, at::text, local::text, day::text, j::text from t`.execute(db);
      expect(rows).toEqual([
        {
          n: '9223372036854775807',
          d: '12345678901234567890.10',
          at: '2024-03-10 02:30:00.123456+00',
          local: '2024-03-10 02:30:00.123456',
          day: '2024-02-29',
          j: '{"d": 0.10000000000000000000001, "big": 18446744073709551616}',
        },
      ]);
      const read = await db.selectFrom('t').selectAll().executeTakeFirstOrThrow();
      expect(read.n).toBe(2n ** 63n - 1n);
      expect(String(read.d)).toBe('12345678901234567890.10');
      expect(read.local.toISOString()).toBe('2024-03-10T02:30:00.123456Z');
      await sql`truncate t`.execute(db);
    });

    it('transactions: commit, rollback, isolation level and access mode, an aborted one refused on commit', async () => {
      await db.transaction().execute((trx) => trx.insertInto('t').values({ n: 1n }).execute());
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('t').values({ n: 2n }).execute();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const level = await db
        .transaction()
        .setIsolationLevel('serializable')
        .setAccessMode('read only')
        .execute(async (trx) => (await sql<{ l: string; ro: string }>`select current_setting('transaction_isolation') as l, current_setting('transaction_read_only') as ro`.execute(trx)).rows[0]);
      expect(level).toEqual({ l: 'serializable', ro: 'on' });
      expect((await db.selectFrom('t').select('n').execute()).map((r) => r.n)).toEqual([1n]);
      // A statement error inside a transaction, caught: COMMIT completes as ROLLBACK, and Kysely
      // (where its PostgresDriver checks it: not 0.28.1's) refuses it, as over node-postgres.
      const aborted = db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ n: 3n }).execute();
        await sql`select 1 / 0`.execute(trx).catch(() => undefined);
      });
      if ('AbortedTransactionError' in kysely) await expect(aborted).rejects.toThrow(/rolled back/);
      else await aborted;
      expect((await db.selectFrom('t').select('n').execute()).map((r) => r.n)).toEqual([1n]);
      await sql`truncate t`.execute(db);
    });

    it('savepoints (controlled transaction): rollback to, release', async () => {
      const trx = await db.startTransaction().execute();
      await trx.insertInto('t').values({ n: 10n }).execute();
      const sp = await trx.savepoint('sp one').execute();
      await sp.insertInto('t').values({ n: 11n }).execute();
      const back = await sp.rollbackToSavepoint('sp one').execute();
      const sp2 = await back.savepoint('two').execute();
      await sp2.insertInto('t').values({ n: 12n }).execute();
      await (await sp2.releaseSavepoint('two').execute()).commit().execute();
      expect((await db.selectFrom('t').select('n').orderBy('n').execute()).map((r) => r.n)).toEqual([10n, 12n]);
      await sql`truncate t`.execute(db);
    });

    it('stream(): postgres.js cursors, chunk by chunk; leaving early frees the connection', async () => {
      const rows = await collect(
        db.selectFrom(sql<{ g: bigint }>`generate_series(${2n ** 60n}::int8, ${2n ** 60n + 9n}::int8)`.as('g')).select(sql<bigint>`g`.as('g')).stream(3),
      );
      expect(rows.map((r) => r.g)).toEqual(Array.from({ length: 10 }, (_, i) => 2n ** 60n + BigInt(i)));
      for (let round = 0; round < 5; round++) {
        for await (const row of db.selectFrom(sql`generate_series(1, 100)`.as('g')).select(sql<number>`g`.as('g')).stream(10)) {
          if (row.g === 2) break;
        }
      }
      expect((await probe(db)).n).toBe(9223372036854775807n);
    });

    it('a value that cannot be written rejects the query with a PgExactValueError; the pool goes on', async () => {
      await expect(db.insertInto('t').values({ j: { v: Number.NaN } }).execute()).rejects.toThrow(/NaN/);
      await expect(collect(db.selectNoFrom(sql`${{ v: Number.NaN }}::jsonb`.as('j')).stream())).rejects.toThrow(/NaN/);
      expect((await probe(db)).n).toBe(9223372036854775807n);
    });

    it('IdentityReturningPlugin and introspection', async () => {
      const { insertId } = await db.withPlugin(new IdentityReturningPlugin()).insertInto('t').values({ n: 5n }).executeTakeFirstOrThrow();
      const row = await db.selectFrom('t').select('id').where('n', '=', 5n).executeTakeFirstOrThrow();
      expect(insertId).toBe(row.id);
      const tables = await db.introspection.getTables();
      const t = tables.find((table) => table.schema === schema && table.name === 't');
      expect(t?.columns.map((c) => [c.name, c.dataType])).toEqual([
        ['id', 'int8'],
        ['n', 'int8'],
        ['d', 'numeric'],
        ['at', 'timestamptz'],
        ['local', 'timestamp'],
        ['day', 'date'],
        ['j', 'jsonb'],
      ]);
    });

    it('hooks: onCreateConnection once per connection, onReserveConnection per use', async () => {
      const calls: string[] = [];
      const hooked = new Kysely<any>({
        dialect: new ExactPostgresJsDialect({
          postgres: createSql(databaseUrl, { max: 1 }),
          onCreateConnection: async () => void calls.push('create'),
          onReserveConnection: async () => void calls.push('reserve'),
        }),
      });
      await sql`select 1`.execute(hooked);
      await sql`select 1`.execute(hooked);
      await hooked.destroy();
      expect(calls[0]).toBe('create');
      expect(calls.filter((c) => c === 'reserve')).toHaveLength(2);
    });
  });
});
