// The Kysely differential suite: one corpus of Kysely features run through vanilla Kysely
// (PostgresDialect over a plain pg.Pool, pg-cursor for streams, session TimeZone Asia/Kolkata) and
// through pg-exact (ExactPostgresDialect over node-postgres, ExactPostgresJsDialect over
// postgres.js), each in a schema of its own seeded with the same rows. Every value is compared
// through the documented type map (type-map.ts): any difference it does not document fails, the
// losses of vanilla it documents must be exactly the ones listed per case, and after each case the
// tables it wrote hold the same text (`row::text`) in every schema. Runs under each process TZ.
// PG_EXACT_DIFF_DEBUG=1 prints every finding that is not identical.
import { randomBytes } from 'node:crypto';
import { Decimal, PreciseDate } from '@pg-exact/core';
import { ExactPostgresDialect } from '@pg-exact/kysely';
import { ExactPostgresJsDialect } from '@pg-exact/kysely/postgres-js';
import { Kysely, PostgresDialect, sql, type ExpressionBuilder, type Migration } from 'kysely';
import { jsonArrayFrom, jsonBuildObject, jsonObjectFrom } from 'kysely/helpers/postgres';
import pg from 'pg';
import postgres from 'postgres';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from '../support/kysely-migration.js';
import { connectRaw, ensureDatabase } from '../support/server.js';
import { describeServer } from '../support/vitest-server.js';
import { compareRowsThroughTypeMap, type PgType, type TypeMapFinding } from './type-map.js';

const id = randomBytes(4).toString('hex');
// The vanilla session runs in a zone of its own: vanilla reads instants right whatever the session zone.
const vanillaSessionZone = 'Asia/Kolkata';

type Side = 'vanilla' | 'exact';
interface Stack {
  readonly name: string;
  readonly side: Side;
  readonly schema: string;
  readonly db: Kysely<any>;
}

const stacks: Stack[] = [];
let raw: pg.Client;

const ddl = (schema: string) => [
  `create schema ${schema}`,
  `create table ${schema}.product (
     id int8 generated always as identity primary key, sku text unique not null, price numeric(12, 2) not null,
     weight float8, ratio float4, stock int4 not null default 0, big int8, small int2, active bool not null default true,
     tags text[], ids int8[], prices numeric[], attrs jsonb, raw json, created timestamptz not null, local_at timestamp,
     launch date, slot time, slot_tz timetz, lead interval, uid uuid, blob bytea, stamps timestamptz[], days date[])`,
  `create table ${schema}.category (id int8 generated always as identity primary key, parent_id int8 references ${schema}.category, name text not null)`,
  `create table ${schema}.product_category (product_id int8 references ${schema}.product, category_id int8 references ${schema}.category, primary key (product_id, category_id))`,
  `create table ${schema}.ledger (id bigserial primary key, product_id int8, amount numeric, at timestamptz)`,
  `create table ${schema}.inventory (sku text primary key, qty int4 not null, price numeric(12, 2))`,
  `insert into ${schema}.product (sku, price, weight, ratio, stock, big, small, active, tags, ids, prices, attrs, raw, created, local_at, launch, slot, slot_tz, lead, uid, blob, stamps, days) values
     ('A-1', 19.90, 1.5, 1.1, 3, 9007199254740993, 7, true, '{red,"a b"}', '{9223372036854775807,NULL,1}', '{1.10,NULL,12345678901234567890.123}',
      '{"big": 12345678901234567890, "d": 0.10000000000000000000001, "n": 1.5, "s": "x", "l": [1, null, true]}', '{"z": 1, "a": 2}',
      '2024-03-10 07:30:00.123456+00', '2024-06-01 12:00:00.000001', '2024-02-29', '12:34:56.789', '12:34:56+05:30', '1 day 02:03:04.5',
      '6ecd8c99-4036-403d-bf84-cf8400f67836', '\\x00ff10', '{"2024-01-01 00:00:00+00","1999-12-31 23:59:59.999999+00"}', '{2024-01-01,NULL}'),
     ('B-2', 0.10, null, null, 0, -9223372036854775808, null, false, '{}', '{}', '{}', '[]', 'null',
      '1970-01-01 00:00:00+00', '2000-01-01 00:00:00', '0044-03-15 BC', '00:00', '00:00:00+00', '-3 mons', null, '\\x', '{}', '{}'),
     ('C-3', 12345678.99, 0.1, 3.5, 10, 42, -1, true, null, null, null, '{"a": {"b": [0.1, 9007199254740993]}}', '{"dup": 1, "dup": 2}',
      'infinity', '-infinity', 'infinity', '24:00:00', '23:59:59.999999-12', '1 year 2 mons 3 days', null, null, null, null)`,
  `insert into ${schema}.category (parent_id, name) values (null, 'root'), (1, 'kitchen'), (2, 'knives'), (1, 'garden'), (3, 'japanese')`,
  `insert into ${schema}.product_category values (1, 3), (1, 5), (2, 4), (3, 2)`,
  `insert into ${schema}.ledger (product_id, amount, at) values
     (1, 12345678901234567890.123456789, '2024-01-01 00:00:00.000001+00'), (1, -0.000000000000000000001, '2024-01-02 00:00:00+00'),
     (2, 1e20, '2024-01-03 12:00:00+00'), (3, 'NaN', null), (null, 5, '2024-01-04 00:00:00.5+00')`,
  `insert into ${schema}.inventory values ('A-1', 1, 19.90), ('Z-9', 5, 1.00)`,
];

/** One stack's rows of `table`, as the server prints them (row::text), in a stable order. */
async function storedText(schema: string, table: string): Promise<string[]> {
  const { rows } = await raw.query<{ t: string }>(`select t::text as t from ${schema}.${table} t order by 1`);
  return rows.map((r) => r.t);
}

interface Case {
  readonly name: string;
  /** PostgreSQL types of the columns the case reads (a column not named must read identically). */
  readonly types: Readonly<Record<string, PgType>>;
  /** The rows (or result objects) the case reads; `side` only for the documented setup differences. */
  run(db: Kysely<any>, stack: Stack): Promise<readonly unknown[]>;
  /** The paths of the values vanilla loses (type-map `vanilla-lossy`), exactly. */
  readonly lost?: readonly string[];
  /** Tables the case writes: their stored text must be the same in every schema afterwards. */
  readonly writes?: readonly string[];
}

const productTypes: Record<string, PgType> = {
  id: 'int8', price: 'numeric', big: 'int8', ids: 'int8[]', prices: 'numeric[]', attrs: 'jsonb', raw: 'json', created: 'timestamptz',
  local_at: 'timestamp', launch: 'date', lead: 'interval', stamps: 'timestamptz[]', days: 'date[]',
};

const corpus: Case[] = [
  {
    name: 'selectAll: every column type',
    types: productTypes,
    run: (db) => db.selectFrom('product').selectAll().orderBy('id').execute(),
    // Vanilla's Dates drop µs; its JSON.parse and numeric[] floats round; its numeric[] loses the scale.
    lost: [
      '[0].prices[0]', '[0].prices[2]', '[0].attrs.big', '[0].attrs.d', '[0].created', '[0].local_at', '[0].stamps[1]',
      '[2].attrs.a.b[1]',
    ],
  },
  {
    name: 'where, orderBy, limit/offset, distinct, in, between, like, is null, or',
    types: { id: 'int8', price: 'numeric', big: 'int8' },
    run: async (db) => [
      ...(await db.selectFrom('product').select(['id', 'sku', 'price']).where('price', '>', '0.10').orderBy('price', 'desc').limit(2).offset(0).execute()),
      ...(await db.selectFrom('product').distinct().select('active').orderBy('active').execute()),
      ...(await db
        .selectFrom('product')
        .select(['sku', 'big'])
        .where((eb) => eb.or([eb('sku', 'in', ['A-1', 'C-3']), eb('big', 'is', null), eb('sku', 'like', 'B%')]))
        .where((eb) => eb.between('stock', 0, 10))
        .orderBy('sku')
        .execute()),
    ],
  },
  {
    name: 'joins: inner, left, full, cross, lateral',
    types: { id: 'int8', category_id: 'int8', parent_id: 'int8', n: 'int8' },
    run: async (db) => [
      ...(await db
        .selectFrom('product as p')
        .innerJoin('product_category as pc', 'pc.product_id', 'p.id')
        .leftJoin('category as c', 'c.id', 'pc.category_id')
        .select(['p.sku', 'pc.category_id', 'c.name', 'c.parent_id'])
        .orderBy(['p.sku', 'pc.category_id'])
        .execute()),
      ...(await db.selectFrom('category as c').fullJoin('product_category as pc', 'pc.category_id', 'c.id').select(['c.name', 'pc.product_id as id']).orderBy(['c.name', 'pc.product_id']).execute()),
      ...(await db.selectFrom('product as p').crossJoin('inventory as i').select(['p.sku', 'i.sku as isku']).orderBy(['p.sku', 'i.sku']).execute()),
      ...(await db
        .selectFrom('product as p')
        .innerJoinLateral(
          (eb) => eb.selectFrom('ledger as l').select((eb2) => eb2.fn.countAll().as('n')).whereRef('l.product_id', '=', 'p.id').as('l'),
          (join) => join.onTrue(),
        )
        .select(['p.sku', 'l.n'])
        .orderBy('p.sku')
        .execute()),
    ],
  },
  {
    name: 'CTEs and a recursive CTE',
    types: { id: 'int8', depth: 'int4', path: 'int8[]', total: 'numeric', price: 'numeric' },
    run: async (db) => [
      ...(await db
        .with('cheap', (qb) => qb.selectFrom('product').select(['sku', 'price']).where('price', '<', '100'))
        .selectFrom('cheap')
        .selectAll()
        .orderBy('sku')
        .execute()),
      ...(await db
        .withRecursive('tree(id, name, depth, path)', (qb) =>
          qb
            .selectFrom('category')
            .select(['id', 'name', sql<number>`0`.as('depth'), sql<bigint[]>`array[id]`.as('path')])
            .where('parent_id', 'is', null)
            .unionAll((qb2) =>
              qb2
                .selectFrom('category as c')
                .innerJoin('tree as t', 't.id', 'c.parent_id')
                .select(['c.id', 'c.name', sql<number>`t.depth + 1`.as('depth'), sql<bigint[]>`t.path || c.id`.as('path')]),
            ),
        )
        .selectFrom('tree')
        .selectAll()
        .orderBy('id')
        .execute()),
      ...(await db
        .with(
          (cte) => cte('totals').materialized(),
          (qb) => qb.selectFrom('ledger').select((eb) => ['product_id', eb.fn.sum('amount').as('total')]).groupBy('product_id'),
        )
        .selectFrom('totals')
        .select(['product_id as id', 'total'])
        .orderBy('product_id')
        .execute()),
    ],
    // 'NaN' + a sum of 1e20 and a number with 27 digits: vanilla's strings keep them; nothing lost.
  },
  {
    name: 'aggregates: count, sum, avg, min/max, array_agg, string_agg, bool_and, group by, having',
    types: {
      n: 'int8', n_big: 'int8', sum_big: 'numeric', sum_stock: 'int8', avg_price: 'numeric', min_created: 'timestamptz', max_local: 'timestamp',
      skus: 'text[]', prices: 'numeric[]', total: 'numeric', first_at: 'timestamptz', launches: 'date[]', product_id: 'int8',
    },
    run: async (db) => [
      ...(await db
        .selectFrom('product')
        .select((eb) => [
          eb.fn.countAll().as('n'),
          eb.fn.count('big').as('n_big'),
          eb.fn.sum('big').as('sum_big'),
          eb.fn.sum('stock').as('sum_stock'),
          eb.fn.avg('price').as('avg_price'),
          eb.fn.min('created').as('min_created'),
          eb.fn.max('local_at').as('max_local'),
          sql<string[]>`array_agg(sku order by sku)`.as('skus'),
          sql<Decimal[]>`array_agg(price order by sku)`.as('prices'),
          sql<string>`string_agg(sku, ',' order by sku)`.as('joined'),
          sql<boolean>`bool_and(active)`.as('all_active'),
          sql<string[]>`array_agg(launch order by sku)`.as('launches'),
        ])
        .execute()),
      ...(await db
        .selectFrom('ledger')
        .select((eb) => ['product_id', eb.fn.sum('amount').as('total'), eb.fn.min('at').as('first_at'), eb.fn.countAll().as('n')])
        .groupBy('product_id')
        .having((eb) => eb.fn.countAll(), '>=', 1)
        .orderBy('product_id')
        .execute()),
    ],
    lost: ['[0].max_local', '[0].prices[0]', '[0].prices[1]', '[1].first_at'],
  },
  {
    name: 'window functions',
    types: { rn: 'int8', rnk: 'int8', running: 'numeric', price: 'numeric' },
    run: (db) =>
      db
        .selectFrom('product')
        .select((eb) => [
          'sku',
          'price',
          eb.fn.agg<bigint>('row_number').over((ob) => ob.partitionBy('active').orderBy('price')).as('rn'),
          eb.fn.agg<bigint>('rank').over((ob) => ob.orderBy('active')).as('rnk'),
          eb.fn.sum('price').over((ob) => ob.orderBy('sku')).as('running'),
        ])
        .orderBy('sku')
        .execute(),
  },
  {
    name: 'JSON helpers: jsonArrayFrom, jsonObjectFrom, jsonBuildObject (selected columns; selectAll)',
    types: { id: 'int8', items: 'json', first: 'json', built: 'json', all: 'json' },
    run: (db) =>
      db
        .selectFrom('product as p')
        .select((eb) => [
          'p.id',
          jsonArrayFrom(
            eb.selectFrom('ledger as l').select(['l.id', 'l.amount', 'l.at']).whereRef('l.product_id', '=', 'p.id').orderBy('l.id'),
          ).as('items'),
          jsonObjectFrom(eb.selectFrom('product as q').select(['q.big', 'q.price', 'q.local_at', 'q.launch', 'q.ids']).whereRef('q.id', '=', 'p.id')).as('first'),
          jsonBuildObject({ sku: eb.ref('p.sku'), price: eb.ref('p.price') }).as('built'),
          jsonArrayFrom(eb.selectFrom('category as c').selectAll().where('c.id', '<=', 2n).orderBy('c.id')).as('all'),
        ])
        .orderBy('p.id')
        .execute(),
    // Vanilla's JSON.parse rounds the big int8 and numerics to floats, and to_json's numbers drop the
    // numeric scale (19.90 → 19.9); jsonBuildObject and selectAll() are Kysely's SQL under pg-exact too.
    lost: ['[0].items[0].amount', '[0].items[1].amount', '[0].first.big', '[0].first.price', '[0].first.ids[0]', '[1].first.price'],
  },
  {
    name: 'insert … returning, multi-row, default values',
    types: { id: 'int8', price: 'numeric', big: 'int8', created: 'timestamptz', local_at: 'timestamp', launch: 'date', attrs: 'jsonb' },
    writes: ['product'],
    run: async (db) => [
      ...(await db
        .insertInto('product')
        .values([
          { sku: 'D-4', price: '5.50', big: '123', created: '2024-05-05 05:05:05.5+02', local_at: '2024-05-05 05:05:05', launch: '2024-05-05', attrs: { k: [1, 2] } },
          { sku: 'E-5', price: '0', created: '2024-05-06 00:00:00+00' },
        ])
        .returning(['id', 'sku', 'price', 'big', 'created', 'local_at', 'launch', 'attrs'])
        .execute()),
      await db.insertInto('inventory').values({ sku: 'Q-1', qty: 0 }).executeTakeFirstOrThrow(),
    ],
  },
  {
    name: 'insert … select, on conflict do update / do nothing … returning',
    types: { id: 'int8', price: 'numeric', qty: 'int4' },
    writes: ['inventory', 'product'],
    run: async (db) => [
      ...(await db
        .insertInto('inventory')
        .columns(['sku', 'qty', 'price'])
        .expression((eb) => eb.selectFrom('product').select(['sku', 'stock', 'price']).where('sku', 'in', ['B-2', 'C-3']))
        .returning(['sku', 'qty', 'price'])
        .execute()),
      ...(await db
        .insertInto('inventory')
        .values({ sku: 'A-1', qty: 2, price: '20.10' })
        .onConflict((oc) => oc.column('sku').doUpdateSet((eb) => ({ qty: eb('inventory.qty', '+', eb.ref('excluded.qty')), price: eb.ref('excluded.price') })))
        .returning(['sku', 'qty', 'price'])
        .execute()),
      ...(await db.insertInto('product').values({ sku: 'A-1', price: '1', created: '2024-01-01 00:00:00+00' }).onConflict((oc) => oc.column('sku').doNothing()).returning('id').execute()),
    ],
  },
  {
    name: 'update … returning, update … from',
    types: { id: 'int8', price: 'numeric', big: 'int8', created: 'timestamptz', numUpdatedRows: 'int8' },
    writes: ['product', 'inventory'],
    run: async (db) => [
      ...(await db
        .updateTable('product')
        .set((eb) => ({ price: eb('price', '*', sql<Decimal>`1.10`), big: eb('big', '+', sql<bigint>`1`), created: sql`created + interval '1 microsecond'` }))
        .where('sku', 'in', ['A-1', 'D-4'])
        .returning(['id', 'price', 'big', 'created'])
        .execute()),
      await db
        .updateTable('inventory as i')
        .from('product as p')
        .set((eb) => ({ price: eb.ref('p.price') }))
        .whereRef('p.sku', '=', 'i.sku')
        .executeTakeFirstOrThrow(),
    ],
    lost: ['[0].created', '[1].created'],
  },
  {
    name: 'delete … returning, delete … using',
    types: { id: 'int8', amount: 'numeric', at: 'timestamptz', product_id: 'int8', numDeletedRows: 'int8' },
    writes: ['ledger', 'product_category'],
    run: async (db) => [
      ...(await db.deleteFrom('ledger').where('amount', '<', '0').returningAll().execute()),
      await db
        .deleteFrom('product_category')
        .using('category')
        .whereRef('category.id', '=', 'product_category.category_id')
        .where('category.name', '=', 'garden')
        .executeTakeFirstOrThrow(),
    ],
  },
  {
    name: 'merge (PostgreSQL 15)',
    types: { numChangedRows: 'int8', qty: 'int4', price: 'numeric' },
    writes: ['inventory'],
    run: async (db) => [
      await db
        .mergeInto('inventory as i')
        .using('product as p', 'p.sku', 'i.sku')
        .whenMatched()
        .thenUpdateSet((eb: ExpressionBuilder<any, any>) => ({ qty: eb('i.qty', '+', eb.ref('p.stock')) }))
        .whenNotMatched()
        .thenInsertValues((eb: ExpressionBuilder<any, any>) => ({ sku: eb.ref('p.sku'), qty: eb.ref('p.stock'), price: eb.ref('p.price') }))
        .executeTakeFirstOrThrow(),
      ...(await db.selectFrom('inventory').selectAll().orderBy('sku').execute()),
    ],
  },
  {
    name: 'transactions: commit, rollback, isolation level, access mode',
    types: { id: 'int8', n: 'int8', amount: 'numeric' },
    writes: ['ledger'],
    run: async (db) => {
      const committed = await db.transaction().execute((trx) => trx.insertInto('ledger').values({ product_id: '2', amount: '7.70' }).returning(['id', 'amount']).execute());
      const rolledBack = await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('ledger').values({ product_id: '2', amount: '8.80' }).execute();
          throw new Error('roll back');
        })
        .catch((error: Error) => ({ error: error.message }));
      const settings = await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx) => (await sql<{ level: string; ro: string }>`select current_setting('transaction_isolation') as level, current_setting('transaction_read_only') as ro`.execute(trx)).rows);
      const refused = await db
        .transaction()
        .setAccessMode('read only')
        .execute((trx) => trx.insertInto('ledger').values({ amount: '1' }).execute())
        .catch((error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }));
      const count = await db.selectFrom('ledger').select((eb) => eb.fn.countAll().as('n')).execute();
      return [...committed, rolledBack, ...settings, refused, ...count];
    },
  },
  {
    name: 'savepoints (controlled transactions)',
    types: { id: 'int8', amount: 'numeric' },
    writes: ['ledger'],
    run: async (db) => {
      const trx = await db.startTransaction().setIsolationLevel('serializable').execute();
      await trx.insertInto('ledger').values({ amount: '1.01' }).execute();
      const one = await trx.savepoint('one').execute();
      await one.insertInto('ledger').values({ amount: '2.02' }).execute();
      const back = await one.rollbackToSavepoint('one').execute();
      const two = await back.savepoint('two').execute();
      await two.insertInto('ledger').values({ amount: '3.03' }).execute();
      const released = await two.releaseSavepoint('two').execute();
      await released.commit().execute();
      return db.selectFrom('ledger').select(['amount']).where('product_id', 'is', null).orderBy('id').execute();
    },
  },
  {
    name: 'stream(): rows chunk by chunk',
    types: { id: 'int8', amount: 'numeric', at: 'timestamptz', product_id: 'int8' },
    run: async (db) => {
      const rows: unknown[] = [];
      for await (const row of db.selectFrom('ledger').selectAll().orderBy('id').stream(2)) rows.push(row);
      return rows;
    },
    lost: ['[0].at'],
  },
  {
    name: 'raw sql with parameters both stacks write the same way',
    types: { n: 'int8', d: 'numeric', t: 'timestamptz', day: 'date', arr: 'int8[]' },
    run: async (db) =>
      (
        await sql`select ${'9007199254740993'}::int8 as n, ${'1.50'}::numeric as d, ${'2024-01-01 00:00:00.000007+00'}::timestamptz as t,
                  ${'2024-12-31'}::date as day, ${[1, 2]}::int8[] as arr, ${true}::bool as b, ${null}::text as nothing, ${42}::int4 as i, ${'x'}::text as s`.execute(db)
      ).rows,
    lost: ['[0].t'],
  },
  {
    name: 'errors: a unique violation is the same error',
    types: {},
    run: async (db) => [
      await db
        .insertInto('product')
        .values({ sku: 'A-1', price: '1', created: '2024-01-01 00:00:00+00' })
        .execute()
        .then(
          () => ({ error: 'none' }),
          (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
        ),
    ],
  },
];

// A database of the suite's own: Kysely's Migrator introspects every schema of its database and
// fails with 3F000 when another suite drops one at that moment (see test/support/server.ts).
let url = '';

describeServer('Kysely differential: vanilla vs pg-exact', () => {
  beforeAll(async () => {
    url = await ensureDatabase('pg_exact_kysely_differential');
    raw = await connectRaw({ timeZone: 'UTC', url });
    const schemas = { vanilla: `kdiff_${id}_v`, pg: `kdiff_${id}_e`, pgjs: `kdiff_${id}_j` };
    for (const schema of Object.values(schemas)) for (const statement of ddl(schema)) await raw.query(statement);
    stacks.push(
      {
        name: 'vanilla',
        side: 'vanilla',
        schema: schemas.vanilla,
        db: new Kysely<any>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schemas.vanilla} -c TimeZone=${vanillaSessionZone}` }),
            cursor: Cursor,
          }),
        }),
      },
      {
        name: 'pg-exact (node-postgres)',
        side: 'exact',
        schema: schemas.pg,
        db: new Kysely<any>({ dialect: new ExactPostgresDialect({ connectionString: url, max: 2, options: `-c search_path=${schemas.pg}`, cursor: Cursor }) }),
      },
      {
        name: 'pg-exact (postgres.js)',
        side: 'exact',
        schema: schemas.pgjs,
        db: new Kysely<any>({ dialect: new ExactPostgresJsDialect({ connectionString: url, max: 2, connection: { search_path: schemas.pgjs } }) }),
      },
    );
  });
  afterAll(async () => {
    for (const stack of stacks) {
      await raw.query(`drop schema if exists ${stack.schema} cascade`);
      await raw.query(`drop schema if exists ${stack.schema}_mig cascade`);
      await stack.db.destroy();
    }
    await raw?.end();
  });

  // Cases run in order, each on every stack, so the schemas change alike.
  describe.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    it('reads the same through the type map; vanilla loses exactly what is listed; the same is stored', async () => {
      const results: (readonly unknown[])[] = [];
      for (const stack of stacks) results.push(await testCase.run(stack.db, stack));
      const [vanilla, ...exact] = results;
      for (const [i, rows] of exact.entries()) {
        const findings = compareRowsThroughTypeMap(vanilla!, rows, testCase.types);
        if (process.env.PG_EXACT_DIFF_DEBUG) console.log(testCase.name, stacks[i + 1]!.name, findings.filter((f) => f.kind !== 'identical'));
        const bad = findings.filter((f) => f.kind === 'different');
        expect(bad.map(describe1), `${stacks[i + 1]!.name}: differences the type map does not document`).toEqual([]);
        expect(findings.filter((f) => f.kind === 'vanilla-lossy').map((f) => f.path).sort(), `${stacks[i + 1]!.name}: vanilla's losses`).toEqual(
          [...(testCase.lost ?? [])].sort(),
        );
      }
      for (const table of testCase.writes ?? []) {
        const [expected, ...others] = await Promise.all(stacks.map((s) => storedText(s.schema, table)));
        for (const other of others) expect(other).toEqual(expected);
      }
    });
  });

  it("Migrator with a custom migrationTableSchema: the same results, tables and introspection", async () => {
    const migrations: Record<string, Migration> = {
      '001_orders': {
        up: async (db) => {
          await db.schema
            .createTable('orders')
            .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
            .addColumn('total', 'numeric(12, 2)', (c) => c.notNull())
            .addColumn('placed_at', 'timestamptz', (c) => c.defaultTo(sql`'2024-01-01 00:00:00.000001+00'`))
            .addColumn('meta', 'jsonb')
            .execute();
          await db.insertInto('orders').values({ total: '19.90', meta: { n: 1 } }).execute();
        },
        down: async (db) => {
          await db.schema.dropTable('orders').execute();
        },
      },
      '002_orders_index': {
        up: async (db) => {
          await db.schema.createIndex('orders_total').on('orders').column('total').execute();
        },
        down: async (db) => {
          await db.schema.dropIndex('orders_total').execute();
        },
      },
    };
    const outcomes = [];
    for (const stack of stacks) {
      const migrator = new Migrator({ db: stack.db, migrationTableSchema: `${stack.schema}_mig`, provider: { getMigrations: async () => migrations } });
      const up = await migrator.migrateToLatest();
      const down = await migrator.migrateDown();
      const again = await migrator.migrateToLatest();
      const applied = await stack.db.withSchema(`${stack.schema}_mig`).selectFrom('kysely_migration').select('name').orderBy('name').execute();
      const orders = await stack.db.selectFrom('orders').selectAll().execute();
      const tables = (await stack.db.introspection.getTables())
        .filter((t) => t.schema === stack.schema)
        .map((t) => ({ ...t, schema: '(schema)' }))
        .sort((a, b) => a.name.localeCompare(b.name));
      outcomes.push({ up: [up.error, up.results], down: [down.error, down.results], again: [again.error, again.results], applied, orders, tables });
    }
    const [vanilla, ...exact] = outcomes;
    for (const other of exact) {
      expect(other.up).toEqual(vanilla!.up);
      expect(other.down).toEqual(vanilla!.down);
      expect(other.again).toEqual(vanilla!.again);
      expect(other.applied).toEqual(vanilla!.applied);
      expect(other.tables).toEqual(vanilla!.tables);
      const findings = compareRowsThroughTypeMap(vanilla!.orders, other.orders, { id: 'int8', total: 'numeric', placed_at: 'timestamptz', meta: 'jsonb' });
      expect(findings.filter((f) => f.kind === 'different').map(describe1)).toEqual([]);
      expect(findings.filter((f) => f.kind === 'vanilla-lossy').map((f) => f.path)).toEqual(['[0].placed_at']);
    }
    const [expected, ...others] = await Promise.all(stacks.map((s) => storedText(s.schema, 'orders')));
    for (const other of others) expect(other).toEqual(expected);
  });

  it('introspection: getSchemas and getTables see the same', async () => {
    const seen = [];
    for (const stack of stacks) {
      const schemas = (await stack.db.introspection.getSchemas()).map((s) => s.name).filter((n) => n.startsWith(`kdiff_${id}`));
      const tables = (await stack.db.introspection.getTables({ withInternalKyselyTables: true }))
        .filter((t) => t.schema === stack.schema)
        .map((t) => ({ ...t, schema: '(schema)' }))
        .sort((a, b) => a.name.localeCompare(b.name));
      seen.push({ schemas, tables });
    }
    for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);
  });

  // The documented differences on write: where vanilla Kysely writes wrong or refuses, pg-exact writes exactly.
  describe('writes vanilla gets wrong (documented differences)', () => {
    const write = async (stack: Stack, column: string, value: unknown): Promise<string> => {
      try {
        const { rows } = await sql<{ t: string }>`select ${value}::${sql.raw(column)}::text as t`.execute(stack.db);
        return rows[0]!.t;
      } catch (error) {
        return `error: ${(error as Error).message}`;
      }
    };
    const cases: [string, string, unknown, (vanilla: string) => void, string][] = [
      ['a Decimal into numeric', 'numeric', new Decimal('19.90'), (v) => expect(v).toMatch(/invalid input syntax for type numeric/), '19.90'],
      ['a bigint inside JSON', 'jsonb', { id: 12345678901234567890n }, (v) => expect(v).toMatch(/BigInt/), '{"id": 12345678901234567890}'],
      ['a PreciseDate with µs into timestamptz', 'timestamptz', new PreciseDate('2024-01-01T00:00:00.000007Z'), (v) => expect(v).not.toContain('.000007'), '2024-01-01 00:00:00.000007+00'],
      [
        'a Date into timestamp (vanilla: the process zone’s wall clock)',
        'timestamp',
        new Date('2024-01-01T12:00:00Z'),
        (v) => expect(v).toBe(localWallClock(new Date('2024-01-01T12:00:00Z'))),
        '2024-01-01 12:00:00',
      ],
      [
        'a Date into date (vanilla: the process zone’s calendar day)',
        'date',
        new Date('2024-01-01T02:00:00Z'),
        (v) => expect(v).toBe(localWallClock(new Date('2024-01-01T02:00:00Z')).slice(0, 10)),
        '2024-01-01',
      ],
    ];
    it.each(cases)('%s', async (_name, column, value, checkVanilla, exactText) => {
      const [vanilla, ...exact] = stacks;
      // Vanilla on a pool of its own: pg 8.14.0 (not 8.23.1) leaves a client stuck after a parameter it
      // could not prepare (the bigint in JSON), and the next query on it never settles.
      const own = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
      try {
        checkVanilla(await write({ ...vanilla!, db: own }, column, value));
      } finally {
        await own.destroy();
      }
      for (const stack of exact) expect(await write(stack, column, value)).toBe(exactText);
    });
  });

  it('a JS string into jsonb: node-postgres stores the JSON it holds; the postgres.js dialect stores what postgres.js itself does', async () => {
    const text = '{"k": 1}';
    const read = (db: Kysely<any>) => sql<{ t: string }>`select ${text}::jsonb::text as t`.execute(db).then((r) => r.rows[0]!.t);
    const [vanilla, pgExact, pgjsExact] = stacks;
    expect(await read(vanilla!.db)).toBe('{"k": 1}');
    expect(await read(pgExact!.db)).toBe('{"k": 1}');
    // postgres.js 4 types the parameter by the server (jsonb) and JSON-encodes the string: a JSON
    // string. 3 leaves an untyped string to the server: the JSON it holds. The dialect keeps postgres.js's rule.
    const plain = postgres(url, { max: 1 });
    try {
      const [row] = await plain`select ${text}::jsonb::text as t`;
      expect(await read(pgjsExact!.db)).toBe(row!.t);
    } finally {
      await plain.end();
    }
  });

  it('a timestamp whose wall clock the process zone skips (DST): vanilla shifts it there (America/New_York)', async () => {
    const query = (db: Kysely<any>) => sql<{ t: unknown }>`select '2024-03-10 02:30:00'::timestamp as t`.execute(db).then((r) => r.rows);
    const [vanilla, ...exact] = await Promise.all(stacks.map((s) => query(s.db)));
    for (const rows of exact) {
      const findings = compareRowsThroughTypeMap(vanilla!, rows, { t: 'timestamp' });
      const skipped = new Date(2024, 2, 10, 2, 30).getHours() !== 2;
      expect(findings.map((f) => f.kind)).toEqual([skipped ? 'vanilla-lossy' : 'representation']);
    }
  });
});

/** `YYYY-MM-DD HH:MM:SS` of a Date's fields in the process zone: what vanilla node-postgres writes into a timestamp. */
function localWallClock(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

function describe1(finding: TypeMapFinding): string {
  return `${finding.path}: ${finding.kind === 'different' ? finding.reason : finding.kind}`;
}
