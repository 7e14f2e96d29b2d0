// The differential proof for @pg-exact/drizzle (DESIGN.md, drop-in rules): one corpus of Drizzle
// features runs through drizzle-orm's own drizzle() (a UTC session, as drizzle-orm is meant to run)
// and through @pg-exact/drizzle's (the built package, its pinned session), over each driver, in the
// process time zone this file runs under (the suite runs under UTC and America/New_York, the matrix
// adds Asia/Kolkata). Every result is compared value by value through the documented type map
// (drizzle-type-map.ts): a difference it does not name fails, and so does any difference in what
// the server stored (each table's rows as PostgreSQL's text).
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as exactNodePostgres } from '@pg-exact/drizzle/node-postgres';
import { drizzle as exactPGlite } from '@pg-exact/drizzle/pglite';
import { drizzle as exactPostgresJs } from '@pg-exact/drizzle/postgres-js';
import * as drizzleOrm from 'drizzle-orm';
import { and, asc, avg, count, eq, getTableColumns, gt, isNotNull, lt, max, min, sql, sum } from 'drizzle-orm';
import { drizzle as vanillaNodePostgres } from 'drizzle-orm/node-postgres';
import * as pgCore from 'drizzle-orm/pg-core';
import {
  bigint,
  bigserial,
  bit,
  boolean,
  char,
  cidr,
  customType,
  date,
  decimal,
  doublePrecision,
  inet,
  integer,
  interval,
  json,
  jsonb,
  line,
  macaddr,
  macaddr8,
  numeric,
  type PgColumn,
  type PgDatabase,
  type PgQueryResultHKT,
  pgEnum,
  pgTable,
  point,
  real,
  serial,
  smallint,
  smallserial,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { drizzle as vanillaPGlite } from 'drizzle-orm/pglite';
import { drizzle as vanillaPostgresJs } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, rawTextTypes } from '../support/server.js';
import { describeServer } from '../support/vitest-server.js';
import { compare, type Difference, DIFFERENCES, type Finding, type Kind, kindOfOid, kindOfSqlType, type ScalarKind, type Shape, storedDifference } from './drizzle-type-map.js';

/** drizzle-orm 1.0 (relational queries v2, `defineRelations`; `bigint({ mode: 'string' })`, `bytea`), or 0.45. */
const v1 = 'defineRelations' in drizzleOrm;
type Db = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;
type Builder = ReturnType<typeof integer>;

// ---- The schema: drizzle-orm's own builders, every mode ------------------------------------------

const mood = pgEnum('mood', ['sad', 'ok', 'happy']);
/** A customType over numeric: its fromDriver gets the driver's value as it is. */
const rawNumeric = customType<{ data: unknown; driverData: unknown }>({ dataType: () => 'numeric', fromDriver: (value) => value });
/** `.array()` twice: 0.45's `.array().array()`, 1.0's `.array('[][]')`. */
const twoDimensional = (builder: Builder): Builder =>
  (v1 ? (builder as unknown as { array(d: string): Builder }).array('[][]') : builder.array().array()) as unknown as Builder;
const only1 = (columns: () => Record<string, unknown>) => (v1 ? columns() : {});

const items = pgTable('items', {
  id: integer().primaryKey(),
  i2: smallint(),
  i4: integer(),
  i8n: bigint({ mode: 'number' }),
  i8b: bigint({ mode: 'bigint' }),
  ...(only1(() => ({ i8s: bigint({ mode: 'string' } as never) })) as object),
  num: numeric(),
  num2: numeric({ precision: 12, scale: 2 }),
  numN: numeric({ mode: 'number' }),
  numB: numeric({ mode: 'bigint' }),
  dec: decimal({ precision: 38, scale: 10 }),
  f4: real(),
  f8: doublePrecision(),
  bool: boolean(),
  txt: text(),
  vc: varchar({ length: 20 }),
  ch: char({ length: 3 }),
  uid: uuid(),
  md: mood(),
  js: json(),
  jb: jsonb(),
  tz: timestamp({ withTimezone: true }),
  tz3: timestamp({ withTimezone: true, precision: 3 }),
  ts: timestamp(),
  tzS: timestamp({ withTimezone: true, mode: 'string' }),
  tsS: timestamp({ mode: 'string' }),
  d: date(),
  dD: date({ mode: 'date' }),
  tm: time(),
  tmtz: time({ withTimezone: true }),
  iv: interval(),
  ip: inet(),
  net: cidr(),
  mac: macaddr(),
  mac8: macaddr8(),
  bits: bit({ dimensions: 4 }),
  pt: point(),
  ptXy: point({ mode: 'xy' }),
  ln: line(),
  lnAbc: line({ mode: 'abc' }),
  cust: rawNumeric(),
  ...(only1(() => ({ by: (pgCore as unknown as { bytea(): unknown }).bytea() })) as object),
  i4s: integer().array(),
  i8bs: bigint({ mode: 'bigint' }).array(),
  i8ns: bigint({ mode: 'number' }).array(),
  nums: numeric().array(),
  numNs: numeric({ mode: 'number' }).array(),
  tzs: timestamp({ withTimezone: true }).array(),
  tzSs: timestamp({ withTimezone: true, mode: 'string' }).array(),
  tzSs2: twoDimensional(timestamp({ withTimezone: true, mode: 'string' }) as unknown as Builder),
  tss: timestamp().array(),
  tsSs: timestamp({ mode: 'string' }).array(),
  ds: date().array(),
  dDs: date({ mode: 'date' }).array(),
  jbs: jsonb().array(),
  txts: text().array(),
  ivs: interval().array(),
});

const children = pgTable('children', {
  id: integer().primaryKey(),
  parentId: integer('parent_id').notNull(),
  at: timestamp({ withTimezone: true, mode: 'string' }),
  when: timestamp({ withTimezone: true }),
  amount: numeric({ precision: 20, scale: 4 }),
  big: bigint({ mode: 'bigint' }),
  meta: jsonb(),
});

const ledger = pgTable('ledger', {
  id: bigint({ mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
  note: text().notNull(),
  seqN: bigserial({ mode: 'number' }),
  seqB: bigserial({ mode: 'bigint' }),
  s4: serial(),
  s2: smallserial(),
});

const DDL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE items (
  id int4 PRIMARY KEY, i2 int2, i4 int4, i8n int8, i8b int8, i8s int8, num numeric, num2 numeric(12, 2),
  "numN" numeric, "numB" numeric, "dec" numeric(38, 10), f4 float4, f8 float8, bool boolean, txt text,
  vc varchar(20), ch char(3), uid uuid, md mood, js json, jb jsonb, tz timestamptz, tz3 timestamptz(3),
  ts timestamp, "tzS" timestamptz, "tsS" timestamp, d date, "dD" date, tm time, tmtz timetz, iv interval,
  ip inet, net cidr, mac macaddr, mac8 macaddr8, bits bit(4), pt point, "ptXy" point, ln line, "lnAbc" line, cust numeric, "by" bytea,
  i4s int4[], i8bs int8[], i8ns int8[], nums numeric[], "numNs" numeric[], tzs timestamptz[],
  "tzSs" timestamptz[], "tzSs2" timestamptz[][], tss timestamp[], "tsSs" timestamp[], ds date[],
  "dDs" date[], jbs jsonb[], txts text[], ivs interval[]
);
CREATE TABLE children (
  id int4 PRIMARY KEY, parent_id int4 NOT NULL REFERENCES items, at timestamptz, "when" timestamptz,
  amount numeric(20, 4), big int8, meta jsonb
);
CREATE TABLE ledger (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL, "seqN" bigserial, "seqB" bigserial, s4 serial, s2 smallserial);
SELECT setval(pg_get_serial_sequence('ledger', 'seqB'), 9007199254740990), setval(pg_get_serial_sequence('ledger', 'seqN'), 9007199254740990);`;

const TABLES = ['items', 'children', 'ledger'] as const;

// ---- Relations: v1 (`relations`, `schema`) on 0.45, v2 (`defineRelations`, `relations`) on 1.0 --------

type AnyRecord = Record<string, any>;
const relationsConfig: Record<string, unknown> = v1
  ? {
      relations: (drizzleOrm as unknown as { defineRelations: (tables: object, define: (r: AnyRecord) => object) => object }).defineRelations(
        { items, children },
        (r) => ({
          items: { children: r.many.children() },
          children: { parent: r.one.items({ from: r.children.parentId, to: r.items.id }) },
        }),
      ),
    }
  : {
      schema: {
        items,
        children,
        itemsRelations: drizzleOrm.relations(items, ({ many }) => ({ children: many(children) })),
        childrenRelations: drizzleOrm.relations(children, ({ one }) => ({
          parent: one(items, { fields: [children.parentId], references: [items.id] }),
        })),
      },
    };

type Query = Record<string, { findMany(config?: unknown): Promise<unknown>; findFirst(config?: unknown): Promise<unknown> }>;
const query = (db: Db) => (db as unknown as { query: Query }).query;
/** `orderBy` id ascending, in each version's form. */
const byId = v1 ? { id: 'asc' } : (table: AnyRecord) => [asc(table.id)];

// ---- The type map's kinds for drizzle's columns ------------------------------------------------------

/**
 * What the type map allows for a column: drizzle's Date modes may read a PreciseDate, json/jsonb
 * lossless JSON, float columns a kept -0, a customType the driver's own value; every other builder
 * and mode reads exactly what drizzle-orm reads ('strict'). `nested`: read from the JSON of a
 * relational query, where drizzle-orm 0.45 rounds int8 and numeric through JSON.parse.
 */
function kindOfColumn(column: PgColumn, nested = false): Kind {
  // 0.45: an array is a PgArray over its element's column; 1.0: the column with `dimensions`.
  const PgArray = (pgCore as { PgArray?: typeof pgCore.PgArray }).PgArray;
  let base: unknown = column;
  let array = ((column as { dimensions?: number }).dimensions ?? 0) > 0;
  while (PgArray !== undefined && drizzleOrm.is(base, PgArray)) {
    base = (base as { baseColumn: unknown }).baseColumn;
    array = true;
  }
  const type = base as PgColumn;
  const sqlKind = kindOfSqlType(type.getSQLType()).replace('[]', '') as ScalarKind;
  let kind: ScalarKind = 'strict';
  if (drizzleOrm.is(type, pgCore.PgTimestamp)) kind = sqlKind;
  else if (drizzleOrm.is(type, pgCore.PgJson) || drizzleOrm.is(type, pgCore.PgJsonb) || drizzleOrm.is(type, pgCore.PgCustomColumn)) kind = sqlKind;
  else if (sqlKind === 'float') kind = 'float';
  else if (nested && !v1 && (sqlKind === 'int8' || sqlKind === 'numeric')) kind = 'json';
  return array ? `${kind}[]` : kind;
}

function shapeOf(table: object, nested = false): Shape {
  return Object.fromEntries(Object.entries(getTableColumns(table as never)).map(([key, column]) => [key, kindOfColumn(column as PgColumn, nested)]));
}

const itemShape = shapeOf(items);
const childShape = shapeOf(children);
const nestedItemShape = shapeOf(items, true);
const nestedChildShape = shapeOf(children, true);

/** A raw result (db.execute) as rows plus what every driver reports; each column's kind from its type OID. */
function rawResult(result: unknown): { value: unknown; shape: Shape } {
  // postgres.js: an array of rows with `columns`, `count`, `command`; node-postgres and PGlite: `rows` and `fields`.
  const list = Array.isArray(result);
  const r = result as AnyRecord;
  const rows: AnyRecord[] = list ? [...(result as AnyRecord[])] : r.rows;
  const columns: [string, number][] = list
    ? (r.columns ?? []).map((c: AnyRecord) => [c.name, c.type])
    : (r.fields ?? []).map((f: AnyRecord) => [f.name, f.dataTypeID]);
  const meta = list ? { count: r.count, command: r.command } : { count: r.rowCount ?? r.affectedRows, command: r.command };
  return { value: { rows, columns, ...meta }, shape: { rows: Object.fromEntries(columns.map(([name, oid]) => [name, kindOfOid(oid)])) } };
}

// ---- The corpus ------------------------------------------------------------------------------------

const ts = (iso: string) => new Date(iso);

/** Rows written through insert().values() by each stack (drizzle's own mappers; values as users write them). */
const rows: AnyRecord[] = [
  {
    id: 1,
    i2: 7,
    i4: -2147483648,
    i8n: 42,
    i8b: 9007199254740993n,
    ...only1(() => ({ i8s: '9223372036854775807' })),
    num: '19.90',
    num2: '1234567890.10',
    numN: 1.5,
    numB: 12345678901234567890n,
    dec: '0.0000000001',
    f4: 0.1,
    f8: 0.1,
    bool: true,
    txt: 'naïve "quotes" \\ back',
    vc: 'varchar',
    ch: 'ab',
    uid: '00000000-0000-4000-8000-000000000001',
    md: 'happy',
    js: { b: true, n: [1.5, null], s: 'x' },
    jb: { a: 1, nested: { deep: [1, 2, { x: 'y' }] } },
    tz: ts('2024-03-10T01:59:59.123Z'),
    tz3: ts('2024-03-10T06:59:59.999Z'),
    ts: ts('2024-03-10T02:30:00Z'),
    tzS: '2024-03-10 01:59:59.123456+00',
    tsS: '2024-03-10 02:30:00',
    d: '2024-01-01',
    dD: ts('2024-02-29T00:00:00Z'),
    tm: '12:34:56.789',
    tmtz: '12:34:56+05:30',
    iv: '1 year 2 mons 3 days 04:05:06.789',
    ip: '192.168.0.1/24',
    net: '10.0.0.0/8',
    mac: '08:00:2b:01:02:03',
    mac8: '08:00:2b:01:02:03:04:05',
    bits: '1010',
    pt: [1.5, -2],
    ptXy: { x: 1, y: 2 },
    ln: [1, -1, 0],
    lnAbc: { a: 1, b: -1, c: 0 },
    cust: '123.450',
    ...only1(() => ({ by: Buffer.from([0, 1, 254, 255]) })),
    i4s: [1, null, 3],
    i8bs: [1n, -9223372036854775808n],
    i8ns: [42, -1],
    nums: ['1.10', '-0.001', 'NaN'],
    numNs: [1.5, 2],
    tzs: [ts('2024-03-10T01:59:59.123Z'), ts('1999-12-31T23:00:00Z')],
    tzSs: ['2024-03-10 01:59:59.123456+00', '1999-12-31 23:00:00-05'],
    tzSs2: [['2024-03-10 01:59:59.5+00', '2024-07-01 12:00:00+02'], ['2000-01-01 00:00:00+00', '2000-06-01 00:00:00+00']],
    tss: [ts('2024-03-10T02:30:00.5Z')],
    tsSs: ['2024-03-10 02:30:00', '2024-03-10 02:30:00.000001'],
    ds: ['2024-01-01', '2000-02-29'],
    dDs: [ts('2024-02-29T00:00:00Z')],
    txts: ['a', 'b,c', 'd"e', null],
    ivs: ['1 day', '-00:00:01'],
  },
  {
    id: 2,
    i2: -32768,
    i4: 0,
    i8n: -9007199254740991,
    i8b: -9223372036854775808n,
    num: '-0.000000000000000000001',
    num2: '0.00',
    numN: 0.1,
    numB: -1n,
    dec: '-12345678901234567890.1234567890',
    f4: -0,
    f8: 1e308,
    bool: false,
    txt: '',
    md: 'sad',
    js: [1, 'two', { three: 3 }],
    jb: '123',
    tz: ts('1970-01-01T00:00:00Z'),
    ts: ts('1900-01-01T00:00:00Z'),
    tzS: '2024-07-01 12:00:00.5+02',
    tsS: '2024-12-31 23:59:59.999999',
    d: '0001-01-01',
    dD: ts('1970-01-01T00:00:00Z'),
    tm: '00:00:00',
    iv: '-1 days +02:00:00',
    cust: '-0',
    nums: [],
    tzSs: [],
  },
  { id: 3 },
];

/** Stored by raw SQL in each stack: values drizzle's reads lose (µs, ±infinity, BC, big and inexact JSON numbers, NaN). */
const LOSSY_ROW = `INSERT INTO items (id, i8n, num, "numN", f4, f8, jb, js, tz, ts, "tzS", "tsS", d, "dD", tzs, "tzSs", tss, i8ns, i8bs, nums, jbs, cust)
VALUES (4, 9007199254740993, 'NaN', '0.1000000000000000055511151231257827', '-Infinity', 'NaN',
  '{"big": 12345678901234567890, "dec": 0.10000000000000000000001, "huge": 1e400, "neg": -9007199254740993, "n": 0.5}',
  '[12345678901234567890, 1.10]',
  '2024-03-10 01:59:59.123456+00', 'infinity', '-infinity', '0044-03-15 12:00:00.5 BC', 'infinity', '2024-02-29',
  '{"2024-03-10 01:59:59.123456+00","0044-03-15 12:00:00.5+00 BC",infinity}', '{"0044-03-15 12:00:00.5+00 BC",-infinity}',
  '{"2024-03-10 02:30:00.000001"}', '{9007199254740993}', '{9223372036854775807}', '{Infinity,-Infinity,1e-30}',
  ARRAY['{"big": 12345678901234567890}'::jsonb], '99999999999999999999.999999999999')`;

const childRows = [
  { id: 10, parentId: 1, at: '2024-03-10 01:59:59.123456+00', when: ts('2024-03-10T01:59:59.123Z'), amount: '1.5000', big: 9007199254740993n, meta: { k: 1 } },
  { id: 11, parentId: 1, at: '2023-01-01 00:00:00+05:30', when: null, amount: '-0.0001', big: -1n, meta: { big: 1 } },
  { id: 12, parentId: 2, at: null, when: ts('2000-01-01T00:00:00Z'), amount: null, big: null, meta: null },
];

interface Outcome {
  readonly value: unknown;
  readonly shape?: Kind | Shape;
}

interface Step {
  readonly name: string;
  /** Changes what is stored: the tables' text is compared after it. */
  readonly writes?: boolean;
  run(db: Db, stack: 'vanilla' | 'exact', driver: string): Promise<Outcome>;
}

/** What vanilla drizzle-orm cannot do on a stack, met by the corpus (measured; printed in the report). */
const vanillaFailures = new Set<string>();

/** A rejection as what both stacks must agree on: the error's class and the server's SQLSTATE. */
async function settle(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { resolved: await run() };
  } catch (error) {
    const e = error as { constructor: { name: string }; code?: string; cause?: { code?: string } };
    return { rejected: e.constructor.name, code: e.cause?.code ?? e.code };
  }
}

const corpus: Step[] = [
  {
    name: 'insert().values() of every builder and mode, returning()',
    writes: true,
    run: async (db) => ({ value: await db.insert(items).values(rows as never).returning(), shape: itemShape }),
  },
  {
    name: 'db.execute() of a statement (lossy values by SQL)',
    writes: true,
    run: async (db) => {
      const { value } = rawResult(await db.execute(sql.raw(LOSSY_ROW)));
      return { value: { count: (value as AnyRecord).count, command: (value as AnyRecord).command } };
    },
  },
  {
    name: 'select() of every column',
    run: async (db) => ({ value: await db.select().from(items).orderBy(items.id), shape: itemShape }),
  },
  {
    name: 'select() of some columns and SQL expressions, where on each mode',
    run: async (db) => ({
      value: await db
        .select({
          id: items.id,
          tzS: items.tzS,
          tz: items.tz,
          next: sql`${items.i8b} + 1`,
          scaled: sql`${items.num2} * 10`,
          at: sql`${items.tz} + interval '1 microsecond'`,
          counted: sql<number>`(select count(*) from children)`.mapWith(Number),
        })
        .from(items)
        .where(
          and(
            gt(items.i8b, 0n),
            eq(items.tzS, '2024-03-10 01:59:59.123456+00'),
            lt(items.tz, new Date('2024-03-10T02:00:00Z')),
            eq(items.num, '19.90'),
            eq(items.d, '2024-01-01'),
            isNotNull(items.jb),
          ),
        ),
      shape: { next: 'int8', scaled: 'numeric', at: 'timestamptz', tz: 'timestamptz' },
    }),
  },
  {
    name: 'aggregates: count, sum, avg, max/min of columns (mapWith the column)',
    run: async (db) => ({
      value: await db
        .select({
          n: count(),
          sum8: sum(items.i8b),
          avgNum: avg(items.num2),
          maxTzS: max(items.tzS),
          minTz: min(items.tz),
          maxTsS: max(items.tsS),
          maxD: max(items.d),
          maxNumB: max(items.numB),
        })
        .from(items),
      shape: { minTz: 'timestamptz' },
    }),
  },
  {
    name: 'update().set() of each mode, returning()',
    writes: true,
    run: async (db) => ({
      value: await db
        .update(items)
        .set({ tzS: '2025-01-01 00:00:00-08', tsS: '2025-01-01 00:00:00.25', tz: new Date('2025-01-01T00:00:00.001Z'), numN: 2.25, i8b: -5n, jb: [1, 2, 3] })
        .where(eq(items.id, 2))
        .returning(),
      shape: itemShape,
    }),
  },
  {
    name: 'transaction: insert returning, select inside, a savepoint rolled back',
    writes: true,
    run: async (db) => ({
      value: await db.transaction(async (tx) => {
        const inserted = await tx.insert(children).values(childRows as never).returning();
        const inside = await tx.select({ id: children.id, at: children.at, when: children.when }).from(children).orderBy(children.id);
        const rolledBack = await settle(() =>
          tx.transaction(async (inner) => {
            await inner.insert(children).values({ id: 99, parentId: 1, at: '2020-01-01 00:00:00+00' }).returning();
            const seen = await inner.select({ at: children.at }).from(children).where(eq(children.id, 99));
            if (seen.length === 1) throw new Error(`rolled back after reading ${seen[0]!.at}`);
            return seen;
          }),
        );
        return { inserted, inside, rolledBack };
      }),
      shape: { inserted: childShape, inside: childShape },
    }),
  },
  {
    name: 'transaction rolled back by an error (nothing stored)',
    writes: true,
    run: async (db) => ({
      value: await settle(() =>
        db.transaction(async (tx) => {
          await tx.insert(children).values({ id: 50, parentId: 1, at: '2020-01-01 00:00:00+00' });
          await tx.insert(children).values({ id: 50, parentId: 1 });
        }),
      ),
    }),
  },
  {
    name: 'leftJoin: nested objects, a null side',
    run: async (db) => ({
      value: await db.select().from(items).leftJoin(children, eq(children.parentId, items.id)).orderBy(items.id, children.id),
      shape: { items: itemShape, children: childShape },
    }),
  },
  {
    name: `relational query (${v1 ? 'v2' : 'v1'}): findMany with many, nested columns read from JSON`,
    run: async (db) => ({
      value: await query(db).items!.findMany({ orderBy: byId, with: { children: { orderBy: byId } } }),
      shape: { ...itemShape, children: nestedChildShape },
    }),
  },
  {
    name: `relational query (${v1 ? 'v2' : 'v1'}): findFirst with one, columns chosen`,
    run: async (db) => ({
      value: await query(db).children!.findFirst({
        ...(v1 ? { where: { id: 10 } } : { where: eq(children.id, 10) }),
        columns: { id: true, at: true, when: true, big: true },
        with: { parent: { columns: { id: true, tzS: true, tz: true, tzSs: true, num: true, i8b: true, jb: true, ts: true, tsS: true } } },
      }),
      shape: { ...childShape, parent: nestedItemShape },
    }),
  },
  {
    name: '$count of a table and with a filter',
    run: async (db) => ({ value: [await db.$count(items), await db.$count(children, isNotNull(children.at))] }),
  },
  {
    name: 'db.execute() of a select: driver values, typed by OID',
    run: async (db) => rawResult(await db.execute(sql`select id, i8b, num, num2, jb, js, tz, ts, "tzS", d, tm, iv, i8bs, nums, tzs, f8 from items order by id`)),
  },
  {
    name: 'db.execute() with parameters',
    run: async (db) =>
      rawResult(
        await db.execute(
          sql`select ${'12.50'}::numeric as n, ${'9007199254740993'}::int8 as b, ${'2024-03-10 01:59:59.123456+00'}::timestamptz as t, ${42}::int4 as i, ${'x'} as s`,
        ),
      ),
  },
  {
    name: 'prepared statement with a placeholder, executed twice',
    run: async (db) => {
      const prepared = db
        .select({ id: items.id, tzS: items.tzS, tz: items.tz, tzSs: items.tzSs, num: items.num })
        .from(items)
        .where(eq(items.id, sql.placeholder('id')))
        .prepare('pgx_diff_item');
      return { value: [await prepared.execute({ id: 1 }), await prepared.execute({ id: 4 })], shape: itemShape };
    },
  },
  {
    name: '$with (CTE) over columns of each mode',
    run: async (db) => {
      const recent = db.$with('recent').as(db.select({ id: items.id, tzS: items.tzS, tz: items.tz, tsS: items.tsS }).from(items).where(isNotNull(items.tzS)));
      return { value: await db.with(recent).select().from(recent).orderBy(recent.id), shape: itemShape };
    },
  },
  {
    name: 'insert … onConflictDoUpdate returning()',
    writes: true,
    run: async (db) => ({
      value: await db
        .insert(items)
        .values({ id: 1, tzS: '2030-06-01 00:00:00+00' })
        .onConflictDoUpdate({ target: items.id, set: { tzS: '2030-06-01 00:00:00+09', num: '0.10' } })
        .returning({ id: items.id, tzS: items.tzS, num: items.num }),
    }),
  },
  {
    name: 'jsonb[] through insert().values() and select()',
    writes: true,
    run: async (db, stack, driver) => {
      const jbs = [{ a: 1 }, [1, 'two'], 'three'];
      const written = await settle(() => db.insert(items).values({ id: 5, jbs }).returning({ id: items.id, jbs: items.jbs }));
      if (stack === 'vanilla' && v1 && driver === 'postgres.js' && (written as { code?: string }).code === '22P02') {
        // drizzle-orm 1.0's postgres.js codec hands postgres.js the array as PostgreSQL's literal
        // text, which postgres.js 4 (its parameters typed by the server: jsonb[]) encodes again as
        // JSON: the insert fails (postgres.js 3.4 writes it). Stored by SQL here, so that both
        // stacks read (and store) the same row.
        vanillaFailures.add(`${driver}: drizzle-orm 1.0 cannot write jsonb[] through postgres.js 4 (22P02 malformed array literal)`);
        await db.execute(sql.raw(`INSERT INTO items (id, jbs) VALUES (5, ARRAY['{"a": 1}', '[1, "two"]', '"three"']::jsonb[])`));
        return { value: { resolved: await db.select({ id: items.id, jbs: items.jbs }).from(items).where(eq(items.id, 5)) }, shape: { resolved: itemShape } };
      }
      return { value: written, shape: { resolved: itemShape } };
    },
  },
  {
    name: 'a failing insert (duplicate key): the same rejection',
    run: async (db) => ({ value: await settle(() => db.insert(items).values({ id: 1 })) }),
  },
  {
    name: 'identity and serials (bigserial modes past 2^53): insert returning the generated ids',
    writes: true,
    run: async (db) => ({ value: await db.insert(ledger).values([{ note: 'a' }, { note: 'b' }, { note: 'c' }, { note: 'd' }]).returning(), shape: shapeOf(ledger) }),
  },
  {
    name: 'delete() returning()',
    writes: true,
    run: async (db) => ({ value: await db.delete(children).where(eq(children.parentId, 2)).returning(), shape: childShape }),
  },
];

// ---- The stacks ------------------------------------------------------------------------------------

/** A table as stored: its columns (name, SQL type) and each row's `col::text`, on a UTC session. */
interface Stored {
  readonly columns: [string, string][];
  readonly rows: (string | null)[][];
}

interface Stack {
  readonly db: Db;
  stored(table: string): Promise<Stored>;
  close(): Promise<void>;
}

/**
 * How @pg-exact/drizzle gets its client: `connection` (a client it makes, session pinned to UTC), or
 * `client` (one the user made, used as it is: here on a session whose TimeZone is not UTC).
 */
type Variant = 'connection' | 'client';
/** The user's own session TimeZone in the 'client' variant (+05:45: not even a whole hour). */
const USER_ZONE = 'Asia/Kathmandu';

interface Driver {
  readonly name: string;
  readonly server: boolean;
  open(variant: Variant): Promise<{ vanilla: Stack; exact: Stack }>;
}

type RunSql = (text: string) => Promise<Record<string, string | null>[]>;

async function storedTable(run: RunSql, table: string): Promise<Stored> {
  const columns = (
    await run(`SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = '${table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
  ).map((row) => [row.name!, row.type!] as [string, string]);
  const list = columns.map(([name], i) => `"${name}"::text AS c${i}`).join(', ');
  const rows = (await run(`SELECT ${list} FROM ${table} ORDER BY id`)).map((row) => columns.map((_, i) => row[`c${i}`] ?? null));
  return { columns, rows };
}

/** Where the stored tables differ, cell by cell, each with the documented difference that allows it (or none). */
function storedFindings(table: string, vanilla: Stored, exact: Stored): Finding[] {
  if (JSON.stringify(vanilla.columns) !== JSON.stringify(exact.columns) || vanilla.rows.length !== exact.rows.length) {
    return [{ path: table, difference: undefined, vanilla: JSON.stringify(vanilla), exact: JSON.stringify(exact) }];
  }
  const findings: Finding[] = [];
  vanilla.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const other = exact.rows[r]![c]!;
      if (cell === other) return;
      const [name, type] = vanilla.columns[c]!;
      findings.push({ path: `${table}[${r}].${name}`, difference: storedDifference(cell, other, kindOfSqlType(type)), vanilla: String(cell), exact: String(other) });
    }),
  );
  return findings;
}

async function serverSchema() {
  const schema = `pgx_diff_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl, types: rawTextTypes });
  await admin.connect();
  await admin.query(`SET TIME ZONE 'UTC'; CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${DDL}`);
  const run: RunSql = async (text) => (await admin.query<Record<string, string | null>>(text)).rows;
  return {
    schema,
    stored: (table: string) => storedTable(run, table),
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const drivers: Driver[] = [
  {
    name: 'node-postgres',
    server: true,
    async open(variant) {
      const [v, e] = await Promise.all([serverSchema(), serverSchema()]);
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${v.schema} -c TimeZone=UTC` });
      const own = { connectionString: databaseUrl, max: 2, options: `-c search_path=${e.schema}` };
      const exact = (
        variant === 'connection'
          ? exactNodePostgres({ connection: own, ...relationsConfig } as never)
          : exactNodePostgres({ client: new pg.Pool({ ...own, options: `${own.options} -c TimeZone=${USER_ZONE}` }), ...relationsConfig } as never)
      ) as unknown as Db;
      return {
        vanilla: { db: vanillaNodePostgres({ client: pool, ...relationsConfig } as never) as unknown as Db, stored: v.stored, close: async () => (await pool.end(), await v.drop()) },
        exact: { db: exact, stored: e.stored, close: async () => (await (exact as unknown as { $client: pg.Pool }).$client.end(), await e.drop()) },
      };
    },
  },
  {
    name: 'postgres.js',
    server: true,
    async open(variant) {
      const [v, e] = await Promise.all([serverSchema(), serverSchema()]);
      const client = postgres(databaseUrl, { max: 2, onnotice: () => undefined, connection: { search_path: v.schema, TimeZone: 'UTC' } });
      const own = { max: 2, onnotice: () => undefined, connection: { search_path: e.schema } };
      const exact = (
        variant === 'connection'
          ? exactPostgresJs({ connection: { url: databaseUrl, ...own }, ...relationsConfig } as never)
          : exactPostgresJs({ client: postgres(databaseUrl, { ...own, connection: { ...own.connection, TimeZone: USER_ZONE } }), ...relationsConfig } as never)
      ) as unknown as Db;
      return {
        vanilla: { db: vanillaPostgresJs({ client, ...relationsConfig } as never) as unknown as Db, stored: v.stored, close: async () => (await client.end(), await v.drop()) },
        exact: { db: exact, stored: e.stored, close: async () => (await (exact as unknown as { $client: postgres.Sql }).$client.end(), await e.drop()) },
      };
    },
  },
  {
    name: 'PGlite',
    server: false,
    async open(variant) {
      const lite = new PGlite();
      await lite.exec(`SET TIME ZONE 'UTC'; ${DDL}`);
      let exactLite: PGlite;
      if (variant === 'client') {
        exactLite = new PGlite();
        await exactLite.exec(`SET TIME ZONE '${USER_ZONE}'`);
      }
      const exact = (variant === 'connection' ? exactPGlite({ ...relationsConfig } as never) : exactPGlite({ client: exactLite!, ...relationsConfig } as never)) as unknown as Db;
      exactLite = (exact as unknown as { $client: PGlite }).$client;
      await exactLite.exec(DDL);
      // The stored text as a UTC session prints it (PGlite has one session: set around the read).
      const stored = (instance: PGlite) => async (table: string) => {
        const zone = (await instance.query<{ z: string }>('SELECT current_setting($1) AS z', ['TimeZone'])).rows[0]!.z;
        await instance.exec(`SET TIME ZONE 'UTC'`);
        try {
          return await storedTable(async (text) => (await instance.query<Record<string, string | null>>(text)).rows, table);
        } finally {
          await instance.exec(`SET TIME ZONE '${zone}'`);
        }
      };
      return {
        vanilla: { db: vanillaPGlite({ client: lite, ...relationsConfig } as never) as unknown as Db, stored: stored(lite), close: () => lite.close() },
        exact: { db: exact, stored: stored(exactLite), close: () => exactLite.close() },
      };
    },
  },
];

/** The documented differences each step showed, per driver (printed with PG_EXACT_DIFFERENTIAL_REPORT=1). */
const seen = new Map<string, Map<string, Set<Difference>>>();

function failures(findings: Finding[]): string {
  return findings
    .filter((f) => f.difference === undefined)
    .map((f) => `${f.path}: drizzle-orm ${f.vanilla}, @pg-exact/drizzle ${f.exact}`)
    .join('\n');
}

for (const driver of drivers) {
  for (const variant of ['connection', 'client'] as const) {
    const label = `${driver.name}, @pg-exact/drizzle ${variant === 'connection' ? 'making its client (session pinned)' : `over your client (session TimeZone ${USER_ZONE})`}`;
    (driver.server ? describeServer : describe)(`differential: drizzle-orm vs @pg-exact/drizzle over ${label} (TZ=${process.env.TZ ?? 'unset'})`, () => {
      let stacks: { vanilla: Stack; exact: Stack };
      const differences = new Map<string, Set<Difference>>();
      seen.set(label, differences);
      beforeAll(async () => {
        stacks = await driver.open(variant);
      });
      afterAll(async () => {
        await stacks?.vanilla.close();
        await stacks?.exact.close();
      });

      for (const step of corpus) {
        it(step.name, async () => {
          const vanilla = await step.run(stacks.vanilla.db, 'vanilla', driver.name);
          const exact = await step.run(stacks.exact.db, 'exact', driver.name);
          const findings = compare(vanilla.value, exact.value, vanilla.shape ?? 'strict');
          expect(failures(findings), 'differences the type map does not document').toBe('');
          const documented = new Set(findings.map((f) => f.difference!));
          if (step.writes) {
            for (const table of TABLES) {
              const stored = storedFindings(table, await stacks.vanilla.stored(table), await stacks.exact.stored(table));
              expect(failures(stored), `${table} as stored: differences the type map does not document`).toBe('');
              for (const f of stored) documented.add(f.difference!);
            }
          }
          if (documented.size > 0) differences.set(step.name, documented);
        });
      }
    });
  }
}

afterAll(() => {
  if (process.env.PG_EXACT_DIFFERENTIAL_REPORT !== '1') return;
  for (const failure of vanillaFailures) console.log(`vanilla fails: ${failure}`);
  for (const [driver, steps] of seen) {
    console.log(`\n${driver} (TZ=${process.env.TZ ?? 'unset'}, drizzle-orm ${v1 ? '1.0' : '0.45'}):`);
    for (const [step, found] of steps) console.log(`  ${step}: ${[...found].map((d) => `${d} (${DIFFERENCES[d]})`).join('; ')}`);
  }
});
