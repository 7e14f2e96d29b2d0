// pg-exact-test: zone-independent (pool checkouts and timeouts: no value depends on the process TZ)
// With node-postgres's `query_timeout`, a query that times out client-side keeps running on its
// connection. @prisma/adapter-pg returns a transaction's connection to the pool as healthy whatever
// happened in it, so the next checkout's query waits behind the old one and times out too.
// PrismaPgExact returns a transaction connection whose session was lost or whose query timed out
// with that error, so pg-pool destroys it; the stock adapter runs beside it (when it changes its
// release, the vanilla assertion fails and says so).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { PrismaPgExact } from '../src/index.js';
import { PrismaClient } from './generated/client.js';
import { databaseUrl } from './helpers.js';

const clients: PrismaClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.$disconnect()));
});

const outcome = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: Error) => ({ error: error.message }));

describeServer('a transaction connection whose query timed out does not serve the next checkout', () => {
  it.each(['exact', 'vanilla'] as const)('%s: an interactive transaction times out, then a query at once', async (variant) => {
    const config = { connectionString: databaseUrl, max: 1, query_timeout: 400 };
    const prisma = new PrismaClient({ adapter: variant === 'exact' ? new PrismaPgExact(config) : new PrismaPg(config) });
    clients.push(prisma);
    const slow = await outcome(prisma.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT pg_sleep(2)')));
    expect(slow).toEqual({ error: expect.stringContaining('Query read timeout') });
    const next = await outcome(prisma.$queryRawUnsafe('SELECT 1 AS one'));
    if (variant === 'exact') expect(next).toEqual({ value: [{ one: 1 }] });
    else expect(next, '@prisma/adapter-pg now discards a transaction connection whose query timed out: update packages/prisma/README.md').toEqual({ error: expect.stringContaining('Query read timeout') });
  });

  it('the ROLLBACK of a transaction whose query timed out is not sent (the connection is destroyed instead); the error is the query\'s', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, query_timeout: 400 });
    // Test instrumentation: what each connection is asked to run.
    const sent: string[] = [];
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
        sent.push(typeof config === 'string' ? config : String((config as { text?: unknown }).text));
        return query(config, ...rest);
      };
    });
    const prisma = new PrismaClient({ adapter: new PrismaPgExact(pool) });
    clients.push(prisma);
    let thrown: unknown;
    const failed = await prisma
      .$transaction(async (tx) => tx.$queryRawUnsafe('SELECT pg_sleep(2)').catch((error: unknown) => Promise.reject((thrown = error))))
      .then(() => undefined, (error: unknown) => error);
    expect(failed).toBe(thrown);
    expect(sent.map((text) => text.trim().toUpperCase())).toEqual(['BEGIN', 'SELECT PG_SLEEP(2)']);
    expect(await outcome(prisma.$queryRawUnsafe('SELECT 1 AS one'))).toEqual({ value: [{ one: 1 }] });
    await prisma.$disconnect();
    await pool.end();
  });

  it('a transaction whose statement the server refuses keeps its connection in the pool', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPgExact({ connectionString: databaseUrl, max: 1 }) });
    clients.push(prisma);
    const pid = async () => ((await prisma.$queryRawUnsafe('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0]!.pid;
    const before = await pid();
    expect(await outcome(prisma.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1/0')))).toEqual({ error: expect.stringContaining('division by zero') });
    expect(await pid()).toBe(before);
  });
});
