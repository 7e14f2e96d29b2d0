// pg-exact-test: zone-independent (pool checkouts and timeouts: no value depends on the process TZ)
// drizzle-orm 0.45's node-postgres `transaction()` sends BEGIN before the try/finally
// that releases its pooled client, and releases it without an error whatever happened
// (drizzle-orm#6241, #6114). A failed BEGIN keeps the client checked out for good, so a few of them
// exhaust the pool and every later query waits forever; a timed-out query goes back to the pool still
// running, and the next checkout queues behind it. The exact drizzle releases a checkout whose BEGIN
// failed, and hands back one whose connection is unfit with the error, so pg-pool destroys it.
// Each case runs the vanilla drizzle beside it: 1.0.0-rc.5 fixed both (a release on a failed BEGIN,
// with the connection's error), and the exact drizzle's guard stays a no-op there (released once).
// When a 0.45 release fixes them, the vanilla assertion fails and says to update the README.
import { sql } from 'drizzle-orm';
import { drizzle as vanillaDrizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterEach, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../test/support/fault-proxy.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { drizzle, exactNodePgClient } from '../src/node-postgres/index.js';
import { databaseUrl, drizzleV1 } from './helpers.js';

type Db = ReturnType<typeof drizzle>;
const variants = { exact: (pool: pg.Pool) => drizzle({ client: pool }), vanilla: (pool: pg.Pool) => vanillaDrizzle({ client: pool }) as unknown as Db };

const pools: pg.Pool[] = [];
let proxy: FaultProxy | undefined;

function pool(config: pg.PoolConfig): pg.Pool {
  const made = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 1500, ...config });
  made.on('error', () => undefined); // node-postgres's documented listener for idle clients
  pools.push(made);
  return made;
}

afterEach(async () => {
  // The vanilla cases leave a client checked out for good: pool.end() would wait for it, and its
  // connection's end would be an 'error' nobody listens to. Test cleanup only: pg-pool's own list of
  // its clients, each handed back with an error so the pool destroys it.
  for (const p of pools) {
    const idle = new Set((p as unknown as { _idle: { client: pg.PoolClient }[] })._idle.map((item) => item.client));
    for (const client of (p as unknown as { _clients: pg.PoolClient[] })._clients.filter((c) => !idle.has(c))) {
      client.on('error', () => undefined);
      client.release(new Error('test cleanup'));
    }
  }
  await proxy?.close();
  proxy = undefined;
  await Promise.all(pools.splice(0).map((p) => p.end().catch(() => undefined)));
});

/** How a promise ended (a bounded wait: a regression fails instead of hanging the run). */
async function settle(promise: PromiseLike<unknown>, ms = 8000): Promise<{ value: unknown } | { error: Error }> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)));
  try {
    return await Promise.race([Promise.resolve(promise).then((value) => ({ value }), (error: Error) => ({ error })), hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** A transaction that reads one value; its result, or why it failed (the driver's error, under drizzle's wrapper). */
async function oneTransaction(db: Db): Promise<{ value: unknown } | { error: Error }> {
  return settle(db.transaction(async (tx) => (await tx.execute(sql`SELECT 2 AS two`)).rows[0]));
}

const cause = (error: Error): string => String((error.cause as Error | undefined)?.message ?? error.message);

describeServer('drizzle node-postgres transactions release their pooled client whatever BEGIN and ROLLBACK met', () => {
  test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: a BEGIN the server refuses (bad transaction config) leaves the pool serving', async (variant) => {
    const p = pool({});
    const db = variants[variant](p);
    const refused = await settle(db.transaction(async () => 1, { isolationLevel: 'no such level' as never }));
    expect('error' in refused && cause(refused.error)).toMatch(/syntax error/);
    const next = await oneTransaction(db);
    if (variant === 'exact' || drizzleV1) {
      expect(next).toEqual({ value: { two: 2 } });
      // The connection was healthy: it went back to the pool, it was not destroyed.
      expect({ total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount }).toEqual({ total: 1, idle: 1, waiting: 0 });
    } else {
      // drizzle-orm#6241: the client is still checked out, the pool of one waits in vain.
      expect('error' in next && next.error.message, 'drizzle-orm 0.45 releases on a failed BEGIN now: update packages/drizzle/README.md').toMatch(/timeout exceeded when trying to connect/);
    }
  });

  test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: a BEGIN that times out on a silent link does not keep the client; the pool serves once the link is back', async (variant) => {
    proxy = await startFaultProxy({ host: new URL(databaseUrl).hostname, port: Number(new URL(databaseUrl).port || 5432) });
    const p = pool({ connectionString: proxy.url(databaseUrl), query_timeout: 300 });
    const db = variants[variant](p);
    await db.execute(sql`SELECT 1`); // one idle connection through the proxy
    proxy.stall();
    const stalled = await settle(db.transaction(async () => 1));
    expect('error' in stalled && cause(stalled.error)).toBe('Query read timeout');
    proxy.resume();
    const next = await oneTransaction(db);
    if (variant === 'exact' || drizzleV1) {
      expect(next).toEqual({ value: { two: 2 } });
      expect(p.waitingCount).toBe(0);
    } else {
      expect('error' in next && next.error.message, 'drizzle-orm 0.45 releases on a failed BEGIN now: update packages/drizzle/README.md').toMatch(/timeout exceeded when trying to connect/);
    }
  });

  test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: a query that times out inside a transaction does not hand its still-busy connection to the next checkout', async (variant) => {
    const p = pool({ query_timeout: 400 });
    const db = variants[variant](p);
    const slow = await settle(db.transaction(async (tx) => tx.execute(sql`SELECT pg_sleep(2)`)));
    expect('error' in slow && cause(slow.error)).toBe('Query read timeout');
    // Which query the error names: the one that timed out (drizzle 0.45 alone sends ROLLBACK behind
    // it, which times out too, and rethrows that one).
    expect('error' in slow && slow.error.message.split('\n')[0]).toBe(variant === 'exact' || drizzleV1 ? 'Failed query: SELECT pg_sleep(2)' : 'Failed query: rollback');
    // The next query right away: on the connection that still runs pg_sleep it would wait behind it.
    const next = await settle(db.execute(sql`SELECT 1 AS one`));
    if (variant === 'exact' || drizzleV1) expect(next).toEqual({ value: expect.objectContaining({ rows: [{ one: 1 }] }) });
    else expect('error' in next && cause(next.error), 'drizzle-orm 0.45 releases a broken client with its error now: update packages/drizzle/README.md').toBe('Query read timeout');
  });

  test('a checkout released on its failed BEGIN is released once: a later release() is a no-op and a later query rejects with the BEGIN error', async () => {
    const p = pool({});
    const client = (await exactNodePgClient(p).connect()) as pg.PoolClient;
    const begin = await settle(client.query('BEGIN ISOLATION LEVEL no such level'));
    expect('error' in begin && begin.error.message).toMatch(/syntax error/);
    expect({ total: p.totalCount, idle: p.idleCount }).toEqual({ total: 1, idle: 1 });
    expect(() => client.release()).not.toThrow(); // a drizzle-orm whose finally now releases too
    const rollback = await settle(client.query('ROLLBACK'));
    expect('error' in rollback && rollback.error).toBe((begin as { error: Error }).error);
    // The pooled connection is someone else's now, untouched by the stale checkout.
    const other = await p.connect();
    expect((await other.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
    other.release();
  });

  test('a BEGIN sent inside a transaction (not its first query) that fails does not release the client mid-transaction', async () => {
    const p = pool({});
    const db = drizzle({ client: p });
    const result = await settle(
      db.transaction(async (tx) => {
        await tx.execute(sql`CREATE TEMP TABLE inner_begin (n int) ON COMMIT DROP`);
        // Refused by the server (a syntax error), inside the transaction drizzle began: the transaction is aborted, not over.
        await tx.execute(sql.raw('BEGIN ISOLATION LEVEL no such level')).catch(() => undefined);
        return (await tx.execute(sql`SELECT 1 AS one`)).rows;
      }),
    );
    expect('error' in result && cause(result.error)).toMatch(/current transaction is aborted/);
    // drizzle rolled back and released the client once: the pool holds one idle connection outside any transaction.
    expect({ total: p.totalCount, idle: p.idleCount }).toEqual({ total: 1, idle: 1 });
    expect((await p.query('SELECT now() = statement_timestamp() AS outside')).rows).toEqual([{ outside: true }]);
  });

  test('an ordinary transaction goes back to the pool alive; a second checkout gets its own state', async () => {
    const p = pool({});
    const db = drizzle({ client: p });
    for (let i = 0; i < 3; i++) expect(await oneTransaction(db)).toEqual({ value: { two: 2 } });
    const failing = await settle(db.transaction(async (tx) => tx.execute(sql`SELECT 1/0`)));
    expect('error' in failing && cause(failing.error)).toMatch(/division by zero/);
    // A server error inside a transaction leaves the connection healthy: kept, not destroyed.
    const pid = (await p.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    expect(await oneTransaction(db)).toEqual({ value: { two: 2 } });
    expect((await p.query('SELECT pg_backend_pid() AS pid')).rows[0].pid).toBe(pid);
    expect({ total: p.totalCount, idle: p.idleCount }).toEqual({ total: 1, idle: 1 });
  });
});
