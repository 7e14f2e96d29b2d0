// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// What @pg-exact/drizzle relies on in drizzle-orm beyond its documented API, pinned so that a
// release changing it fails here, by name, before it fails as a wrong value somewhere else.
import * as drizzleOrm from 'drizzle-orm';
import * as nodePostgres from 'drizzle-orm/node-postgres';
import { integer, numeric as drizzleNumeric, PgTimestampString, pgTable, timestamp as drizzleTimestamp } from 'drizzle-orm/pg-core';
import * as pglite from 'drizzle-orm/pglite';
import * as postgresJs from 'drizzle-orm/postgres-js';
import { describe, expect, it } from 'vitest';
import { drizzle } from '../src/node-postgres/index.js';
import { bigint, date, doublePrecision, json, jsonb, numeric, real, timestamp, timestamptz } from '../src/pg-core/index.js';
import { drizzleV1 } from './helpers.js';

const exact = pgTable('pin_t', {
  id: integer().primaryKey(),
  i8: bigint(),
  num: numeric(),
  tz: timestamptz(),
  ts: timestamp(),
  d: date(),
  jb: jsonb(),
  js: json(),
  f8: doublePrecision(),
  f4: real(),
  nums: numeric().array(),
});
const own = pgTable('pin_own', { id: integer().primaryKey(), at: drizzleTimestamp({ withTimezone: true }), num: drizzleNumeric() });

type Internal = { codec?: unknown; mapFromDriverValue: unknown; mapToDriverValue: unknown };
const internal = (column: unknown) => column as Internal;

describe('the column mappers', () => {
  it('the exact columns carry their mappers as own properties (1.0 declares them as fields that shadow prototype methods)', () => {
    for (const [key, column] of Object.entries(exact)) {
      // 0.45 builds `.array()` as its own PgArray over the exact column (whose mappers it calls).
      if (key === 'id' || (key === 'nums' && !drizzleV1) || typeof column !== 'object') continue;
      expect(Object.hasOwn(column, 'mapFromDriverValue'), key).toBe(true);
      expect(Object.hasOwn(column, 'mapToDriverValue'), key).toBe(true);
    }
    // Why: on 1.0 drizzle's Column sets both as instance fields.
    expect(Object.hasOwn(own.at, 'mapFromDriverValue')).toBe(drizzleV1);
  });

  it('1.0 keys casts and normalizers by the column `codec`; the exact columns carry pg-exact names (0.45: no codecs)', () => {
    expect(internal(own.at).codec).toBe(drizzleV1 ? 'timestamptz' : undefined);
    expect(internal(own.num).codec).toBe(drizzleV1 ? 'numeric' : undefined);
    expect(
      Object.fromEntries(['i8', 'num', 'tz', 'ts', 'd', 'jb', 'js', 'f8', 'f4', 'nums'].map((key) => [key, internal(exact[key as keyof typeof exact]).codec])),
    ).toEqual({
      i8: 'pg-exact:int8',
      num: 'pg-exact:numeric',
      tz: 'pg-exact:timestamptz',
      ts: 'pg-exact:timestamp',
      d: 'pg-exact:date',
      jb: 'pg-exact:jsonb',
      js: 'pg-exact:json',
      f8: 'pg-exact:float8',
      f4: 'pg-exact:float4',
      nums: drizzleV1 ? 'pg-exact:numeric' : undefined,
    });
  });
});

describe('the drivers’ codecs (drizzle-orm 1.0)', () => {
  it('each driver module exports its codecs, with the entries the pg-exact drizzle() adapts', () => {
    const exported = {
      nodePgCodecs: (nodePostgres as Record<string, unknown>).nodePgCodecs,
      postgresJsCodecs: (postgresJs as Record<string, unknown>).postgresJsCodecs,
      pgliteCodecs: (pglite as Record<string, unknown>).pgliteCodecs,
    };
    for (const [name, codecs] of Object.entries(exported)) {
      if (!drizzleV1) {
        expect(codecs, name).toBeUndefined();
        continue;
      }
      const table = codecs as Record<string, Record<string, unknown> | undefined>;
      for (const type of ['bigint', 'bigint:string', 'numeric', 'timestamptz', 'timestamp', 'timestamptz:string', 'timestamp:string', 'date']) {
        expect(typeof table[type], `${name}.${type}`).toBe('object');
      }
      // The normalizer that would turn a PreciseDate into a Date: the reason drizzle's types get adapted codecs.
      expect(typeof table.timestamptz!.normalize, name).toBe('function');
    }
  });

  it('relational queries select the exact columns as text in their JSON, drizzle-orm’s own by its codecs', () => {
    if (!drizzleV1) {
      expect('defineRelations' in drizzleOrm).toBe(false);
      return;
    }
    const defineRelations = (drizzleOrm as unknown as { defineRelations: (tables: object, define: (r: Record<string, any>) => object) => object }).defineRelations;
    const relations = defineRelations({ exact, own }, (r) => ({ own: { exact: r.one.exact({ from: r.own.id, to: r.exact.id }) } }));
    const db = drizzle.mock({ relations } as never) as unknown as {
      query: Record<string, { findMany(config: unknown): { toSQL(): { sql: string } } }>;
    };
    const { sql } = db.query.own!.findMany({ with: { exact: true } }).toSQL();
    for (const column of ['i8', 'num', 'tz', 'ts', 'd', 'f8', 'f4']) expect(sql, column).toContain(`"${column}"::text`);
    expect(sql).toContain(`"nums"::text[]`);
    expect(sql).not.toContain(`"jb"::text`);
  });
});

describe('drizzle-orm 0.45: where string-mode timestamps are decoded (src/column-decoders-045.ts)', () => {
  const stringy = pgTable('pin_s', { id: integer().primaryKey(), at: drizzleTimestamp({ withTimezone: true, mode: 'string' }) });
  const relationsV1 = (drizzleOrm as { relations?: typeof import('drizzle-orm').relations }).relations;

  type Session = { prepareQuery: (...args: unknown[]) => unknown };
  type Dialect = { buildRelationalQueryWithoutPK: (...args: unknown[]) => { selection: { field?: unknown; isJson?: boolean; selection?: unknown[] }[] } };
  type Spied = { session: Session; dialect: Dialect; query: Record<string, { findMany(config: unknown): { prepare(): unknown } }> };

  it('selects hand session.prepareQuery their fields ({ path, field: the column }) as its second argument', () => {
    if (drizzleV1) return;
    const db = nodePostgres.drizzle.mock() as unknown as Spied & { select(): { from(t: unknown): { prepare(name: string): unknown } } };
    const calls: unknown[][] = [];
    const original = db.session.prepareQuery;
    db.session.prepareQuery = (...args) => (calls.push(args), original.apply(db.session, args));
    db.select().from(stringy).prepare('pin');
    const fields = calls[0]![1] as { path: string[]; field: unknown }[];
    expect(fields.map((f) => [f.path, f.field])).toEqual([
      [['id'], stringy.id],
      [['at'], stringy.at],
    ]);
  });

  it('relational queries decode by the selection buildRelationalQueryWithoutPK returns, nested for `with`', () => {
    if (drizzleV1) return;
    const schema = { stringy, stringyRelations: relationsV1!(stringy, ({ one }) => ({ self: one(stringy, { fields: [stringy.id], references: [stringy.id] }) })) };
    const db = nodePostgres.drizzle.mock({ schema }) as unknown as Spied;
    const built: ReturnType<Dialect['buildRelationalQueryWithoutPK']>[] = [];
    const original = db.dialect.buildRelationalQueryWithoutPK;
    db.dialect.buildRelationalQueryWithoutPK = (...args) => {
      const result = original.apply(db.dialect, args);
      built.push(result);
      return result;
    };
    db.query.stringy!.findMany({ with: { self: true } }).prepare();
    // The columns there are drizzle's aliases of the table's (Proxies of the same class).
    const isAt = (item: { field?: unknown }) => drizzleOrm.is(item.field, PgTimestampString) && (item.field as { name: string }).name === 'at';
    const root = built.at(-1)!.selection;
    expect(root.some(isAt)).toBe(true);
    const nested = root.find((item) => item.isJson)!;
    expect((nested.selection as { field?: unknown }[]).some(isAt)).toBe(true);
  });

  it('the pg-exact drizzle() adapts the database, each transaction and savepoint (0.45), and nothing on 1.0', async () => {
    type Tx = Spied & { transaction(cb: (tx: Tx) => Promise<unknown>): Promise<unknown> };
    const db = pglite.drizzle() as unknown as Tx;
    const { drizzle: exactPGlite } = await import('../src/pglite/index.js');
    const exactDb = exactPGlite() as unknown as typeof db & { $client: { close(): Promise<void> } };
    try {
      expect(Object.hasOwn(exactDb.session, 'prepareQuery'), 'db.session').toBe(!drizzleV1);
      expect(Object.hasOwn(exactDb.dialect, 'buildRelationalQueryWithoutPK'), 'db.dialect').toBe(!drizzleV1);
      expect(Object.hasOwn(db.session, 'prepareQuery'), "drizzle-orm's own drizzle() untouched").toBe(false);
      await exactDb.transaction(async (tx) => {
        expect(Object.hasOwn(tx.session, 'prepareQuery'), 'tx.session').toBe(!drizzleV1);
        await tx.transaction(async (savepoint) => {
          expect(Object.hasOwn(savepoint.session, 'prepareQuery'), 'savepoint session').toBe(!drizzleV1);
        });
      });
    } finally {
      await exactDb.$client.close();
      await (db as unknown as { $client: { close(): Promise<void> } }).$client.close();
    }
  });
});

describe('drizzle-orm 0.45: how prepared selects map their rows (src/flat-rows-045.ts)', () => {
  const t = pgTable('pin_rows', { id: integer().primaryKey(), at: drizzleTimestamp({ withTimezone: true }) });

  it('mapResultRow is exported by the JavaScript (not by the types)', () => {
    if (drizzleV1) return;
    expect(typeof (drizzleOrm as unknown as { mapResultRow?: unknown }).mapResultRow).toBe('function');
  });

  it.each([
    ['node-postgres', () => nodePostgres.drizzle.mock()],
    ['postgres-js', () => postgresJs.drizzle.mock()],
    ['pglite', () => pglite.drizzle.mock()],
  ])('%s: a prepared select keeps its fields, joinsNotNullableMap and customResultMapper (undefined) as properties', (_name, open) => {
    if (drizzleV1) return;
    const db = open() as unknown as { select(): { from(t: unknown): { prepare(name: string): Record<string, unknown> } } };
    const prepared = db.select().from(t).prepare('pin');
    expect((prepared.fields as { path: string[] }[]).map((f) => f.path)).toEqual([['id'], ['at']]);
    expect(prepared.joinsNotNullableMap).toEqual({ pin_rows: true });
    expect(Object.hasOwn(prepared, 'customResultMapper')).toBe(true);
    expect(prepared.customResultMapper).toBeUndefined();
  });

  it('execute() hands a customResultMapper the driver rows (arrays) and returns what it returns', async () => {
    if (drizzleV1) return;
    const db = pglite.drizzle() as unknown as {
      select(): { from(t: unknown): { prepare(name: string): { customResultMapper?: unknown; execute(): Promise<unknown> } } };
      $client: { exec(sql: string): Promise<unknown>; close(): Promise<void> };
    };
    try {
      // A vanilla PGlite's session follows the process time zone (the matrix runs this under New York).
      await db.$client.exec(`SET TIME ZONE 'UTC'; CREATE TABLE pin_rows (id int4, at timestamptz); INSERT INTO pin_rows VALUES (1, '2024-01-01 00:00:00+00')`);
      const prepared = db.select().from(t).prepare('');
      let seen: unknown;
      prepared.customResultMapper = (rows: unknown) => ((seen = rows), 'mapped');
      expect(await prepared.execute()).toBe('mapped');
      expect(seen).toEqual([[1, '2024-01-01 00:00:00+00']]);
    } finally {
      await db.$client.close();
    }
  });
});
