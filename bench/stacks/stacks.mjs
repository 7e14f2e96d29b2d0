// Each stack, vanilla and pg-exact, opened the way its README tells users to, with one connection
// each (so every subject pays the same connection setup once, before timing). A subject is
// { key, label, stack, exact, read() → rows, pick(row) → { id, amount, doc, at, big }, close() }.
//
// Vanilla column choices are what users pick when they want "no surprises" from these stacks:
// Drizzle with bigint({ mode: 'bigint' }), numeric (a string), jsonb and timestamp({ withTimezone: true }).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));

// The "raw text floor": pg with a per-client types object that returns every value's text as it
// came off the socket. No parsing at all: what the protocol and pg's row building cost.
const rawText = { getTypeParser: () => (text) => text };

const same = (row) => row;

/** The subjects of the read section on the server. `schema` holds t (and the Prisma view). */
export async function openServerReaders(url, schema, { prisma = true } = {}) {
  const [{ createPool }, { createSql }, postgres, kysely, exactKysely] = await Promise.all([
    import('@pg-exact/pg'),
    import('@pg-exact/postgres-js'),
    import('postgres').then((m) => m.default),
    import('kysely'),
    import('@pg-exact/kysely'),
  ]);
  const table = `${schema}.t`;
  const subjects = [];

  // --- raw text floor
  {
    const pool = new pg.Pool({ connectionString: url, max: 1, types: rawText });
    subjects.push({
      key: 'floor', label: 'pg, every value as text (floor)', stack: 'pg', exact: false, context: true,
      read: async () => (await pool.query(`SELECT * FROM ${table}`)).rows, pick: same, close: () => pool.end(),
    });
  }

  // --- node-postgres
  {
    const vanilla = new pg.Pool({ connectionString: url, max: 1 });
    const exact = createPool({ connectionString: url, max: 1 });
    subjects.push(
      { key: 'pg', label: 'pg.Pool', stack: 'pg', exact: false, read: async () => (await vanilla.query(`SELECT * FROM ${table}`)).rows, pick: same, close: () => vanilla.end() },
      { key: 'pg-exact', label: '@pg-exact/pg createPool', stack: 'pg', exact: true, baseline: 'pg', read: async () => (await exact.query(`SELECT * FROM ${table}`)).rows, pick: same, close: () => exact.end() },
    );
  }

  // --- postgres.js
  {
    const vanilla = postgres(url, { max: 1 });
    const exact = createSql(url, { max: 1 });
    subjects.push(
      { key: 'postgres', label: 'postgres() (postgres.js)', stack: 'postgres.js', exact: false, read: () => vanilla`SELECT * FROM ${vanilla(schema)}.t`, pick: same, close: () => vanilla.end() },
      { key: 'postgres-exact', label: '@pg-exact/postgres-js createSql', stack: 'postgres.js', exact: true, baseline: 'postgres', read: () => exact`SELECT * FROM ${exact(schema)}.t`, pick: same, close: () => exact.end() },
    );
    // What createSql's cost is made of: vanilla postgres.js with one of pg-exact's parsers in place
    // of its own for one type (postgres.js's `types` option), one subject per type.
    const { codecs } = await import('@pg-exact/core');
    const part = (type, oid) => {
      const sql = postgres(url, { max: 1, types: { [`exact_${type}`]: { to: oid, from: [oid], serialize: String, parse: codecs[type].parse } } });
      return {
        key: `postgres-part-${type}`, label: `context: postgres() with pg-exact's ${type} parser only`, stack: 'postgres.js', exact: false, part: true, baseline: 'postgres',
        read: () => sql`SELECT * FROM ${sql(schema)}.t`, pick: same, close: () => sql.end(),
      };
    };
    subjects.push(part('numeric', 1700), part('int8', 20), part('jsonb', 3802), part('timestamptz', 1184));
  }

  // --- Kysely
  {
    const vanilla = new kysely.Kysely({ dialect: new kysely.PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    const exact = new kysely.Kysely({ dialect: new exactKysely.ExactPostgresDialect({ pool: createPool({ connectionString: url, max: 1 }) }) });
    subjects.push(
      { key: 'kysely', label: 'Kysely PostgresDialect (pg.Pool)', stack: 'Kysely', exact: false, read: () => vanilla.withSchema(schema).selectFrom('t').selectAll().execute(), pick: same, close: () => vanilla.destroy() },
      { key: 'kysely-exact', label: 'Kysely ExactPostgresDialect', stack: 'Kysely', exact: true, baseline: 'kysely', read: () => exact.withSchema(schema).selectFrom('t').selectAll().execute(), pick: same, close: () => exact.destroy() },
    );
  }

  // --- Drizzle (node-postgres)
  subjects.push(...(await openDrizzle(url, schema, createPool)));

  // --- Prisma 7
  if (prisma) subjects.push(...(await openPrisma(url, schema, createPool)));

  return subjects;
}

export async function drizzleTables(schema) {
  const [core, exactCore] = await Promise.all([import('drizzle-orm/pg-core'), import('@pg-exact/drizzle/pg-core')]);
  const vanillaColumns = () => ({
    id: core.bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    amount: core.numeric('amount', { precision: 20, scale: 6 }).notNull(),
    doc: core.jsonb('doc').notNull(),
    at: core.timestamp('at', { withTimezone: true }).notNull(),
    big: core.bigint('big', { mode: 'bigint' }).notNull(),
  });
  const exactColumns = () => ({
    id: exactCore.identity('id'),
    amount: exactCore.numeric('amount', { precision: 20, scale: 6 }).notNull(),
    doc: exactCore.jsonb('doc').notNull(),
    at: exactCore.timestamptz('at').notNull(),
    big: exactCore.bigint('big').notNull(),
  });
  const vanillaSchema = core.pgSchema(schema);
  const exactSchema = exactCore.pgSchema(schema);
  return {
    vanilla: { t: vanillaSchema.table('t', vanillaColumns()), w: vanillaSchema.table('w', vanillaColumns()) },
    exact: { t: exactSchema.table('t', exactColumns()), w: exactSchema.table('w', exactColumns()) },
  };
}

export async function openDrizzleDbs(url, createPool) {
  const [{ drizzle }, { drizzle: exactDrizzle }] = await Promise.all([import('drizzle-orm/node-postgres'), import('@pg-exact/drizzle/node-postgres')]);
  const vanillaPool = new pg.Pool({ connectionString: url, max: 1 });
  const exactPool = createPool({ connectionString: url, max: 1 });
  return {
    vanilla: drizzle({ client: vanillaPool }),
    exact: exactDrizzle({ client: exactPool }),
    close: async () => {
      await vanillaPool.end();
      await exactPool.end();
    },
  };
}

async function openDrizzle(url, schema, createPool) {
  const tables = await drizzleTables(schema);
  const dbs = await openDrizzleDbs(url, createPool);
  return [
    { key: 'drizzle', label: 'drizzle-orm/node-postgres select()', stack: 'Drizzle', exact: false, read: () => dbs.vanilla.select().from(tables.vanilla.t), pick: same, close: async () => {} },
    { key: 'drizzle-exact', label: '@pg-exact/drizzle select()', stack: 'Drizzle', exact: true, baseline: 'drizzle', read: () => dbs.exact.select().from(tables.exact.t), pick: same, close: () => dbs.close() },
  ];
}

/** The generated Prisma client of packages/prisma/test (TypeScript, git-ignored, built by `npm run build`). */
export const prismaClientPath = path.join(here, '..', '..', 'packages', 'prisma', 'test', 'generated', 'client.ts');

async function openPrisma(url, schema, createPool) {
  // The generated client is TypeScript: tsx loads it (and only it: tsImport scopes the loader).
  const { tsImport } = await import('tsx/esm/api');
  const { PrismaClient } = await tsImport(prismaClientPath, import.meta.url);
  const [{ PrismaPg }, { PrismaPgExact, exactExtension }] = await Promise.all([import('@prisma/adapter-pg'), import('@pg-exact/prisma')]);
  const vanillaPool = new pg.Pool({ connectionString: url, max: 1 });
  const exactPool = createPool({ connectionString: url, max: 1 });
  const vanilla = new PrismaClient({ adapter: new PrismaPg(vanillaPool, { schema }) });
  const exact = new PrismaClient({ adapter: new PrismaPgExact(exactPool, { schema }) }).$extends(exactExtension());
  const vanillaNoop = vanilla.$extends({ query: { $allOperations: ({ args, query }) => query(args) } });
  const sql = `SELECT * FROM ${schema}.t`;
  // findMany reads the view shaped like the `Entry` model (data.mjs): same rows, model names.
  const entry = (row) => ({ id: row.id, amount: row.amount, doc: row.payload, at: row.bookedAt, big: row.accountId });
  return [
    { key: 'prisma-raw', label: 'Prisma $queryRawUnsafe, PrismaPg', stack: 'Prisma', exact: false, read: () => vanilla.$queryRawUnsafe(sql), pick: same, close: () => vanilla.$disconnect() },
    { key: 'prisma-raw-exact', label: 'Prisma $queryRawUnsafe, PrismaPgExact + exactExtension', stack: 'Prisma', exact: true, baseline: 'prisma-raw', micros: false, read: () => exact.$queryRawUnsafe(sql), pick: same, close: async () => {} },
    { key: 'prisma-rawexact-exact', label: 'Prisma $queryRawUnsafeExact (PreciseDate µs)', stack: 'Prisma', exact: true, baseline: 'prisma-raw', read: () => exact.$queryRawUnsafeExact(sql), pick: same, close: async () => {} },
    { key: 'prisma-find', label: 'Prisma entry.findMany(), PrismaPg', stack: 'Prisma', exact: false, read: () => vanilla.entry.findMany(), pick: entry, close: async () => {} },
    // What any query extension costs Prisma itself (exactExtension is one): PrismaPg with a no-op.
    { key: 'prisma-find-noop', label: 'context: entry.findMany(), PrismaPg + a no-op query extension', stack: 'Prisma', exact: false, part: true, baseline: 'prisma-find', read: () => vanillaNoop.entry.findMany(), pick: entry, close: async () => {} },
    {
      key: 'prisma-find-exact', label: 'Prisma entry.findMany(), PrismaPgExact + exactExtension', stack: 'Prisma', exact: true, baseline: 'prisma-find', micros: false, idNumber: true,
      read: () => exact.entry.findMany(), pick: entry,
      close: async () => {
        await exact.$disconnect();
        await vanillaPool.end();
        await exactPool.end();
      },
    },
  ];
}

/** PGlite vanilla and createPGlite, each with its own copy of the table (same SQL, same rows). */
export async function openPGliteReaders(createSql) {
  const [{ PGlite }, { createPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('@pg-exact/pglite')]);
  const vanilla = await PGlite.create();
  const exact = await createPGlite();
  await vanilla.exec(createSql);
  await exact.exec(createSql);
  const rawText = { parsers: Object.fromEntries([20, 1700, 3802, 1184].map((oid) => [oid, (text) => text])) };
  // What createPGlite's cost is made of: vanilla PGlite with one of pg-exact's parsers per query.
  const { codecs } = await import('@pg-exact/core');
  const part = (type, oid) => ({
    key: `pglite-part-${type}`, label: `context: PGlite.create() with pg-exact's ${type} parser only`, stack: 'PGlite', exact: false, part: true, baseline: 'pglite',
    read: async () => (await vanilla.query('SELECT * FROM t', [], { parsers: { [oid]: codecs[type].parse } })).rows, pick: same, close: async () => {},
  });
  return [
    { key: 'pglite-floor', label: 'PGlite, int8/numeric/jsonb/timestamptz as text (floor)', stack: 'PGlite', exact: false, context: true, read: async () => (await vanilla.query('SELECT * FROM t', [], rawText)).rows, pick: same, close: async () => {} },
    { key: 'pglite', label: 'PGlite.create()', stack: 'PGlite', exact: false, read: async () => (await vanilla.query('SELECT * FROM t')).rows, pick: same, close: () => vanilla.close() },
    { key: 'pglite-exact', label: '@pg-exact/pglite createPGlite', stack: 'PGlite', exact: true, baseline: 'pglite', read: async () => (await exact.query('SELECT * FROM t')).rows, pick: same, close: () => exact.close() },
    part('numeric', 1700), part('int8', 20), part('jsonb', 3802), part('timestamptz', 1184),
  ];
}
