// A user's program on drizzle-orm 0.45 against the built .d.ts (test/dts.test.ts); test/column-types.typecheck.ts checks the sources.
import type { PGlite } from '@electric-sql/pglite';
import type { Decimal, JsonValue, PreciseDate } from '@pg-exact/core';
import type { InferInsertModel, InferSelectModel } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type pg from 'pg';
import type postgres from 'postgres';
import { expectTypeOf } from 'expect-type';
import { drizzle as nodePostgres } from '@pg-exact/drizzle/node-postgres';
import { bigint, date, identity, json, jsonb, numeric, pgTable, text, timestamp, timestamps, timestamptz } from '@pg-exact/drizzle/pg-core';
import { drizzle as pglite } from '@pg-exact/drizzle/pglite';
import { drizzle as postgresJs } from '@pg-exact/drizzle/postgres-js';

const orders = pgTable('orders', {
  id: identity(),
  qty: bigint().notNull(),
  total: numeric({ precision: 38, scale: 18 }).notNull(),
  meta: jsonb<{ ref: bigint; tags: string[] }>().notNull(),
  raw: json(),
  placedAt: timestamptz('placed_at').notNull().defaultNow(),
  localAt: timestamp('local_at'),
  due: date().notNull(),
  ids: bigint().array(),
  totals: numeric().array().notNull(),
  note: text(),
  ...timestamps(),
});

type Row = InferSelectModel<typeof orders>;
expectTypeOf<Row['id']>().toEqualTypeOf<bigint>();
expectTypeOf<Row['qty']>().toEqualTypeOf<bigint>();
expectTypeOf<Row['total']>().toEqualTypeOf<Decimal>();
expectTypeOf<Row['meta']>().toEqualTypeOf<{ ref: bigint; tags: string[] }>();
expectTypeOf<Row['raw']>().toExtend<JsonValue | null>();
expectTypeOf<JsonValue | null>().toExtend<Row['raw']>();
expectTypeOf<Row['placedAt']>().toEqualTypeOf<PreciseDate>();
expectTypeOf<Row['localAt']>().toEqualTypeOf<PreciseDate | null>();
expectTypeOf<Row['due']>().toEqualTypeOf<string>();
expectTypeOf<Row['ids']>().toEqualTypeOf<bigint[] | null>();
expectTypeOf<Row['totals']>().toEqualTypeOf<Decimal[]>();
expectTypeOf<Row['createdAt']>().toEqualTypeOf<PreciseDate>();

type Insert = InferInsertModel<typeof orders>;
// GENERATED ALWAYS: not insertable; defaults optional.
expectTypeOf<Insert>().not.toHaveProperty('id');
expectTypeOf<Insert['qty']>().toEqualTypeOf<bigint>();
expectTypeOf<Insert['placedAt']>().toEqualTypeOf<PreciseDate | undefined>();
expectTypeOf<Insert['due']>().toEqualTypeOf<string>();

// drizzle() keeps drizzle-orm's database and $client types.
declare const pool: pg.Pool;
declare const sql: postgres.Sql;
declare const lite: PGlite;
const schema = { orders };
expectTypeOf(nodePostgres(pool, { schema })).toEqualTypeOf<NodePgDatabase<typeof schema> & { $client: pg.Pool }>();
expectTypeOf(postgresJs({ client: sql, schema })).toEqualTypeOf<PostgresJsDatabase<typeof schema> & { $client: postgres.Sql }>();
expectTypeOf(pglite(lite)).toEqualTypeOf<PgliteDatabase & { $client: PGlite }>();

export async function selectTypes(db: NodePgDatabase<typeof schema>): Promise<void> {
  const [row] = await db.select({ total: orders.total, at: orders.placedAt }).from(orders);
  expectTypeOf(row!.total).toEqualTypeOf<Decimal>();
  expectTypeOf(row!.at).toEqualTypeOf<PreciseDate>();
  const found = await db.query.orders.findFirst();
  expectTypeOf(found!.qty).toEqualTypeOf<bigint>();
}
