import { Decimal, PreciseDate } from '@pg-exact/core';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { jsonArrayFrom, jsonBuildObject, jsonObjectFrom } from 'kysely/helpers/postgres';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { ExactPostgresJsDialect } from '../src/postgres-js/index.js';
import { databaseUrl, forEachDialect, type DialectTarget } from './helpers.js';

const ddl = [
  `create table owner (id int8 generated always as identity primary key, name text not null)`,
  `create table item (id int8 primary key, owner_id int8 not null, price numeric(30, 2), small int4, ratio float8, at timestamptz, local timestamp, day date, tags int8[], meta jsonb, flag bool)`,
  `insert into owner (name) values ('a'), ('b')`,
  `insert into item values
     (9007199254740993, 1, 19.90, 7, 0.5, '2024-03-10 02:30:00.123456+00', '2024-03-10 02:30:00.000001', '2024-02-29', '{9223372036854775807,NULL}', '{"big": 12345678901234567890, "d": 0.10000000000000000000001}', true),
     (2, 1, 12345678901234567890.10, null, null, 'infinity', null, '4713-01-01 BC', '{}', null, false)`,
];

const query = (db: Kysely<any>) =>
  db
    .selectFrom('owner')
    .select((eb) => [
      'owner.name',
      jsonArrayFrom(
        eb
          .selectFrom('item')
          .select(['item.id', 'item.price', 'small', 'ratio', 'at', 'item.local as wall', 'day', 'tags', 'meta', 'flag'])
          .whereRef('item.owner_id', '=', 'owner.id')
          .orderBy('item.id', 'desc'),
      ).as('items'),
      jsonObjectFrom(eb.selectFrom('item').select(['item.id', sql<Decimal>`price * 2`.as('double')]).where('item.id', '=', 2n)).as('one'),
      jsonObjectFrom(eb.selectFrom('item').select('item.id').where('item.id', '=', 0n)).as('none'),
    ])
    .orderBy('owner.id');

function expectExact(rows: any[]): void {
  expect(rows).toHaveLength(2);
  const [a, b] = rows;
  expect(a.name).toBe('a');
  const [first, second] = a.items;
  expect(Object.keys(first)).toEqual(['id', 'price', 'small', 'ratio', 'at', 'wall', 'day', 'tags', 'meta', 'flag']);
  expect(first.id).toBe(9007199254740993n);
  expect(first.price).toBeInstanceOf(Decimal);
  expect(String(first.price)).toBe('19.90');
  expect(first.small).toBe(7);
  expect(first.ratio).toBe(0.5);
  expect(first.at).toBeInstanceOf(PreciseDate);
  expect(first.at.toISOString()).toBe('2024-03-10T02:30:00.123456Z');
  expect(first.wall.toISOString()).toBe('2024-03-10T02:30:00.000001Z');
  expect(first.day).toBe('2024-02-29');
  expect(first.tags).toEqual([9223372036854775807n, null]);
  expect(first.meta).toEqual({ big: 12345678901234567890n, d: new Decimal('0.10000000000000000000001') });
  expect(first.flag).toBe(true);
  expect(second.id).toBe(2n);
  expect(String(second.price)).toBe('12345678901234567890.10');
  expect(second.small).toBeNull();
  expect(second.at).toBe(PreciseDate.POSITIVE_INFINITY);
  expect(second.day).toBe('4713-01-01 BC');
  expect(second.tags).toEqual([]);
  expect(second.meta).toBeNull();
  expect(a.one).toEqual({ id: 2n, double: new Decimal('24691357802469135780.20') });
  expect(String(a.one.double)).toBe('24691357802469135780.20');
  expect(a.none).toBeNull();
  expect(b.items).toEqual([]);
}

forEachDialect((dialect) => {
  let target: DialectTarget;
  beforeAll(async () => {
    target = await dialect.open();
    for (const statement of ddl) await sql.raw(statement).execute(target.db);
  });
  afterAll(() => target?.close());

  it('jsonArrayFrom / jsonObjectFrom: nested columns read as they read at top level', async () => {
    expectExact(await query(target.db).execute());
  });

  it('helpers inside helpers, and inside jsonBuildObject', async () => {
    const rows: any[] = [];
    const nested = await target.db
      .selectFrom('owner')
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('item')
            .select((eb2) => ['item.id', jsonObjectFrom(eb2.selectFrom('owner as o').select(['o.id', 'o.name']).whereRef('o.id', '=', 'item.owner_id')).as('owner')])
            .whereRef('item.owner_id', '=', 'owner.id')
            .orderBy('item.id'),
        ).as('items'),
        jsonBuildObject({ at: sql<string>`'x'::text`, list: jsonArrayFrom(eb.selectFrom('item').select('item.id').orderBy('item.id').limit(1)) }).as('built'),
      ])
      .where('owner.id', '=', 1n)
      .execute();
    rows.push(...nested);
    expect(rows[0].items).toEqual([
      { id: 2n, owner: { id: 1n, name: 'a' } },
      { id: 9007199254740993n, owner: { id: 1n, name: 'a' } },
    ]);
    expect(rows[0].built).toEqual({ at: 'x', list: [{ id: 2n }] });
  });

  it('selectAll() inside a helper keeps Kysely’s SQL: lossless JSON (numbers by size)', async () => {
    const rows = await target.db
      .selectFrom('owner')
      .select((eb) => jsonArrayFrom(eb.selectFrom('item').selectAll().whereRef('item.owner_id', '=', 'owner.id').orderBy('item.id')).as('items'))
      .where('owner.id', '=', 1n)
      .execute();
    const items = rows[0]!.items as any[];
    expect(items[0].id).toBe(2); // small: a JSON number
    expect(items[1].id).toBe(9007199254740993n); // past 2^53: a bigint, never rounded
    expect(items[1].at).toBe('2024-03-10T02:30:00.123456+00:00'); // to_json's text, µs kept, UTC (pinned)
  });

  it('CamelCasePlugin: names rewritten in the SQL and in the nested rows', async () => {
    await sql`create table camel_item (item_id int8, unit_price numeric(6, 2))`.execute(target.db);
    await sql`insert into camel_item values (1, 1.50)`.execute(target.db);
    const camel = target.db.withPlugin(new CamelCasePlugin());
    const row = await camel
      .selectNoFrom((eb) => jsonArrayFrom(eb.selectFrom('camelItem').select(['itemId', 'unitPrice'])).as('itemList'))
      .executeTakeFirstOrThrow();
    expect(row.itemList).toEqual([{ itemId: 1n, unitPrice: new Decimal('1.50') }]);
    expect(String(row.itemList[0]!.unitPrice)).toBe('1.50');
  });
});

describeServer('JSON helpers over postgres.js and vanilla', () => {
  let exact: Kysely<any>;
  let vanilla: Kysely<any>;
  const schema = `pgx_kyjh_${Math.random().toString(16).slice(2, 10)}`;
  beforeAll(async () => {
    exact = new Kysely<any>({ dialect: new ExactPostgresJsDialect({ connectionString: databaseUrl, max: 2, connection: { search_path: schema } }) });
    vanilla = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` }) }) });
    await sql`create schema ${sql.id(schema)}`.execute(exact);
    for (const statement of ddl) await sql.raw(statement).execute(exact);
  });
  afterAll(async () => {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(exact);
    await exact?.destroy();
    await vanilla?.destroy();
  });

  it('postgres.js: the same typed values, streamed too', async () => {
    expectExact(await query(exact).execute());
    const streamed: any[] = [];
    for await (const row of query(exact).stream(1)) streamed.push(row);
    expectExact(streamed);
  });

  it('what vanilla Kysely reads from the same query (the losses pg-exact does not have)', async () => {
    const [a] = (await query(vanilla).execute()) as any[];
    const first = a.items[0];
    expect(first.id).toBe(Number(9007199254740993n)); // rounded to a float
    expect(first.price).toBe(19.9); // scale lost
    expect(first.at).toBe('2024-03-10T02:30:00.123456+00:00'); // a string, not a Date
    expect(first.tags).toEqual([Number(9223372036854775807n), null]); // rounded
    expect(first.meta.big).toBe(Number(12345678901234567890n)); // rounded
    expect(a.items[1].price).toBe(Number('12345678901234567890.10')); // digits lost
    expect(a.one.double).toBe(Number('24691357802469135780.20'));
  });
});
