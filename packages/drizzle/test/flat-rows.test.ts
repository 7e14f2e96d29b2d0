// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// drizzle-orm 0.45: rows of flat selects are mapped by a plain loop (src/flat-rows-045.ts). The rows
// must be the ones drizzle's mapResultRow builds, for every kind of selected field, and selects with
// joins (nested objects, nulled-out tables) must keep drizzle's own mapping.
import * as drizzleOrm from 'drizzle-orm';
import { eq, sql } from 'drizzle-orm';
import { drizzle as vanillaPGlite } from 'drizzle-orm/pglite';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapFlatRows } from '../src/flat-rows-045.js';
import { bigint, jsonb, numeric, timestamptz } from '../src/pg-core/index.js';
import { drizzle as exactPGlite } from '../src/pglite/index.js';
import { drizzleV1 } from './helpers.js';

type Field = { path: string[]; field: unknown };
type MapResultRow = (fields: Field[], row: unknown[], joins?: Record<string, boolean>) => unknown;
const mapResultRow = (drizzleOrm as unknown as { mapResultRow: MapResultRow }).mapResultRow;

const items = pgTable('flat_items', {
  id: integer().primaryKey(),
  big: bigint(),
  amount: numeric({ precision: 20, scale: 6 }),
  doc: jsonb(),
  at: timestamptz(),
  label: text(),
});
const tags = pgTable('flat_tags', { id: integer().primaryKey(), itemId: integer('item_id'), name: text() });

describe.skipIf(drizzleV1)('flat selects (drizzle-orm 0.45)', () => {
  type Db = ReturnType<typeof exactPGlite> & { $client: { exec(sql: string): Promise<unknown>; close(): Promise<void> } };
  let db: Db;
  beforeAll(async () => {
    db = exactPGlite() as Db;
    await db.$client.exec(`
      CREATE TABLE flat_items (id int4 PRIMARY KEY, big int8, amount numeric(20,6), doc jsonb, at timestamptz, label text);
      CREATE TABLE flat_tags (id int4 PRIMARY KEY, item_id int4, name text);
      INSERT INTO flat_items VALUES
        (1, 9007199254740993, 19.900000, '{"n": 12345678901234567890, "p": 0.10000000000000000000001}', '2024-03-10 01:59:59.123456+00', 'one'),
        (2, NULL, NULL, NULL, NULL, NULL),
        (3, -1, 0.000001, '"text"', 'infinity', '__proto__');
      INSERT INTO flat_tags VALUES (1, 1, 'a'), (2, 1, 'b');`);
  });
  afterAll(() => db.$client.close());

  /** The prepared query's rows, and what drizzle's mapResultRow makes of the same driver rows. */
  async function both(query: { prepare(name: string): unknown }) {
    const prepared = query.prepare('') as {
      fields: Field[];
      joinsNotNullableMap?: Record<string, boolean>;
      customResultMapper?: unknown;
      execute(): Promise<unknown[]>;
    };
    let driverRows: unknown[][] = [];
    const mapper = prepared.customResultMapper as (rows: unknown[][]) => unknown;
    prepared.customResultMapper = (rows: unknown[][]) => ((driverRows = rows), mapper(rows));
    const mapped = await prepared.execute();
    return { mapped, drizzle: driverRows.map((row) => mapResultRow(prepared.fields, row, prepared.joinsNotNullableMap)), prepared };
  }

  it('select(): the row objects drizzle builds, key order and NULLs included', async () => {
    const { mapped, drizzle } = await both(db.select().from(items).orderBy(items.id));
    expect(mapped).toEqual(drizzle);
    expect(mapped.map((row) => Object.keys(row as object))).toEqual(drizzle.map((row) => Object.keys(row as object)));
    expect((mapped[0] as { big: unknown }).big).toBe(9007199254740993n);
    expect(String((mapped[0] as { amount: unknown }).amount)).toBe('19.900000');
  });

  it('partial selects: columns under other keys, sql with mapWith, aliased sql, a scalar subquery, a repeated key', async () => {
    const { mapped, drizzle } = await both(
      db
        .select({
          key: items.id,
          double: sql`${items.big} * 2`.mapWith(items.big),
          text: sql<string>`${items.label} || '!'`,
          alias: sql<string>`upper(${items.label})`.as('alias'),
          count: sql<number>`(select count(*) from flat_tags t where t.item_id = flat_items.id)`.mapWith(Number),
          again: items.label,
        })
        .from(items)
        .orderBy(items.id),
    );
    expect(mapped).toEqual(drizzle);
    expect(mapped[0]).toMatchObject({ key: 1, double: 18014398509481986n, text: 'one!', alias: 'ONE', count: 2, again: 'one' });
  });

  it('a `__proto__` key is assigned as drizzle assigns it', async () => {
    const { mapped, drizzle } = await both(db.select({ ['__proto__']: items.label, id: items.id }).from(items).orderBy(items.id));
    expect(mapped.map((row) => [Object.getPrototypeOf(row), { ...(row as object) }])).toEqual(
      drizzle.map((row) => [Object.getPrototypeOf(row), { ...(row as object) }]),
    );
  });

  it('joins keep drizzle\'s mapping: nested objects, a table with no match nulled out', async () => {
    const { mapped, drizzle, prepared } = await both(db.select().from(items).leftJoin(tags, eq(tags.itemId, items.id)).orderBy(items.id, tags.id));
    expect(prepared.fields.some((field) => field.path.length > 1)).toBe(true);
    expect(mapped).toEqual(drizzle);
    expect(mapped.at(-1)).toMatchObject({ flat_tags: null });
  });

  it('an empty result, and no mapper where drizzle has none (db.execute) or its own (relational queries)', async () => {
    const { mapped } = await both(db.select().from(items).where(eq(items.id, 0)));
    expect(mapped).toEqual([]);
    const raw = (db as unknown as { session: { prepareQuery(...args: unknown[]): { customResultMapper?: unknown } } }).session.prepareQuery(
      { sql: 'select 1', params: [] },
      undefined,
      undefined,
      false,
    );
    expect(raw.customResultMapper).toBeUndefined();
    const own = () => [];
    const relational = (db as unknown as { session: { prepareQuery(...args: unknown[]): { customResultMapper?: unknown } } }).session.prepareQuery(
      { sql: 'select 1', params: [] },
      [{ path: ['a'], field: items.id }],
      undefined,
      true,
      own,
    );
    expect(relational.customResultMapper).toBe(own);
  });

  it('drizzle-orm\'s own drizzle() is untouched', async () => {
    const vanilla = vanillaPGlite() as unknown as {
      select(): { from(t: unknown): { prepare(name: string): { customResultMapper?: unknown } } };
      $client: { close(): Promise<void> };
    };
    expect(vanilla.select().from(items).prepare('').customResultMapper).toBeUndefined();
    await vanilla.$client.close();
  });

  it('mapFlatRows declines nested paths', () => {
    expect(mapFlatRows([{ path: ['a', 'b'], field: items.id }], [[1]])).toBeUndefined();
    expect(mapFlatRows([{ path: ['a'], field: items.id }], [[1], [null]])).toEqual([{ a: 1 }, { a: null }]);
  });
});
