// pg-exact-test: zone-independent (connection faults and server refusals: no value depends on the process TZ)
// Connection faults and server refusals through pg-exact's sql: each becomes a rejection of the
// queries it hits (never a crash, never a promise left pending), and the pool serves the next query.
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { databaseUrl, openSql, postgresJsAtLeast, postgresJsVersion, tag, type Variant } from './helpers.js';

const variants: Variant[] = ['exactOptions', 'createSql'];

/*
 * Faults postgres.js itself crashes the process on (uncaught exceptions thrown from its own timers
 * and socket handlers, which nothing outside it can catch) or hangs, so these cases run only on
 * releases without them:
 * - `sql.reserve()` with no server to reach: 3.4.0–3.4.5 throw in a loop (porsager/postgres#778, #896);
 * - a connection lost inside `sql.begin` or a reserved connection: every 3.4.x (3.4.10 included)
 *   throws from `nextWrite` or leaves the transaction pending (porsager/postgres#1154, #1208).
 */
const postgresJs4 = postgresJsVersion[0] >= 4;
const reserveSurvivesNoServer = postgresJsAtLeast(3, 4, 6);

/** What `promise` settles with, or 'pending' after `ms`: a fault must never leave a query pending. */
async function settled(promise: PromiseLike<unknown>, ms = 10_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([
      Promise.resolve(promise).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends the backend `pid` from another session, as a server restart or an administrator would. */
async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe.each(variants)('without a server to reach, %s', (variant) => {
  test('queries, transactions and reserve reject with the connection error', async () => {
    const sql = openSql(variant, undefined, { host: '127.0.0.1', port: 1, connect_timeout: 2 } as never);
    try {
      // begin and reserve start at once: each is made only when it is awaited.
      const attempts = [() => sql`SELECT ${1n}::int8`, () => sql.unsafe('SELECT 1'), () => sql.begin(async (tx) => tx`SELECT 1`)];
      if (reserveSurvivesNoServer) attempts.push(() => sql.reserve() as never);
      for (const attempt of attempts) {
        const outcome = (await settled(attempt())) as { error?: { code?: string } };
        expect(outcome).toHaveProperty('error');
        expect(outcome.error!.code).toMatch(/ECONNREFUSED|CONNECT_TIMEOUT|CONNECTION_/);
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});

describeServer.each(variants)('server faults and refusals, %s', (variant) => {
  test('a backend terminated mid-query: the query rejects, the next one runs on a new connection', async () => {
    const sql = openSql(variant);
    try {
      const [{ pid }] = (await sql`SELECT pg_backend_pid() AS pid`) as unknown as [{ pid: number }];
      const running = sql`SELECT pg_sleep(30), ${9007199254740993n}::int8 AS n`;
      const outcome = settled(running);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await terminate(pid);
      expect(await outcome).toHaveProperty('error');
      const next = () => sql`SELECT ${9007199254740993n}::int8 AS n, pg_backend_pid() <> ${pid} AS fresh`;
      // postgres.js 3 also rejects the query after the lost one (with the server's 57P01 or
      // CONNECTION_CLOSED, one of the two for each); 4 runs it.
      const first = (await settled(next())) as { value?: unknown; error?: { code?: string } };
      if (!postgresJs4 && 'error' in first) expect(first.error!.code).toMatch(/57P01|CONNECTION_CLOSED/);
      else expect(first).toHaveProperty('value');
      const [row] = await next();
      expect(tag(row)).toEqual({ n: 'bigint:9007199254740993', fresh: 'boolean:true' });
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  if (postgresJs4) test('a backend terminated inside sql.begin: the transaction rejects; inside sql.reserve: its queries reject', async () => {
    const sql = openSql(variant);
    try {
      const inTransaction = settled(
        sql.begin(async (tx) => {
          const [{ pid }] = (await tx`SELECT pg_backend_pid() AS pid`) as unknown as [{ pid: number }];
          await terminate(pid);
          await tx`SELECT ${1n}::int8`;
        }),
      );
      expect(await inTransaction).toHaveProperty('error');
      const reserved = await sql.reserve();
      try {
        const [{ pid }] = (await reserved`SELECT pg_backend_pid() AS pid`) as unknown as [{ pid: number }];
        await terminate(pid);
        expect(await settled(reserved`SELECT ${1n}::int8`)).toHaveProperty('error');
      } finally {
        reserved.release();
      }
      const [row] = await sql`SELECT ${2n ** 62n}::int8 AS n`;
      expect(tag(row)).toEqual({ n: 'bigint:4611686018427387904' });
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  test('a statement the server cancels (statement_timeout) rejects with 57014; the connection stays usable', async () => {
    // A name typed string: postgres.js 4 types statement_timeout a number, 3.4.0 every parameter a string.
    const setting: string = 'statement_timeout';
    const sql = openSql(variant, undefined, { connection: { [setting]: '100' } });
    try {
      const outcome = (await settled(sql`SELECT pg_sleep(5), ${1n}::int8`)) as { error?: { code?: string } };
      expect(outcome.error?.code).toBe('57014');
      const [row] = await sql`SELECT ${1n}::int8 AS n`;
      expect(tag(row)).toEqual({ n: 'bigint:1' });
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  test('a startup parameter the server refuses: every query rejects with its error', async () => {
    const sql = openSql(variant, undefined, { connection: { no_such_setting: 'x' } });
    try {
      for (const attempt of [() => sql`SELECT ${1n}::int8`, () => sql.begin(async (tx) => tx`SELECT 1`)]) {
        const outcome = (await settled(attempt())) as { error?: { code?: string } };
        expect(outcome.error?.code).toBe('42704'); // unrecognized configuration parameter
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
