import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PgExactValueError, PreciseDate } from '@pg-exact/core';
import { eq } from 'drizzle-orm';
import { drizzle as vanillaNodePostgres } from 'drizzle-orm/node-postgres';
import {
  bigint,
  date,
  doublePrecision,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  type PgDatabase,
  type PgQueryResultHKT,
  pgTable,
  time,
  timestamp,
} from 'drizzle-orm/pg-core';
import { drizzle as vanillaPGlite } from 'drizzle-orm/pglite';
import { drizzle as vanillaPostgresJs } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { drizzle as exactNodePostgres } from '../src/node-postgres/index.js';
import { drizzle as exactPGlite } from '../src/pglite/index.js';
import { drizzle as exactPostgresJs } from '../src/postgres-js/index.js';
import { databaseUrl, drizzleV1, SESSION_ZONE, tag } from './helpers.js';

// drizzle-orm's own builders under the pg-exact drizzle() read and write as under drizzle-orm's
// drizzle() on a UTC session (DESIGN.md, drop-in rules), on a session that is not UTC, except where
// drizzle loses data: Date modes read a PreciseDate (a Date that keeps µs, ±infinity and BC), JSON
// keeps big numbers. Compared against drizzle-orm's own drizzle() over the same driver, run here.

type Db = PgDatabase<PgQueryResultHKT>;

const stringMode = { mode: 'string' } as const;
const own = pgTable('own_t', {
  id: integer().primaryKey(),
  i8n: bigint({ mode: 'number' }),
  i8b: bigint({ mode: 'bigint' }),
  // 0.45's bigint() has no string mode (its config type only has 'number' | 'bigint').
  ...((drizzleV1 ? { i8s: bigint(stringMode as never) } : {}) as object),
  num: numeric(),
  num_n: numeric({ mode: 'number' }),
  num_b: numeric({ mode: 'bigint' }),
  tz: timestamp({ withTimezone: true }),
  ts: timestamp(),
  tz_s: timestamp({ withTimezone: true, mode: 'string' }),
  ts_s: timestamp({ mode: 'string' }),
  d: date(),
  d_d: date({ mode: 'date' }),
  jb: jsonb(),
  js: json(),
  // drizzle 1.0 hands postgres.js these as JS values for it to serialize by type.
  jb_arr: jsonb(),
  js_str: json(),
  iv: interval(),
  tm: time(),
  f8: doublePrecision(),
  nums: numeric().array(),
  tzs: timestamp({ withTimezone: true }).array(),
  i8bs: bigint({ mode: 'bigint' }).array(),
  tzs_s: timestamp({ withTimezone: true, mode: 'string' }).array(),
  tss_s: timestamp({ mode: 'string' }).array(),
});

const ddl = `CREATE TABLE own_t (
  id int4 PRIMARY KEY, i8n int8, i8b int8, i8s int8, num numeric, num_n numeric, num_b numeric,
  tz timestamptz, ts timestamp, tz_s timestamptz, ts_s timestamp, d date, d_d date, jb jsonb, js json, jb_arr jsonb, js_str json,
  iv interval, tm time, f8 float8, nums numeric[], tzs timestamptz[], i8bs int8[], tzs_s timestamptz[], tss_s timestamp[])`;

/** Written through insert().values() by each stack: values drizzle reads back as written. */
const input: Record<string, unknown> = {
  i8n: 42,
  i8b: 9007199254740993n,
  ...(drizzleV1 ? { i8s: '9007199254740993' } : {}),
  num: '19.90',
  num_n: 1.5,
  num_b: 12345678901234567890n,
  tz: new Date('2024-03-10T01:59:59.123Z'),
  ts: new Date('2024-03-10T02:30:00Z'),
  tz_s: '2024-03-10 01:59:59.123456+00',
  ts_s: '2024-03-10 02:30:00',
  d: '2024-01-01',
  d_d: new Date('2024-02-29T00:00:00Z'),
  jb: { a: 1, s: 'x', n: [1.5, null] },
  js: { b: true },
  jb_arr: [1, 'two', { three: 3 }],
  js_str: 'a string',
  iv: '1 day 02:03:04',
  tm: '12:34:56.789',
  f8: 0.1,
  nums: ['1.10', '2'],
  tzs: [new Date('2024-03-10T01:59:59.123Z')],
  i8bs: [1n, 9007199254740993n],
  tzs_s: ['2024-03-10 01:59:59.123456+00', '2024-07-01 12:00:00+00'],
  tss_s: ['2024-03-10 02:30:00.5', '0044-03-15 12:00:00 BC'],
};

/** Stored by raw SQL: what drizzle's Date and JSON reads lose (µs, infinity, BC, a big JSON number). */
const lossyRow = `INSERT INTO own_t (id, tz, ts, jb, tzs) VALUES (3, '2024-03-10 01:59:59.123456+00', 'infinity',
  '{"big": 12345678901234567890}', '{"2024-03-10 01:59:59.123456+00","0044-03-15 12:00:00.5+00 BC"}')`;

/**
 * What the pg-exact drizzle() reads where drizzle's own loses data (drizzle-orm reads: a Date without
 * the µs; `new Date('infinity+0000')`, which V8 reads as 2000-01-01; 12345678901234567000; an
 * Invalid Date for the BC instant).
 */
const betterThanVanilla: Record<string, unknown> = {
  tz: 'PreciseDate:2024-03-10T01:59:59.123456Z',
  ts: 'PreciseDate:infinity',
  jb: { big: 'bigint:12345678901234567890' },
  tzs: ['PreciseDate:2024-03-10T01:59:59.123456Z', 'PreciseDate:-000043-03-15T12:00:00.500000Z'],
};

/** `tag`, with an Invalid Date and a PreciseDate that holds no more than a Date as vanilla reads them. */
function comparable(value: unknown): unknown {
  if (value instanceof Date && Number.isNaN(value.getTime())) return 'Invalid Date';
  if (value instanceof PreciseDate && Number.isFinite(value.getTime()) && value.getMicroseconds() === 0) {
    return `Date:${new Date(value.getTime()).toISOString()}`;
  }
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return tag(value);
}

/**
 * Relational queries: each row with itself nested (`self`), so every column is read both at the root
 * and from the JSON drizzle builds for nested rows. 0.45: `relations` + `schema`; 1.0: `defineRelations`.
 */
const drizzleOrm = await import('drizzle-orm');
const relationsConfig: Record<string, unknown> = drizzleV1
  ? {
      relations: (drizzleOrm as unknown as { defineRelations: (tables: object, define: (r: Record<string, any>) => object) => object }).defineRelations(
        { own },
        (r) => ({ own: { self: r.one.own({ from: r.own.id, to: r.own.id }) } }),
      ),
    }
  : {
      schema: {
        own,
        ownRelations: (drizzleOrm as unknown as { relations: typeof import('drizzle-orm').relations }).relations(own, ({ one }) => ({
          self: one(own, { fields: [own.id], references: [own.id] }),
        })),
      },
    };

async function withSelf(db: Db, id: number): Promise<Record<string, unknown>> {
  const table = (db as unknown as { query: Record<string, { findFirst(config: unknown): Promise<Record<string, unknown>> }> }).query.own!;
  return table.findFirst(drizzleV1 ? { where: { id }, with: { self: true } } : { where: eq(own.id, id), with: { self: true } });
}

/**
 * Nested (JSON) reads where the pg-exact drizzle() keeps what drizzle-orm's loses: 0.45 reads nested
 * numbers from the JSON number (the pg-exact drivers parse it losslessly; drizzle-orm's JSON.parse
 * rounds 9007199254740993 and 12345678901234567890). 1.0 selects those columns as text in JSON.
 */
const nestedBetter045: Record<string, unknown> = drizzleV1
  ? {}
  : { i8b: 'bigint:9007199254740993', num_b: 'bigint:12345678901234567890', i8bs: ['bigint:1', 'bigint:9007199254740993'] };

interface Stack {
  readonly db: Db;
  /** The same client through drizzle() with the relations. */
  readonly relational: Db;
  close(): Promise<void>;
}

interface Pair {
  readonly exact: Stack;
  readonly vanilla: Stack;
  /** `col::text` as a UTC session prints it. */
  text(expression: string): Promise<string | null>;
  exec(statement: string): Promise<void>;
  /** Each stack has a database of its own (PGlite): each also writes the other's row. */
  readonly separate?: boolean;
  close(): Promise<void>;
}

function defineDifferential(open: () => Promise<Pair>): void {
  let pair: Pair;
  beforeAll(async () => {
    pair = await open();
    await pair.exec(ddl);
    await pair.vanilla.db.insert(own).values({ id: 1, ...input } as never);
    await pair.exact.db.insert(own).values({ id: 2, ...input } as never);
    if (pair.separate) {
      await pair.vanilla.db.insert(own).values({ id: 2, ...input } as never);
      await pair.exact.db.insert(own).values({ id: 1, ...input } as never);
    }
    await pair.exec(lossyRow);
  });
  afterAll(() => pair?.close());

  const columns = Object.keys(input);
  it('insert().values() stores what drizzle-orm stores', async () => {
    for (const column of columns) {
      const name = own[column as keyof typeof own] as unknown as { name: string };
      const [byVanilla, byExact] = await Promise.all([1, 2].map((id) => pair.text(`SELECT ${name.name} FROM own_t WHERE id = ${id}`)));
      expect(byExact, column).toBe(byVanilla);
    }
  });

  it('select() reads what drizzle-orm reads on a UTC session', async () => {
    for (const id of [1, 2]) {
      const [vanilla] = await pair.vanilla.db.select().from(own).where(eq(own.id, id));
      const [exact] = await pair.exact.db.select().from(own).where(eq(own.id, id));
      for (const column of columns) {
        const want = comparable((vanilla as Record<string, unknown>)[column]);
        const got = comparable((exact as Record<string, unknown>)[column]);
        expect(got, `${column} of row ${id}`).toEqual(want);
      }
    }
  });

  it('relational queries read what drizzle-orm reads, at the root and nested', async () => {
    for (const id of [1, 2]) {
      const vanilla = await withSelf(pair.vanilla.relational, id);
      const exact = await withSelf(pair.exact.relational, id);
      for (const column of columns) {
        const want = comparable(vanilla[column]);
        expect(comparable(exact[column]), `${column} of row ${id}`).toEqual(want);
        const nestedWant = comparable((vanilla.self as Record<string, unknown>)[column]);
        const nested = comparable((exact.self as Record<string, unknown>)[column]);
        expect(nested, `nested ${column} of row ${id}`).toEqual(nestedBetter045[column] ?? nestedWant);
      }
    }
  });

  it('select() keeps what drizzle-orm loses: µs, ±infinity and BC in Date modes, big JSON numbers', async () => {
    const [vanilla] = await pair.vanilla.db.select().from(own).where(eq(own.id, 3));
    const [exact] = await pair.exact.db.select().from(own).where(eq(own.id, 3));
    for (const [column, better] of Object.entries(betterThanVanilla)) {
      const ours = (exact as Record<string, unknown>)[column];
      expect(tag(ours), column).toEqual(better);
      expect(comparable((vanilla as Record<string, unknown>)[column]), `drizzle-orm loses ${column}`).not.toEqual(comparable(ours));
    }
  });

  it('json()/jsonb() writes: 0.45 as drizzle-orm (its mapper stringifies); 1.0 a bigint exact and NaN refused, nothing stored', async () => {
    const write = (db: Db, id: number, jb: unknown) => db.insert(own).values({ id, jb } as never);
    const stored = (id: number) => pair.text(`SELECT jb FROM own_t WHERE id = ${id}`);
    if (!drizzleV1) {
      // drizzle-orm 0.45's jsonb() JSON.stringify's the value before any driver sees it, under either drizzle().
      await expect(write(pair.exact.db, 7, { n: 1n })).rejects.toThrow(/BigInt/);
      await write(pair.exact.db, 8, { n: Number.NaN });
      expect(await stored(8)).toBe('{"n": null}');
      return;
    }
    await write(pair.exact.db, 7, { n: 2n ** 64n, d: 0.1 });
    expect(await stored(7)).toBe('{"d": 0.1, "n": 18446744073709551616}');
    const refused = write(pair.exact.db, 8, { n: [1, Number.NaN] });
    await expect(refused).rejects.toThrow(PgExactValueError);
    await expect(refused).rejects.toThrow('jsonb: NaN is not a JSON number (at $.n[1])');
    expect(await pair.text(`SELECT count(*) FROM own_t WHERE id = 8`)).toBe('0');
  });
}

const utc = 'TimeZone=UTC';

function stack(drizzle: (config: never) => unknown, client: unknown, close: () => Promise<void>): Stack {
  return {
    db: drizzle({ client } as never) as Db,
    relational: drizzle({ client, ...relationsConfig } as never) as Db,
    close,
  };
}

describeServer('drizzle-orm builders: node-postgres', () => {
  defineDifferential(async () => {
    const schema = `pgx_dzb_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; SET TIME ZONE 'UTC'`);
    const exactPool = new pg.Pool({ connectionString: databaseUrl, max: 1, options: `-c search_path=${schema} -c TimeZone=${SESSION_ZONE}` });
    const vanillaPool = new pg.Pool({ connectionString: databaseUrl, max: 1, options: `-c search_path=${schema} -c ${utc}` });
    return {
      exact: stack(exactNodePostgres, exactPool, () => exactPool.end()),
      vanilla: stack(vanillaNodePostgres, vanillaPool, () => vanillaPool.end()),
      text: async (expression) => (await admin.query<{ t: string | null }>(`SELECT (${expression})::text AS t`)).rows[0]?.t ?? null,
      exec: async (statement) => void (await admin.query(statement)),
      async close() {
        await exactPool.end();
        await vanillaPool.end();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  });
});

describeServer('drizzle-orm builders: postgres.js', () => {
  defineDifferential(async () => {
    const schema = `pgx_dzb_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; SET TIME ZONE 'UTC'`);
    const options = { max: 1, onnotice: () => undefined } as const;
    const exactSql = postgres(databaseUrl, { ...options, connection: { search_path: schema, TimeZone: SESSION_ZONE } });
    const vanillaSql = postgres(databaseUrl, { ...options, connection: { search_path: schema, TimeZone: 'UTC' } });
    return {
      exact: stack(exactPostgresJs, exactSql, () => exactSql.end()),
      vanilla: stack(vanillaPostgresJs, vanillaSql, () => vanillaSql.end()),
      text: async (expression) => (await admin.query<{ t: string | null }>(`SELECT (${expression})::text AS t`)).rows[0]?.t ?? null,
      exec: async (statement) => void (await admin.query(statement)),
      async close() {
        await exactSql.end();
        await vanillaSql.end();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  });
});

describe('drizzle-orm builders: PGlite', () => {
  // PGlite has one session: the pg-exact drizzle() gets the non-UTC one, drizzle-orm's a second instance at UTC.
  defineDifferential(async () => {
    const exactLite = new PGlite();
    const vanillaLite = new PGlite();
    await exactLite.exec(`SET TIME ZONE '${SESSION_ZONE}'`);
    const both = async (statement: string) => {
      await exactLite.exec(statement);
      await vanillaLite.exec(statement);
    };
    return {
      exact: stack(exactPGlite, exactLite, () => exactLite.close()),
      vanilla: stack(vanillaPGlite, vanillaLite, () => vanillaLite.close()),
      // Rows 1 and 3 live in the vanilla instance, rows 2, 7 and 8 in the exact one: read each where it is.
      async text(expression) {
        const lite = / id = [278]\b/.test(expression) ? exactLite : vanillaLite;
        await lite.exec(`SET TIME ZONE 'UTC'`);
        try {
          return (await lite.query<{ t: string | null }>(`SELECT (${expression})::text AS t`)).rows[0]?.t ?? null;
        } finally {
          if (lite === exactLite) await exactLite.exec(`SET TIME ZONE '${SESSION_ZONE}'`);
        }
      },
      exec: both,
      separate: true,
      async close() {
        await exactLite.close();
        await vanillaLite.close();
      },
    };
  });
});

