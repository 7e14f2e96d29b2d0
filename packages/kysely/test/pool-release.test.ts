// pg-exact-test: zone-independent (pool checkouts and timeouts: no value depends on the process TZ)
// With node-postgres's `query_timeout`, a query that times out client-side keeps running on its
// connection. Kysely's driver releases every connection with `release(false)`, so pg-pool hands the
// busy connection to the next checkout, whose query waits behind the old one and times out too.
// ExactPostgresDialect hands back a connection whose session was lost or whose query timed out with
// that error, so pg-pool destroys it; the vanilla dialect runs beside it (when Kysely changes its
// release, the vanilla assertion fails and says so).
import { createPool } from '@pg-exact/pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { ExactPostgresDialect } from '../src/index.js';
import { databaseUrl } from './helpers.js';

const variants = {
  exact: () => {
    const pool = createPool({ connectionString: databaseUrl, max: 1, query_timeout: 400 });
    return { pool, db: new Kysely<any>({ dialect: new ExactPostgresDialect({ pool }) }) };
  },
  vanilla: () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, query_timeout: 400 });
    return { pool, db: new Kysely<any>({ dialect: new PostgresDialect({ pool }) }) };
  },
};
const dbs: Kysely<any>[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.destroy()));
});

const outcome = (promise: Promise<{ rows: unknown[] }>) => promise.then((result) => result.rows, (error: Error) => error.message);

describeServer('ExactPostgresDialect: a connection whose query timed out does not serve the next checkout', () => {
  test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: a query that times out, then the next one at once', async (variant) => {
    const { pool, db } = variants[variant]();
    pool.on('error', () => undefined);
    dbs.push(db);
    expect(await outcome(sql`SELECT pg_sleep(2)`.execute(db))).toBe('Query read timeout');
    const next = await outcome(sql`SELECT 1 AS one`.execute(db));
    if (variant === 'exact') expect(next).toEqual([{ one: 1 }]);
    else expect(next, 'Kysely now discards a client whose query timed out: update packages/kysely/README.md').toBe('Query read timeout');
  });

  test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: a transaction whose query timed out rejects with that query\'s error, not its ROLLBACK\'s', async (variant) => {
    const { pool, db } = variants[variant]();
    pool.on('error', () => undefined);
    dbs.push(db);
    let thrown: unknown;
    const failed = await db
      .transaction()
      .execute((tx) => sql`SELECT pg_sleep(2)`.execute(tx).catch((error: unknown) => Promise.reject((thrown = error))))
      .then(() => undefined, (error: unknown) => error);
    expect((failed as Error).message).toBe('Query read timeout');
    // Vanilla Kysely sends ROLLBACK behind the running query; it times out too and replaces the error.
    if (variant === 'exact') expect(failed).toBe(thrown);
    else expect(failed, 'Kysely now keeps the callback error when ROLLBACK fails: update packages/kysely/README.md').not.toBe(thrown);
    // (Vanilla's next query may or may not wait behind the old one, by release and timing: not asserted.)
    if (variant === 'exact') expect(await outcome(sql`SELECT 1 AS one`.execute(db))).toEqual([{ one: 1 }]);
  });

  test('a query the server refuses leaves its connection in the pool (only an unfit connection is destroyed)', async () => {
    const { pool, db } = variants.exact();
    dbs.push(db);
    const pid = async () => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid;
    const before = await pid();
    expect(await outcome(sql`SELECT 1/0`.execute(db))).toMatch(/division by zero/);
    await expect(db.transaction().execute((tx) => sql`SELECT 1/0`.execute(tx))).rejects.toThrow(/division by zero/);
    expect(await pid()).toBe(before);
    expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 1, idle: 1 });
  });
});
