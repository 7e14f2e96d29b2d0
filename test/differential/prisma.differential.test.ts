// The Prisma differential suite: the feature corpus (prisma-corpus.ts) runs through vanilla Prisma
// (PrismaClient + @prisma/adapter-pg; pglite-prisma-adapter over a plain PGlite) and through pg-exact
// (PrismaPgExact / PrismaPGliteExact + exactExtension(), given the same pool config or the same kind
// of instance: only the adapter is swapped), each in a database of its own. After every step,
// the results and what each database stores are compared through the type map (prisma-type-map.ts):
// a difference not documented there fails. scripts/test.mjs runs it under TZ=UTC and America/New_York.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Decimal, parseJson } from '@pg-exact/core';
import { exactExtension, PrismaPGliteExact, PrismaPgExact } from '@pg-exact/prisma';
import { applyMigrations } from '@pg-exact/prisma/migrations';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, PrismaClient } from '../../packages/prisma/test/differential/generated/client.js';
import { PrismaClient as PrismaClientWithJoins } from '../../packages/prisma/test/differential/generated-joins/client.js';
import { connectRaw, databaseUrl } from '../support/server.js';
import { describeServer } from '../support/vitest-server.js';
import { corpus } from './prisma-corpus.js';
import { differences, joinedDecimal, jsonBigInt, jsonDecimal, pgliteEnumList, pgliteIsolationLevel, uniqueViolation, type Difference, type Documented } from './prisma-type-map.js';

const migrationsDir = fileURLToPath(new URL('../../packages/prisma/test/differential/migrations', import.meta.url));

/** Each table's rows by primary key, and the Json columns (compared as JSON values, lossless). */
const TABLES: Record<string, { key: string; json?: readonly string[] }> = {
  User: { key: 't.id::text', json: ['profile'] },
  Post: { key: 't.id::text', json: ['meta'] },
  Category: { key: 't.id::text' },
  Group: { key: 't.id::text' },
  Membership: { key: `t."userId" || '/' || t."groupId"` },
  _CategoryToPost: { key: `t."A" || '/' || t."B"` },
};

/** One stack: a Prisma client, and what its database stores. */
interface Stack {
  readonly prisma: PrismaClient;
  /** Every stored row as PostgreSQL prints each column (`row_to_json` → text), Json columns parsed losslessly. */
  stored(): Promise<Record<string, Record<string, Record<string, unknown>>>>;
  close(): Promise<void>;
}

type Query = (sql: string) => Promise<{ k: string; c: string; v: string | null }[]>;

async function stored(query: Query, schema?: string) {
  const tables: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [table, { key, json = [] }] of Object.entries(TABLES)) {
    const rows = await query(
      `SELECT ${key} AS k, c.key AS c, c.value AS v FROM ${schema ? `"${schema}".` : ''}"${table}" t, json_each_text(row_to_json(t)) c`,
    );
    const byKey: Record<string, Record<string, unknown>> = (tables[table] = {});
    for (const { k, c, v } of rows) (byKey[k] ??= {})[c] = v !== null && json.includes(c) ? parseJson(v) : v;
  }
  return tables;
}

/** The generated client: plain, or with the relationJoins preview (the same models, typed alike). */
type Client = typeof PrismaClient;
const WithJoins = PrismaClientWithJoins as unknown as Client;

/** Vanilla and pg-exact over the server, each in a schema of its own. */
async function serverStacks(PrismaClient: Client): Promise<{ vanilla: Stack; exact: Stack }> {
  const admin = await connectRaw();
  const stack = async (exact: boolean): Promise<Stack> => {
    const schema = `pgx_diff_${exact ? 'x' : 'v'}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
    await applyMigrations(admin, { dir: migrationsDir });
    // A pool config, as the adapters' quick starts pass it (each adapter makes its pool).
    const config = { connectionString: databaseUrl, max: 4, options: `-c search_path=${schema}` };
    const client = exact ? new PrismaClient({ adapter: new PrismaPgExact(config, { schema }) }).$extends(exactExtension()) : new PrismaClient({ adapter: new PrismaPg(config, { schema }) });
    return {
      prisma: client as unknown as PrismaClient,
      stored: () => stored(async (sql) => (await admin.query(sql)).rows, schema),
      close: async () => {
        await client.$disconnect();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  };
  const [vanilla, exact] = [await stack(false), await stack(true)];
  return {
    vanilla: { ...vanilla, close: async () => { await vanilla.close(); await exact.close(); await admin.end(); } },
    exact: { ...exact, close: async () => undefined },
  };
}

/** Vanilla and pg-exact over PGlite: a plain instance each, migrated the same way. */
async function pgliteStacks(PrismaClient: Client): Promise<{ vanilla: Stack; exact: Stack }> {
  const stack = async (exact: boolean): Promise<Stack> => {
    const db = new PGlite();
    await applyMigrations(db, { dir: migrationsDir });
    const client = exact ? new PrismaClient({ adapter: new PrismaPGliteExact(db) }).$extends(exactExtension()) : new PrismaClient({ adapter: new PrismaPGlite(db) });
    return {
      prisma: client as unknown as PrismaClient,
      stored: () => stored(async (sql) => (await db.query<{ k: string; c: string; v: string | null }>(sql)).rows),
      close: async () => {
        await client.$disconnect();
        await db.close();
      },
    };
  };
  return { vanilla: await stack(false), exact: await stack(true) };
}

async function settle(run: () => Promise<unknown>): Promise<{ result: unknown } | { threw: unknown }> {
  try {
    return { result: await run() };
  } catch (error) {
    return { threw: error };
  }
}

const key = (d: Difference) => `${d.path} ${d.vanilla} ${d.exact}`;

/**
 * Runs the corpus on a pair of stacks. `pairDocumented`: differences of this pair's vanilla adapter
 * from @prisma/adapter-pg (pg-exact behaves as adapter-pg there), allowed in every step.
 */
function differential(open: () => Promise<{ vanilla: Stack; exact: Stack }>, pairDocumented: readonly Documented[] = []): void {
  let stacks: { vanilla: Stack; exact: Stack };
  const shown = new Set<string>();
  let storedBefore = new Set<string>();
  beforeAll(async () => {
    stacks = await open();
  });
  afterAll(() => stacks?.vanilla.close());

  for (const step of corpus) {
    it(step.name, async () => {
      const documented = [...(step.documented ?? []), ...pairDocumented];
      const vanilla = await settle(() => step.run(stacks.vanilla.prisma));
      const exact = await settle(() => step.run(stacks.exact.prisma));
      // A step catches the errors it is about: one that throws on pg-exact compares nothing.
      if ('threw' in exact) throw exact.threw;
      const inResults = differences(vanilla, exact, documented);
      // A stored difference is this step's unless it was there (and accepted) after the last one.
      const storedNow = differences(await stacks.vanilla.stored(), await stacks.exact.stored(), documented, 'stored');
      const inStore = storedNow.filter((d) => !storedBefore.has(key(d)));
      storedBefore = new Set(storedNow.map(key));
      const found = [...inResults, ...inStore];
      if (process.env.PG_EXACT_DIFF_LOG) console.log(step.name, JSON.stringify(found, null, 1));
      expect(found.filter((d) => d.documented === undefined)).toEqual([]);
      for (const rule of step.documented ?? []) expect(found.map((d) => d.documented), `this step shows "${rule.name}"`).toContain(rule.name);
      for (const d of found) shown.add(d.documented!);
    });
  }

  it('the corpus shows every documented difference', () => {
    const all = new Set([...corpus.flatMap((step) => step.documented ?? []), ...pairDocumented].map((rule) => rule.name));
    expect([...shown].sort()).toEqual([...all].sort());
  });
}

describe('the type map', () => {
  it('finds a value of another type or scale, a missing key, an error for a result; documents only what it names', () => {
    const paths = (v: unknown, x: unknown) => differences(v, x, [jsonBigInt, jsonDecimal]).map((d) => `${d.path}${d.documented ? ' (documented)' : ''}`);
    expect(paths({ a: 1n, b: [new Prisma.Decimal('1.5')] }, { a: 1n, b: [new Prisma.Decimal('1.50')] })).toEqual([]);
    expect(paths({ a: 1n }, { a: 1 })).toEqual(['$.a']);
    expect(paths(new Prisma.Decimal('1.5'), new Decimal('1.5'))).toEqual(['$']);
    expect(paths(new Date(0), new Date(1))).toEqual(['$']);
    expect(paths({ a: 1 }, { a: 1, b: null })).toEqual(['$.b']);
    expect(paths([1], new Error('x'))).toEqual(['$']);
    expect(paths({ j: 2 ** 64 }, { j: 2n ** 64n })).toEqual(['$.j (documented)']);
    expect(paths({ j: 2 ** 53 }, { j: 2n ** 53n + 1n })).toEqual(['$.j (documented)']); // JSON.parse's rounding
    expect(paths({ j: 2 ** 53 + 2 }, { j: 2n ** 53n + 1n })).toEqual(['$.j']); // another number
    expect(paths({ j: 1 }, { j: 1n })).toEqual(['$.j']); // a safe integer is a number on both stacks
    expect(paths({ j: 0.1 }, { j: new Decimal('0.10000000000000000000001') })).toEqual(['$.j (documented)']);
    expect(paths({ j: 0.1 }, { j: new Prisma.Decimal('0.10000000000000000000001') })).toEqual(['$.j']);
  });
});

// The client is generated by the prisma CLI of the same release as @prisma/adapter-pg (the matrix's prisma-oldest cell).
const adapterPgNamesFields = semver.lt(Prisma.prismaVersion.client, '7.10.0');
const serverDocumented = adapterPgNamesFields ? [uniqueViolation] : [];
const pgliteDocumented = [pgliteIsolationLevel, uniqueViolation, pgliteEnumList];

// exactExtension() reads the client's preview features from an internal of Prisma's client.
it('Prisma keeps a client\'s preview features in _previewFeatures (exactExtension() reads relationJoins there)', () => {
  const features = (client: object) => (client as { _previewFeatures?: unknown })._previewFeatures;
  expect(features(new PrismaClientWithJoins({ adapter: new PrismaPgExact({ connectionString: databaseUrl }) }))).toContain('relationJoins');
  expect(features(new PrismaClient({ adapter: new PrismaPgExact({ connectionString: databaseUrl }) }))).not.toContain('relationJoins');
});

describeServer(`Prisma differential: @prisma/adapter-pg ${Prisma.prismaVersion.client} vs PrismaPgExact + exactExtension()`, () =>
  differential(() => serverStacks(PrismaClient), serverDocumented),
);
describe('Prisma differential: pglite-prisma-adapter vs PrismaPGliteExact + exactExtension()', () =>
  differential(() => pgliteStacks(PrismaClient), pgliteDocumented),
);
// With relationJoins, vanilla loads relations as JSON built on the server; pg-exact by queries.
describeServer('Prisma differential, relationJoins preview: @prisma/adapter-pg vs PrismaPgExact + exactExtension()', () =>
  differential(() => serverStacks(WithJoins), [...serverDocumented, joinedDecimal]),
);
describe('Prisma differential, relationJoins preview: pglite-prisma-adapter vs PrismaPGliteExact + exactExtension()', () =>
  differential(() => pgliteStacks(WithJoins), [...pgliteDocumented, joinedDecimal]),
);
