// Connection faults through one stack, in a process of their own (a crash must fail the test,
// not kill vitest). Run by connection-faults.test.ts:
//   node connection-faults.child.mjs <stack> <vanilla|exact> <fault,fault,…> <url> <url through the cutting proxy>
// The fault itself is injected by the parent, asked over IPC: { inject: 'terminate' | 'terminate-active' | 'cut', pid }.
// The child reports { fault, result } over IPC after each fault and exits 0 after the last; an
// uncaught error or unhandled 'error' event ends it with a non-zero code instead.
import pg from 'pg';

// Imported when a case needs them: each child loads one stack, and starts faster for it.
const { createPool, ExactClient } = await import('@pg-exact/pg');
const lazy = {
  kysely: () => import('kysely'),
  exactKysely: () => import('@pg-exact/kysely'),
  exactKyselyPostgresJs: () => import('@pg-exact/kysely/postgres-js'),
  drizzleOrm: () => import('drizzle-orm'),
  drizzlePg: () => import('drizzle-orm/node-postgres'),
  drizzlePgJs: () => import('drizzle-orm/postgres-js'),
  exactDrizzlePg: () => import('@pg-exact/drizzle/node-postgres'),
  exactDrizzlePgJs: () => import('@pg-exact/drizzle/postgres-js'),
  prismaPg: () => import('@prisma/adapter-pg'),
  exactPrisma: () => import('@pg-exact/prisma'),
  postgres: async () => (await import('postgres')).default,
  createSql: async () => (await import('@pg-exact/postgres-js')).createSql,
};

const [stackName, variant, faultNames, url, proxyUrl] = process.argv.slice(2);
const quiet = () => undefined;

/** A stack reduced to what the scenarios need: one value of a query, and a transaction. */
function rawStack(one, transaction, end) {
  return { one, transaction, end };
}

function firstValue(rows) {
  const row = rows[0];
  return row === undefined ? undefined : String(Object.values(row)[0]);
}

async function kyselyStack(dialect) {
  const { Kysely, sql: ksql } = await lazy.kysely();
  const db = new Kysely({ dialect });
  const one = (q) => async (text) => firstValue((await ksql.raw(text).execute(q)).rows);
  return rawStack(one(db), (fn) => db.transaction().execute((trx) => fn(one(trx))), () => db.destroy());
}

async function drizzleStack(db, end) {
  const { sql: dsql } = await lazy.drizzleOrm();
  const one = (q) => async (text) => {
    const result = await q.execute(dsql.raw(text));
    return firstValue(Array.isArray(result) ? result : result.rows);
  };
  return rawStack(one(db), (fn) => db.transaction((tx) => fn(one(tx))), end);
}

function pgClientStack(client) {
  const one = async (text) => firstValue((await client.query(text)).rows);
  return rawStack(
    one,
    async (fn) => {
      await client.query('BEGIN');
      const result = await fn(one);
      await client.query('COMMIT');
      return result;
    },
    () => client.end(),
  );
}

function postgresJsStack(sql) {
  const one = (q) => async (text) => firstValue(await q.unsafe(text));
  return rawStack(one(sql), (fn) => sql.begin((tx) => fn(one(tx))), () => sql.end({ timeout: 1 }));
}

async function prismaStack(factory) {
  const adapter = await factory.connect();
  const one = (q) => async (text) => {
    const result = await q.queryRaw({ sql: text, args: [], argTypes: [] });
    const value = result.rows[0]?.[0];
    return value === undefined ? undefined : String(value);
  };
  return rawStack(
    one(adapter),
    async (fn) => {
      // What Prisma's engine does with an interactive transaction (usePhantomQuery: false).
      const tx = await adapter.startTransaction();
      try {
        const result = await fn(one(tx));
        await tx.executeRaw({ sql: 'COMMIT', args: [], argTypes: [] });
        await tx.commit();
        return result;
      } catch (error) {
        await tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(quiet);
        await tx.rollback();
        throw error;
      }
    },
    () => adapter.dispose(),
  );
}

/** A user's own pg.Pool with the `'error'` listener every pg application needs (pg's docs). */
function userPool(url) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', quiet);
  return pool;
}

const stacks = {
  'pg createPool': {
    exact: (url) => {
      const pool = createPool({ connectionString: url, max: 1 });
      return rawStack(
        async (text) => firstValue((await pool.query(text)).rows),
        async (fn) => {
          const client = await pool.connect();
          const one = async (text) => firstValue((await client.query(text)).rows);
          try {
            await client.query('BEGIN');
            const result = await fn(one);
            await client.query('COMMIT');
            client.release();
            return result;
          } catch (error) {
            client.release(error);
            throw error;
          }
        },
        () => pool.end(),
      );
    },
    vanilla: (url) => {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      return rawStack(
        async (text) => firstValue((await pool.query(text)).rows),
        async (fn) => {
          const client = await pool.connect();
          const one = async (text) => firstValue((await client.query(text)).rows);
          try {
            await client.query('BEGIN');
            const result = await fn(one);
            await client.query('COMMIT');
            client.release();
            return result;
          } catch (error) {
            client.release(error);
            throw error;
          }
        },
        () => pool.end(),
      );
    },
  },
  'pg ExactClient': {
    exact: async (url) => {
      const client = new ExactClient(url);
      await client.connect();
      return pgClientStack(client);
    },
    vanilla: async (url) => {
      const client = new pg.Client(url);
      await client.connect();
      return pgClientStack(client);
    },
  },
  'kysely { pool: createPool() }': {
    exact: async (url) => kyselyStack(new (await lazy.exactKysely()).ExactPostgresDialect({ pool: createPool({ connectionString: url, max: 1 }) })),
    vanilla: async (url) => kyselyStack(new (await lazy.kysely()).PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) })),
  },
  'kysely { connectionString }': {
    exact: async (url) => kyselyStack(new (await lazy.exactKysely()).ExactPostgresDialect({ connectionString: url, max: 1 })),
  },
  'kysely { pool: user pg.Pool with an error listener }': {
    exact: async (url) => kyselyStack(new (await lazy.exactKysely()).ExactPostgresDialect({ pool: userPool(url) })),
    vanilla: async (url) => kyselyStack(new (await lazy.kysely()).PostgresDialect({ pool: userPool(url) })),
  },
  'kysely postgres-js { connectionString }': {
    exact: async (url) => kyselyStack(new (await lazy.exactKyselyPostgresJs()).ExactPostgresJsDialect({ connectionString: url, max: 1 })),
  },
  'drizzle node-postgres': {
    exact: async (url) => {
      const db = (await lazy.exactDrizzlePg()).drizzle({ connection: { connectionString: url, max: 1 } });
      return drizzleStack(db, () => db.$client.end());
    },
    vanilla: async (url) => {
      const db = (await lazy.drizzlePg()).drizzle({ connection: { connectionString: url, max: 1 } });
      return drizzleStack(db, () => db.$client.end());
    },
  },
  'drizzle postgres-js': {
    exact: async (url) => {
      const db = (await lazy.exactDrizzlePgJs()).drizzle({ connection: { url, max: 1 } });
      return drizzleStack(db, () => db.$client.end({ timeout: 1 }));
    },
    vanilla: async (url) => {
      const db = (await lazy.drizzlePgJs()).drizzle({ connection: { url, max: 1 } });
      return drizzleStack(db, () => db.$client.end({ timeout: 1 }));
    },
  },
  'prisma adapter': {
    exact: async (url) => prismaStack(new (await lazy.exactPrisma()).PrismaPgExact({ connectionString: url, max: 1 })),
    vanilla: async (url) => prismaStack(new (await lazy.prismaPg()).PrismaPg({ connectionString: url, max: 1 })),
  },
  'postgres-js createSql': {
    exact: async (url) => postgresJsStack((await lazy.createSql())(url, { max: 1 })),
    vanilla: async (url) => postgresJsStack((await lazy.postgres())(url, { max: 1 })),
  },
};

/** Asks the parent to inject the fault and waits until it has. */
function fault(kind, pid) {
  return new Promise((resolve) => {
    process.once('message', resolve);
    process.send({ inject: kind, pid });
  });
}

/** 'ok', or the rejection as `name code: message`; 'pending' if it does neither within 15 s. */
async function outcome(promise) {
  let timer;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve('pending'), 15_000);
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'ok',
        (error) => `rejected ${error?.name ?? typeof error} ${error?.code ?? ''}: ${String(error?.message ?? error).split('\n')[0]}`,
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const scenarios = {
  /** The pool's idle connection loses its backend; the next query must run on a new one. */
  async 'idle in pool'(stack) {
    const pid = await stack.one('SELECT pg_backend_pid()');
    await fault('terminate', pid);
    return { inFlight: 'none', next: await outcome(stack.one('SELECT 1')) };
  },
  /** A transaction's connection loses its backend between two statements. */
  async 'idle in transaction'(stack) {
    let hit;
    let reach;
    const reached = new Promise((resolve) => (reach = resolve));
    const transaction = await outcome(
      stack.transaction(async (one) => {
        const pid = await one('SELECT pg_backend_pid()');
        await fault('terminate', pid);
        hit = one('SELECT 1');
        reach();
        await hit;
      }),
    );
    // postgres.js rejects the transaction as soon as its connection closes, before the callback gets on.
    await outcome(reached);
    return { inFlight: hit ? await outcome(hit) : 'none', transaction, next: await outcome(stack.one('SELECT 1')) };
  },
  /** The backend is terminated while a statement of a transaction runs. */
  async 'mid-query'(stack) {
    let hit;
    let reach;
    const reached = new Promise((resolve) => (reach = resolve));
    const transaction = await outcome(
      stack.transaction(async (one) => {
        const pid = await one('SELECT pg_backend_pid()');
        hit = one('SELECT pg_sleep(30)');
        hit.catch(quiet);
        reach();
        await fault('terminate-active', pid);
        await hit;
      }),
    );
    // postgres.js rejects the transaction as soon as its connection closes, before the callback gets on.
    await outcome(reached);
    return { inFlight: hit ? await outcome(hit) : 'none', transaction, next: await outcome(stack.one('SELECT 1')) };
  },
  /** The socket is destroyed while a statement of a transaction runs (through the parent's proxy). */
  async 'socket destroyed'(stack) {
    let hit;
    let reach;
    const reached = new Promise((resolve) => (reach = resolve));
    const transaction = await outcome(
      stack.transaction(async (one) => {
        const pid = await one('SELECT pg_backend_pid()');
        hit = one('SELECT pg_sleep(30)');
        hit.catch(quiet);
        reach();
        await fault('cut', pid);
        await hit;
      }),
    );
    // postgres.js rejects the transaction as soon as its connection closes, before the callback gets on.
    await outcome(reached);
    return { inFlight: hit ? await outcome(hit) : 'none', transaction, next: await outcome(stack.one('SELECT 1')) };
  },
};

// Each fault on a stack of its own, one after the other; the parent starts a new child after a
// crash, with the faults left.
const make = stacks[stackName]?.[variant];
if (make === undefined) throw new Error(`no such stack: ${stackName} / ${variant}`);
for (const faultName of faultNames.split(',')) {
  const scenario = scenarios[faultName];
  if (scenario === undefined) throw new Error(`no such fault: ${faultName}`);
  const stack = await make(faultName === 'socket destroyed' ? proxyUrl : url);
  const result = await scenario(stack);
  // Give a late 'error' event (after the fault, after the next query) its chance to crash the process.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await Promise.race([Promise.resolve(stack.end()).catch(quiet), new Promise((resolve) => setTimeout(resolve, 300))]);
  await new Promise((resolve) => process.send({ fault: faultName, result }, resolve));
}
process.exit(0);
