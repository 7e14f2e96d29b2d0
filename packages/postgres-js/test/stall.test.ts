// pg-exact-test: zone-independent (a silent link: no value depends on the process TZ)
// A pooled connection whose link goes silent (nothing forwarded, sockets kept open) while a query
// waits: with `query_timeout` set, createSql's query rejects with code QUERY_TIMEOUT instead of
// hanging, and once the link is back the pool answers each query with its own value.
// (postgres.js 4 leaves a query waiting for its Describe reply pending forever on such a link:
// createSql's parameters are untyped with custom `types`, so every query with parameters waits
// for one; see src/query-deadline.ts.)
import { expect, test } from 'vitest';
import { startFaultProxy } from '../../../test/support/fault-proxy.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { createSql } from '../src/index.js';
import { databaseUrl, postgresJsVersion } from './helpers.js';

// postgres.js 3 has no query_timeout (README: Liveness), so there is no deadline to test there.
const postgresJs4 = postgresJsVersion[0] >= 4;

/** How `promise` ended, or 'hung' after `ms` (a safety net so a regression fails instead of hanging the run). */
async function outcome(promise: PromiseLike<unknown>, ms: number): Promise<{ value: unknown } | { error: unknown } | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  try {
    return await Promise.race([Promise.resolve(promise).then((value) => ({ value }), (error: unknown) => ({ error })), hung]);
  } finally {
    clearTimeout(timer);
  }
}

describeServer('a silent link with query_timeout set (createSql)', () => {
  (postgresJs4 ? test : test.skip)('a query on a stalled pooled connection rejects with QUERY_TIMEOUT; the pool answers once the link is back', async () => {
    const url = new URL(databaseUrl);
    const proxy = await startFaultProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const sql = createSql(proxy.url(databaseUrl), {
      max: 2,
      onnotice: () => undefined,
      connect_timeout: 1,
      queue_timeout: 1,
      query_timeout: 1,
      cancel_timeout: 1,
    });
    const echo = (n: number) => sql.unsafe('SELECT $1::int4::text AS n', [n]);
    try {
      expect((await echo(1))[0]).toEqual({ n: '1' });
      // A reserved connection's sql (what the Kysely dialect runs on) keeps its pool's deadline.
      const reserved = await sql.reserve();
      expect((await reserved.unsafe('SELECT $1::int4::text AS n', [4]))[0]).toEqual({ n: '4' });
      proxy.stall();
      const stalled = [echo(2), echo(3), reserved.unsafe('SELECT $1::int4::text AS n', [5])];
      const codes: unknown[] = [];
      for (const query of stalled) {
        const result = await outcome(query, 20_000);
        expect(result).not.toBe('hung');
        expect(result).toHaveProperty('error');
        codes.push((result as { error: { code?: unknown } }).error.code);
      }
      // The first pooled query and the reserved one wait on a stalled connection; the second pooled
      // one may instead wait for a new connection (postgres.js's CONNECT_TIMEOUT), as with vanilla postgres().
      expect(codes[0]).toBe('QUERY_TIMEOUT');
      expect(['QUERY_TIMEOUT', 'CONNECT_TIMEOUT', 'QUEUE_TIMEOUT']).toContain(codes[1]);
      expect(codes[2]).toBe('QUERY_TIMEOUT');
      reserved.release();
      proxy.resume();
      const answers: unknown[] = [];
      for (let n = 10; n < 15; n++) {
        const result = await outcome(echo(n), 20_000);
        expect(result).not.toBe('hung');
        if ('value' in (result as object)) answers.push([n, Number((result as { value: { n: string }[] }).value[0]!.n)]);
      }
      // Each answer is its own query's (a connection that reconnects may reject one query first).
      expect(answers.length).toBeGreaterThan(0);
      for (const [n, answer] of answers as [number, number][]) expect(answer).toBe(n);
    } finally {
      proxy.resume();
      await outcome(sql.end({ timeout: 1 }), 5000);
      await proxy.close();
    }
  }, 60_000);
});
