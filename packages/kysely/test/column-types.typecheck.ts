// Checked by `tsc -p tsconfig.json` (not run): the column types resolve to the contract's JS types.
import type { Decimal, PreciseDate } from '@pg-exact/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { expectTypeOf } from 'vitest';
import type { DateText, Int8, Int8Identity, Jsonb, Numeric, Timestamp, Timestamptz } from '../src/index.js';

interface Orders {
  id: Int8Identity;
  qty: Int8;
  total: Numeric;
  placed_at: Timestamptz;
  local_at: Timestamp;
  due: DateText;
  meta: Jsonb<{ ref: bigint; tags: string[] }>;
}
interface Database {
  orders: Orders;
}

type Row = Selectable<Orders>;
expectTypeOf<Row['id']>().toEqualTypeOf<bigint>();
expectTypeOf<Row['qty']>().toEqualTypeOf<bigint>();
expectTypeOf<Row['total']>().toEqualTypeOf<Decimal>();
expectTypeOf<Row['placed_at']>().toEqualTypeOf<PreciseDate>();
expectTypeOf<Row['local_at']>().toEqualTypeOf<PreciseDate>();
expectTypeOf<Row['due']>().toEqualTypeOf<string>();
expectTypeOf<Row['meta']>().toEqualTypeOf<{ ref: bigint; tags: string[] }>();

type Insert = Insertable<Orders>;
expectTypeOf<Insert['id']>().toEqualTypeOf<bigint | undefined>();
expectTypeOf<Insert['qty']>().toEqualTypeOf<bigint | number | string>();
expectTypeOf<Insert['total']>().toEqualTypeOf<Decimal | bigint | string>();
expectTypeOf<Insert['placed_at']>().toEqualTypeOf<PreciseDate | Date | string>();
expectTypeOf<Insert['due']>().toEqualTypeOf<string | Date>();

type Update = Updateable<Orders>;
expectTypeOf<Update['total']>().toEqualTypeOf<Decimal | bigint | string | undefined>();

// The query builder infers the read types.
export async function selectTypes(db: Kysely<Database>): Promise<void> {
  const row = await db.selectFrom('orders').select(['id', 'total', 'placed_at']).executeTakeFirstOrThrow();
  expectTypeOf(row).toEqualTypeOf<{ id: bigint; total: Decimal; placed_at: PreciseDate }>();
  // @ts-expect-error a float number is not accepted for numeric
  await db.insertInto('orders').values({ qty: 1, total: 0.1, placed_at: new Date(), local_at: new Date(), due: '2024-01-01', meta: { ref: 1n, tags: [] } }).execute();
}
