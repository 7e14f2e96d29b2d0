// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { forEachDialect, type DialectTarget } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachDialect((dialect) => {
  let target: DialectTarget;
  beforeAll(async () => {
    target = await dialect.open();
    await sql`create table tx (id int8 generated always as identity primary key, v int8 not null)`.execute(target.db);
  });
  beforeEach(async () => {
    await sql`truncate tx`.execute(target.db);
  });
  afterAll(() => target?.close());

  const count = async () => (await target.db.selectFrom('tx').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;

  it('commits', async () => {
    await target.db.transaction().execute(async (trx) => {
      await trx.insertInto('tx').values({ v: 2n ** 62n }).execute();
    });
    expect(await count()).toBe(1n);
    const { rows } = await sql<{ t: string }>`select v::text as t from tx`.execute(target.db);
    expect(rows).toEqual([{ t: '4611686018427387904' }]);
  });

  it('rolls back when the callback throws', async () => {
    await expect(
      target.db.transaction().execute(async (trx) => {
        await trx.insertInto('tx').values({ v: 1n }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(0n);
  });

  it('runs with an isolation level and read-only access mode', async () => {
    const level = await target.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => (await sql<{ l: string }>`select current_setting(${'transaction_isolation'}) as l`.execute(trx)).rows[0]?.l);
    expect(level).toBe('serializable');
    await expect(
      target.db
        .transaction()
        .setAccessMode('read only')
        .execute((trx) => trx.insertInto('tx').values({ v: 1n }).execute()),
    ).rejects.toThrow(/read-only/);
  });

  it('concurrent transactions do not see or interleave with each other', async () => {
    const run = (v: bigint, fail: boolean) =>
      target.db.transaction().execute(async (trx) => {
        await trx.insertInto('tx').values({ v }).execute();
        await sleep(20);
        const n = (await trx.selectFrom('tx').select((eb) => eb.fn.countAll().as('n')).where('v', '=', v).executeTakeFirstOrThrow()).n;
        if (fail) throw new Error('rollback');
        return n;
      });
    const [a, b, c] = await Promise.allSettled([run(1n, false), run(2n, true), run(3n, false)]);
    expect(a).toEqual({ status: 'fulfilled', value: 1n });
    expect(b.status).toBe('rejected');
    expect(c).toEqual({ status: 'fulfilled', value: 1n });
    const rows = await target.db.selectFrom('tx').select('v').orderBy('v').execute();
    expect(rows).toEqual([{ v: 1n }, { v: 3n }]);
  });
});
