// pg-exact-test: zone-independent (connection faults around COMMIT: no value depends on the process TZ)
// A connection lost around COMMIT, through a loopback proxy that cuts the link at a precise point:
// - right after forwarding COMMIT: the server commits, the reply never comes. The transaction
//   must reject with PgExactCommitUnknownError (code PG_EXACT_COMMIT_UNKNOWN), and the row IS on
//   the server — which is why "unknown" and not "failed";
// - before COMMIT is sent (a statement of the transaction finds the link cut, the application
//   catches that and returns, the ORM commits): PgExactNotCommittedError (PG_EXACT_NOT_COMMITTED),
//   and the row is NOT on the server.
import { PgExactCommitUnknownError, PgExactNotCommittedError } from '@pg-exact/core';
import { drizzle } from '@pg-exact/drizzle/node-postgres';
import { drizzle as drizzlePostgresJs } from '@pg-exact/drizzle/postgres-js';
import { ExactPostgresDialect } from '@pg-exact/kysely';
import { ExactPostgresJsDialect } from '@pg-exact/kysely/postgres-js';
import { createSql } from '@pg-exact/postgres-js';
import { PrismaPgExact } from '@pg-exact/prisma';
import { sql as drizzleSql } from 'drizzle-orm';
import { Kysely, sql as kyselySql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CUT_MARKER, startCuttingProxy, type CuttingProxy } from '../support/cutting-proxy.js';
import { ensureDatabase } from '../support/server.js';
import { describeServer } from '../support/vitest-server.js';

/** One stack's transaction: inserts `id`, runs `statement` when given (catching its error), commits. */
type Transact = (id: string, statement?: string) => Promise<unknown>;
interface Stack {
  transact: Transact;
  end(): Promise<void>;
}

const marker = `SELECT '${CUT_MARKER}'`;
const insert = (id: string) => `INSERT INTO commit_probe (id) VALUES ('${id}')`;
const swallow = (promise: PromiseLike<unknown>) => Promise.resolve(promise).catch(() => undefined);

const stacks: Record<string, (url: string) => Stack | Promise<Stack>> = {
  'kysely ExactPostgresDialect': (url) => {
    const db = new Kysely<unknown>({ dialect: new ExactPostgresDialect({ connectionString: url, max: 1 }) });
    return {
      transact: (id, statement) =>
        db.transaction().execute(async (trx) => {
          await kyselySql.raw(insert(id)).execute(trx);
          if (statement) await swallow(kyselySql.raw(statement).execute(trx));
        }),
      end: () => db.destroy(),
    };
  },
  'kysely ExactPostgresJsDialect': (url) => {
    const db = new Kysely<unknown>({ dialect: new ExactPostgresJsDialect({ connectionString: url, max: 1 }) });
    return {
      transact: (id, statement) =>
        db.transaction().execute(async (trx) => {
          await kyselySql.raw(insert(id)).execute(trx);
          if (statement) await swallow(kyselySql.raw(statement).execute(trx));
        }),
      end: () => db.destroy(),
    };
  },
  'drizzle node-postgres': (url) => {
    const db = drizzle({ connection: { connectionString: url, max: 1 } });
    return {
      transact: (id, statement) =>
        db.transaction(async (tx) => {
          await tx.execute(drizzleSql.raw(insert(id)));
          if (statement) await swallow(tx.execute(drizzleSql.raw(statement)));
        }),
      end: () => db.$client.end(),
    };
  },
  'drizzle postgres-js': (url) => {
    const db = drizzlePostgresJs({ connection: { url, max: 1 } });
    return {
      transact: (id, statement) =>
        db.transaction(async (tx) => {
          await tx.execute(drizzleSql.raw(insert(id)));
          if (statement) await swallow(tx.execute(drizzleSql.raw(statement)));
        }),
      end: () => db.$client.end({ timeout: 1 }),
    };
  },
  'postgres-js createSql': (url) => {
    const sql = createSql(url, { max: 1 });
    return {
      transact: (id, statement) =>
        sql.begin(async (tx) => {
          await tx.unsafe(insert(id));
          if (statement) await swallow(tx.unsafe(statement));
        }),
      end: () => sql.end({ timeout: 1 }),
    };
  },
  'prisma PrismaPgExact': async (url) => {
    const adapter = await new PrismaPgExact({ connectionString: url, max: 1 }).connect();
    const run = (q: { executeRaw(query: { sql: string; args: []; argTypes: [] }): Promise<number> }, text: string) =>
      q.executeRaw({ sql: text, args: [], argTypes: [] });
    return {
      // What Prisma's engine does with an interactive transaction (usePhantomQuery: false).
      async transact(id, statement) {
        const tx = await adapter.startTransaction();
        try {
          await run(tx, insert(id));
          if (statement) await swallow(run(tx, statement));
          await run(tx, 'COMMIT');
          await tx.commit();
        } catch (error) {
          await swallow(run(tx, 'ROLLBACK'));
          await tx.rollback();
          throw error;
        }
      },
      end: () => adapter.dispose(),
    };
  },
};

let url: string;
let admin: pg.Client;

const stored = async (id: string) => (await admin.query('SELECT 1 FROM commit_probe WHERE id = $1', [id])).rowCount === 1;

/** The first line of the last rejection's own message (drizzle's names the query that failed). */
let lastMessage = '';

/** The rejection of `promise` (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    lastMessage = String((error as Error).message).split('\n')[0]!;
    // drizzle-orm wraps every query's error in a DrizzleQueryError (`Failed query: …`), the driver's as its cause.
    return error instanceof Error && error.constructor.name === 'DrizzleQueryError' ? error.cause : error;
  }
  return expect.fail('the transaction committed although its connection was cut');
}

describeServer('a connection lost around COMMIT', () => {
  let proxy: CuttingProxy;

  beforeAll(async () => {
    url = await ensureDatabase('pg_exact_crash13_faults');
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE TABLE IF NOT EXISTS commit_probe (id text PRIMARY KEY)');
    const server = new URL(url);
    proxy = await startCuttingProxy({ host: server.hostname, port: Number(server.port || 5432) });
  });

  afterAll(async () => {
    await proxy?.close();
    await admin?.end();
  });

  for (const [name, open] of Object.entries(stacks)) {
    test(`${name}: cut after COMMIT was forwarded → PgExactCommitUnknownError, and the row is committed`, async () => {
      const id = `${name} after ${process.pid} ${Date.now()}`;
      const stack = await open(proxy.urlThrough(url));
      try {
        proxy.cutOn('after-commit');
        const error = await rejection(stack.transact(id));
        proxy.cutOn(undefined);
        expect(error).toBeInstanceOf(PgExactCommitUnknownError);
        expect((error as PgExactCommitUnknownError).code).toBe('PG_EXACT_COMMIT_UNKNOWN');
        // A pooled connection's ROLLBACK is not sent once it is lost: drizzle's error names the COMMIT.
        if (name === 'drizzle node-postgres') expect(lastMessage).toBe('Failed query: commit');
        expect((error as Error).message).toMatch(/may or may not have committed/);
        // The server got COMMIT: the row is there (the server may still be finishing, hence the wait).
        for (let i = 0; i < 100 && !(await stored(id)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await stored(id), 'the row is on the server').toBe(true);
        // The pool recovers: the next transaction commits.
        await stack.transact(`${id} next`);
        expect(await stored(`${id} next`)).toBe(true);
      } finally {
        proxy.cutOn(undefined);
        await stack.end().catch(() => undefined);
      }
    });

    test(`${name}: cut before COMMIT was sent → PgExactNotCommittedError, and nothing is committed`, async () => {
      const id = `${name} before ${process.pid} ${Date.now()}`;
      const stack = await open(proxy.urlThrough(url));
      try {
        proxy.cutOn('on-marker');
        const error = await rejection(stack.transact(id, marker));
        proxy.cutOn(undefined);
        expect(error).toBeInstanceOf(PgExactNotCommittedError);
        expect((error as PgExactNotCommittedError).code).toBe('PG_EXACT_NOT_COMMITTED');
        if (name === 'drizzle node-postgres') expect(lastMessage).toBe('Failed query: commit');
        expect((error as Error).message).toMatch(/nothing of it was committed/);
        expect(await stored(id), 'the row is not on the server').toBe(false);
        await stack.transact(`${id} next`);
        expect(await stored(`${id} next`)).toBe(true);
      } finally {
        proxy.cutOn(undefined);
        await stack.end().catch(() => undefined);
      }
    });
  }
});
