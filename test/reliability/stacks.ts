// The stacks the load-and-faults scenarios run through, each as a user writes it (the README quick
// starts, plus node-postgres's documented `pool.on('error')` wherever the user owns the pool), pg-exact
// beside its vanilla twin. Every stack offers the same small surface, so one scenario runs through all.
import { gaplessCounter } from '@pg-exact/core';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SQL } from 'drizzle-orm';
import type { Kysely, Transaction } from 'kysely';
import type pg from 'pg';

// Each stack loads its modules when it opens: a child process loads only the stack it runs.
const load = {
  pg: async () => (await import('pg')).default,
  postgres: async () => (await import('postgres')).default,
  PGlite: async () => (await import('@electric-sql/pglite')).PGlite,
  exactPg: () => import('@pg-exact/pg'),
  exactPostgresJs: () => import('@pg-exact/postgres-js'),
  exactPGlite: () => import('@pg-exact/pglite'),
  kysely: () => import('kysely'),
  exactKysely: () => import('@pg-exact/kysely'),
  exactKyselyPostgresJs: () => import('@pg-exact/kysely/postgres-js'),
  drizzleOrm: () => import('drizzle-orm'),
  drizzlePgCore: () => import('drizzle-orm/pg-core'),
  exactDrizzlePgCore: () => import('@pg-exact/drizzle/pg-core'),
  prismaClient: async () => (await import('../../packages/prisma/test/generated/client.js')).PrismaClient,
  exactPrisma: () => import('@pg-exact/prisma'),
};

export type Variant = 'exact' | 'vanilla';
export type Driver = 'pg' | 'postgres.js' | 'pglite';

/** Client-side limits a scenario asks for; each stack maps them onto its own options. */
export interface Limits {
  /** Connecting, and waiting for a pooled connection. */
  connectMs: number;
  /** One query, from send to answer. */
  queryMs: number;
}

export interface OpenOptions {
  /** Where the stack connects (the private cluster, or the fault proxy in front of it). */
  url: string;
  max: number;
  /** Set only by the scenarios that test them (stall, pool exhaustion): otherwise the stack's defaults. */
  limits?: Limits;
  /** Idle-connection errors the user's `pool.on('error')` saw (node-postgres's documented listener). */
  onIdleError?: (error: Error) => void;
}

/** What a scenario does with a stack, inside a transaction or not. */
export interface StackQueries {
  /** Inserts a row with this tag through the stack's insert API; the id as the stack reports it. */
  insert(tag: string): Promise<unknown>;
  /** Raw SQL with `$n` parameters through the stack's raw API. */
  query(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

export interface StackSession extends StackQueries {
  /** The stack's transaction API; a throw inside rolls back. */
  transaction<T>(fn: (tx: StackQueries) => Promise<T>): Promise<T>;
  /** Embedded stacks: SQL on the same instance, for the scenario's checks (server stacks are checked over a connection of their own). */
  readonly embedded?: { query(text: string): Promise<Record<string, unknown>[]> };
  /** node-postgres pools the scenario can see: clients checked out now (0 once every operation ended, or one leaked). */
  checkedOut?(): number;
  close(): Promise<void>;
}

export interface StackDefinition {
  /** e.g. `kysely-pg`; the same id for both variants. */
  readonly id: string;
  readonly variant: Variant;
  /** How the stack is built, for the report (e.g. `ExactPostgresDialect({ pool: createPool(…) })`). */
  readonly label: string;
  readonly driver: Driver;
  /** The table the stack inserts into, and the column its tag goes in. */
  readonly items: { table: string; tag: string };
  open(options: OpenOptions): Promise<StackSession>;
}

/** The schema every scenario database gets (PGlite stacks create it in their own instance). */
export const schemaSql = [
  'CREATE TABLE items (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tag text NOT NULL UNIQUE)',
  'CREATE TABLE invoice (number int8 PRIMARY KEY)',
  gaplessCounter().createTableSql,
  // Prisma's test model Account (packages/prisma/test/prisma/schema.prisma), as its migration creates it.
  `CREATE TABLE "Account" ("id" BIGSERIAL PRIMARY KEY, "name" TEXT NOT NULL UNIQUE, "meta" JSONB,
    "balance" DECIMAL(38,18) NOT NULL DEFAULT 0, "openedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "wall" TIMESTAMP(6), "day" DATE)`,
];

const itemsTable = { table: 'items', tag: 'tag' };
const prismaTable = { table: '"Account"', tag: 'name' };
const insertSql = 'INSERT INTO items (tag) VALUES ($1) RETURNING id';

// ---- node-postgres -------------------------------------------------------------------------

function pgPoolConfig(options: OpenOptions): pg.PoolConfig {
  return {
    connectionString: options.url,
    max: options.max,
    ...(options.limits ? { connectionTimeoutMillis: options.limits.connectMs, query_timeout: options.limits.queryMs } : {}),
  };
}

function ownPool(pool: pg.Pool, options: OpenOptions): pg.Pool {
  pool.on('error', (error) => options.onIdleError?.(error)); // node-postgres: "you must" listen on a pool you own
  return pool;
}

function pgSession(pool: pg.Pool): StackSession {
  const on = (client: pg.Pool | pg.PoolClient): StackQueries => ({
    insert: async (tag) => (await client.query(insertSql, [tag])).rows[0].id,
    query: async (text, params) => (await client.query(text, params as unknown[])).rows,
  });
  return {
    ...on(pool),
    // node-postgres's documented transaction pattern.
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    checkedOut: () => checkedOut(pool),
    close: () => pool.end(),
  };
}

const checkedOut = (pool: pg.Pool) => pool.totalCount - pool.idleCount;

// ---- postgres.js ---------------------------------------------------------------------------

type PostgresJsOptions = { max: number; connect_timeout?: number; queue_timeout?: number; query_timeout?: number; cancel_timeout?: number; onnotice?: () => void };

function postgresJsOptions(options: OpenOptions): PostgresJsOptions {
  return {
    max: options.max,
    onnotice: () => undefined,
    ...(options.limits
      ? {
          connect_timeout: options.limits.connectMs / 1000,
          queue_timeout: options.limits.connectMs / 1000,
          query_timeout: options.limits.queryMs / 1000,
          cancel_timeout: 1,
        }
      : {}),
  };
}

type PostgresJsLike = {
  unsafe(text: string, params?: any[]): PromiseLike<readonly Record<string, unknown>[]>;
  begin<T>(fn: (tx: PostgresJsLike) => Promise<T>): Promise<T>;
  end(options?: { timeout?: number }): Promise<void>;
};

function postgresJsSession(sql: PostgresJsLike): StackSession {
  const on = (tx: PostgresJsLike): StackQueries => ({
    insert: async (tag) => (await tx.unsafe(insertSql, [tag]))[0]!.id,
    query: async (text, params) => [...(await tx.unsafe(text, params as any[]))],
  });
  return {
    ...on(sql),
    transaction: (fn) => sql.begin((tx) => fn(on(tx))),
    close: () => sql.end({ timeout: 1 }),
  };
}

// ---- PGlite --------------------------------------------------------------------------------

type PGliteLike = {
  query<T>(text: string, params?: any[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
  transaction<T>(fn: (tx: Pick<PGliteLike, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

async function withSchema<T extends Pick<PGliteLike, 'exec'>>(db: T): Promise<T> {
  for (const statement of schemaSql) await db.exec(statement);
  return db;
}

function embedded(db: Pick<PGliteLike, 'query'>): StackSession['embedded'] {
  return { query: async (text) => (await db.query<Record<string, unknown>>(text)).rows };
}

function pgliteSession(db: PGliteLike): StackSession {
  const on = (tx: Pick<PGliteLike, 'query'>): StackQueries => ({
    insert: async (tag) => (await tx.query<{ id: unknown }>(insertSql, [tag])).rows[0]!.id,
    query: async (text, params) => (await tx.query<Record<string, unknown>>(text, params as any[])).rows,
  });
  return { ...on(db), transaction: (fn) => db.transaction((tx) => fn(on(tx))), embedded: embedded(db), close: () => db.close() };
}

// ---- Kysely --------------------------------------------------------------------------------

async function kyselySession(dialect: unknown, variant: Variant, extra: Partial<StackSession> = {}): Promise<StackSession> {
  const { Kysely, CompiledQuery } = await load.kysely();
  const { IdentityReturningPlugin } = await load.exactKysely();
  const plugins = variant === 'exact' ? [new IdentityReturningPlugin({ identityColumns: { items: 'id' } })] : [];
  const db = new Kysely<any>({ dialect: dialect as never, plugins });
  const on = (q: Kysely<any> | Transaction<any>): StackQueries => ({
    // pg-exact: IdentityReturningPlugin's insertId; vanilla Kysely has none on PostgreSQL, so RETURNING.
    insert: async (tag) =>
      variant === 'exact'
        ? (await q.insertInto('items').values({ tag }).executeTakeFirstOrThrow()).insertId
        : (await q.insertInto('items').values({ tag }).returning('id').executeTakeFirstOrThrow()).id,
    query: async (text, params) => (await q.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...(params ?? [])]))).rows,
  });
  return { ...on(db), transaction: (fn) => db.transaction().execute((trx) => fn(on(trx))), close: () => db.destroy(), ...extra };
}

// ---- Drizzle -------------------------------------------------------------------------------

type DrizzleLike = {
  insert(table: unknown): { values(row: object): { returning(fields: object): Promise<{ id: unknown }[]> } };
  execute(query: SQL): Promise<unknown>;
  transaction<T>(fn: (tx: DrizzleLike) => Promise<T>): Promise<T>;
};

async function drizzleSession(db: unknown, variant: Variant, close: () => Promise<void>, extra: Partial<StackSession> = {}): Promise<StackSession> {
  const { sql } = await load.drizzleOrm();
  let items: { id: unknown };
  if (variant === 'exact') {
    const { identity, pgTable, text } = await load.exactDrizzlePgCore();
    items = pgTable('items', { id: identity('id'), tag: text('tag').notNull() });
  } else {
    const { bigint, pgTable, text } = await load.drizzlePgCore();
    items = pgTable('items', { id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(), tag: text('tag').notNull() });
  }
  // `$n` SQL as a drizzle `sql` chunk with bound parameters.
  const chunk = (text: string, params: readonly unknown[] = []): SQL =>
    sql.join(text.split(/\$(\d+)/).map((part, i) => (i % 2 === 1 ? sql`${params[Number(part) - 1]}` : sql.raw(part))));
  const on = (q: DrizzleLike): StackQueries => ({
    insert: async (tag) => (await q.insert(items).values({ tag }).returning({ id: items.id }))[0]!.id,
    query: async (text, params) => {
      const result = (await q.execute(chunk(text, params))) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
      return Array.isArray(result) ? [...result] : (result.rows ?? []); // postgres.js returns the rows array
    },
  });
  const drizzle = db as DrizzleLike;
  return { ...on(drizzle), transaction: (fn) => drizzle.transaction((tx) => fn(on(tx))), close, ...extra };
}

// ---- Prisma --------------------------------------------------------------------------------

type PrismaLike = {
  account: { create(args: { data: { name: string }; select: { id: true } }): Promise<{ id: unknown }> };
  $queryRawUnsafe<T>(text: string, ...params: unknown[]): Promise<T>;
  $transaction<T>(fn: (tx: PrismaLike) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
  $disconnect(): Promise<void>;
};

// Interactive transactions wait at most maxWait (Prisma's default 2 s) for a connection and run at
// most timeout (5 s): 50 transactions queued on one counter row need longer, as any app would set.
const prismaTransactionOptions = { maxWait: 60_000, timeout: 60_000 };

async function prismaSession(adapter: SqlDriverAdapterFactory, variant: Variant, extra: Partial<StackSession> = {}): Promise<StackSession> {
  const PrismaClient = await load.prismaClient();
  const base = new PrismaClient({ adapter });
  const prisma = (variant === 'exact' ? base.$extends((await load.exactPrisma()).exactExtension()) : base) as unknown as PrismaLike;
  const on = (q: PrismaLike): StackQueries => ({
    insert: async (tag) => (await q.account.create({ data: { name: tag }, select: { id: true } })).id,
    query: (text, params = []) => q.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params),
  });
  return { ...on(prisma), transaction: (fn) => prisma.$transaction((tx) => fn(on(tx)), prismaTransactionOptions), close: () => prisma.$disconnect(), ...extra };
}

/** An embedded stack's session closes its instance too. */
function closing(session: StackSession, db: PGliteLike): StackSession {
  return { ...session, embedded: embedded(db), close: async () => (await session.close(), await db.close()) };
}

const exactPGlite = async () => withSchema((await (await load.exactPGlite()).createPGlite()) as unknown as PGliteLike);
const vanillaPGlite = async () => withSchema(new (await load.PGlite())() as unknown as PGliteLike);
const exactPool = async (o: OpenOptions) => ownPool((await load.exactPg()).createPool(pgPoolConfig(o)), o);
const vanillaPool = async (o: OpenOptions) => ownPool(new (await load.pg()).Pool(pgPoolConfig(o)), o);
const exactSql = async (o: OpenOptions) => (await load.exactPostgresJs()).createSql(o.url, postgresJsOptions(o));
const vanillaSql = async (o: OpenOptions) => (await load.postgres())(o.url, postgresJsOptions(o));

// ---- the stacks ----------------------------------------------------------------------------

const stack = (definition: StackDefinition) => definition;

export const stacks: readonly StackDefinition[] = [
  stack({ id: 'pg', variant: 'exact', driver: 'pg', label: 'createPool() of @pg-exact/pg', items: itemsTable, open: async (o) => pgSession(await exactPool(o)) }),
  stack({ id: 'pg', variant: 'vanilla', driver: 'pg', label: 'new pg.Pool()', items: itemsTable, open: async (o) => pgSession(await vanillaPool(o)) }),
  stack({ id: 'postgres-js', variant: 'exact', driver: 'postgres.js', label: 'createSql() of @pg-exact/postgres-js', items: itemsTable, open: async (o) => postgresJsSession((await exactSql(o)) as unknown as PostgresJsLike) }),
  stack({ id: 'postgres-js', variant: 'vanilla', driver: 'postgres.js', label: 'postgres()', items: itemsTable, open: async (o) => postgresJsSession((await vanillaSql(o)) as unknown as PostgresJsLike) }),
  stack({ id: 'pglite', variant: 'exact', driver: 'pglite', label: 'createPGlite() of @pg-exact/pglite', items: itemsTable, open: async () => pgliteSession(await exactPGlite()) }),
  stack({ id: 'pglite', variant: 'vanilla', driver: 'pglite', label: 'new PGlite()', items: itemsTable, open: async () => pgliteSession(await vanillaPGlite()) }),
  stack({
    id: 'kysely-pg', variant: 'exact', driver: 'pg', label: 'Kysely, ExactPostgresDialect({ pool: createPool() }), IdentityReturningPlugin', items: itemsTable,
    open: async (o) => {
      const pool = await exactPool(o);
      return kyselySession(new (await load.exactKysely()).ExactPostgresDialect({ pool }), 'exact', { checkedOut: () => checkedOut(pool) });
    },
  }),
  stack({
    id: 'kysely-pg', variant: 'vanilla', driver: 'pg', label: 'Kysely, PostgresDialect({ pool: new pg.Pool() }), RETURNING', items: itemsTable,
    open: async (o) => {
      const pool = await vanillaPool(o);
      return kyselySession(new (await load.kysely()).PostgresDialect({ pool }), 'vanilla', { checkedOut: () => checkedOut(pool) });
    },
  }),
  stack({
    // The dialect makes the pool: the user has no pool to put an 'error' listener on.
    id: 'kysely-pg-url', variant: 'exact', driver: 'pg', label: 'Kysely, ExactPostgresDialect({ connectionString }), IdentityReturningPlugin', items: itemsTable,
    open: async (o) => kyselySession(new (await load.exactKysely()).ExactPostgresDialect(pgPoolConfig(o) as { connectionString: string }), 'exact'),
  }),
  stack({
    id: 'kysely-postgres-js', variant: 'exact', driver: 'postgres.js', label: 'Kysely, ExactPostgresJsDialect({ postgres: createSql() }), IdentityReturningPlugin', items: itemsTable,
    open: async (o) => kyselySession(new (await load.exactKyselyPostgresJs()).ExactPostgresJsDialect({ postgres: (await exactSql(o)) as never }), 'exact'),
  }),
  stack({
    id: 'kysely-pglite', variant: 'exact', driver: 'pglite', label: 'Kysely, ExactPGliteDialect({ pglite: createPGlite() }), IdentityReturningPlugin', items: itemsTable,
    open: async () => {
      const db = await exactPGlite();
      return closing(await kyselySession(new (await load.exactKysely()).ExactPGliteDialect({ pglite: db as never }), 'exact'), db);
    },
  }),
  stack({
    id: 'drizzle-node-postgres', variant: 'exact', driver: 'pg', label: 'drizzle({ client: createPool() }) of @pg-exact/drizzle/node-postgres', items: itemsTable,
    open: async (o) => {
      const pool = await exactPool(o);
      return drizzleSession((await import('@pg-exact/drizzle/node-postgres')).drizzle({ client: pool }), 'exact', () => pool.end(), { checkedOut: () => checkedOut(pool) });
    },
  }),
  stack({
    id: 'drizzle-node-postgres', variant: 'vanilla', driver: 'pg', label: 'drizzle({ client: new pg.Pool() }) of drizzle-orm/node-postgres', items: itemsTable,
    open: async (o) => {
      const pool = await vanillaPool(o);
      return drizzleSession((await import('drizzle-orm/node-postgres')).drizzle({ client: pool }), 'vanilla', () => pool.end(), { checkedOut: () => checkedOut(pool) });
    },
  }),
  stack({
    id: 'drizzle-postgres-js', variant: 'exact', driver: 'postgres.js', label: 'drizzle({ client: createSql() }) of @pg-exact/drizzle/postgres-js', items: itemsTable,
    open: async (o) => {
      const sql = await exactSql(o);
      return drizzleSession((await import('@pg-exact/drizzle/postgres-js')).drizzle({ client: sql }), 'exact', () => sql.end({ timeout: 1 }));
    },
  }),
  stack({
    id: 'drizzle-postgres-js', variant: 'vanilla', driver: 'postgres.js', label: 'drizzle({ client: postgres() }) of drizzle-orm/postgres-js', items: itemsTable,
    open: async (o) => {
      const sql = await vanillaSql(o);
      return drizzleSession((await import('drizzle-orm/postgres-js')).drizzle({ client: sql }), 'vanilla', () => sql.end({ timeout: 1 }));
    },
  }),
  stack({
    id: 'drizzle-pglite', variant: 'exact', driver: 'pglite', label: 'drizzle({ client: createPGlite() }) of @pg-exact/drizzle/pglite', items: itemsTable,
    open: async () => {
      const db = await exactPGlite();
      return closing(await drizzleSession((await import('@pg-exact/drizzle/pglite')).drizzle({ client: db as never }), 'exact', async () => undefined), db);
    },
  }),
  stack({
    id: 'drizzle-pglite', variant: 'vanilla', driver: 'pglite', label: 'drizzle({ client: new PGlite() }) of drizzle-orm/pglite', items: itemsTable,
    open: async () => {
      const db = await vanillaPGlite();
      return closing(await drizzleSession((await import('drizzle-orm/pglite')).drizzle({ client: db as never }), 'vanilla', async () => undefined), db);
    },
  }),
  stack({
    id: 'prisma-pg', variant: 'exact', driver: 'pg', label: 'PrismaClient, PrismaPgExact({ connectionString }), exactExtension()', items: prismaTable,
    open: async (o) => prismaSession(new (await load.exactPrisma()).PrismaPgExact(pgPoolConfig(o) as { connectionString: string }), 'exact'),
  }),
  stack({
    id: 'prisma-pg', variant: 'vanilla', driver: 'pg', label: 'PrismaClient, PrismaPg({ connectionString })', items: prismaTable,
    open: async (o) => prismaSession(new (await import('@prisma/adapter-pg')).PrismaPg(pgPoolConfig(o)), 'vanilla'),
  }),
  stack({
    id: 'prisma-pglite', variant: 'exact', driver: 'pglite', label: 'PrismaClient, PrismaPGliteExact(createPGlite()), exactExtension()', items: prismaTable,
    open: async () => {
      const db = await exactPGlite();
      return closing(await prismaSession(new (await load.exactPrisma()).PrismaPGliteExact(db as never), 'exact'), db);
    },
  }),
  stack({
    id: 'prisma-pglite', variant: 'vanilla', driver: 'pglite', label: 'PrismaClient, PrismaPGlite(new PGlite()) of pglite-prisma-adapter', items: prismaTable,
    open: async () => {
      const db = await vanillaPGlite();
      return closing(await prismaSession(new (await import('pglite-prisma-adapter')).PrismaPGlite(db as never), 'vanilla'), db);
    },
  }),
];

/** The stack ids in report order. */
export const stackIds = [...new Set(stacks.map((s) => s.id))];

export function findStack(id: string, variant: Variant): StackDefinition | undefined {
  return stacks.find((s) => s.id === id && s.variant === variant);
}
