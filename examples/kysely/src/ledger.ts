import { sql, type Kysely, type Migration } from 'kysely';
import { Decimal, PreciseDate } from '@pg-exact/core';
import type { Database, ExternalRef } from './schema.js';

/** The ledger's schema as Kysely migrations (identity ids, numeric money, jsonb, timestamptz). */
export const migrations: Record<string, Migration> = {
  '2026_11_25_0001_ledger': {
    async up(db) {
      await db.schema
        .createTable('account')
        .addColumn('id', 'int8', (col) => col.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('balance', 'numeric(38, 18)', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('entry')
        .addColumn('id', 'int8', (col) => col.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('account_id', 'int8', (col) => col.notNull().references('account.id'))
        .addColumn('amount', 'numeric(38, 18)', (col) => col.notNull())
        .addColumn('external', 'jsonb', (col) => col.notNull())
        .addColumn('booked_at', 'timestamptz', (col) => col.notNull())
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('entry').execute();
      await db.schema.dropTable('account').execute();
    },
  },
};

/** Opens an account; the id comes back as a bigint through RETURNING (IdentityReturningPlugin). */
export async function openAccount(db: Kysely<Database>, name: string): Promise<bigint> {
  const result = await db.insertInto('account').values({ name, balance: new Decimal(0) }).executeTakeFirstOrThrow();
  return result.insertId as bigint;
}

/** Books an amount in one transaction: the entry and the balance move together, to the last digit. */
export async function book(
  db: Kysely<Database>,
  accountId: bigint,
  amount: Decimal,
  external: ExternalRef,
  bookedAt: PreciseDate,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('entry').values({ account_id: accountId, amount, external, booked_at: bookedAt }).execute();
    await tx
      .updateTable('account')
      .set({ balance: sql`balance + ${amount.toFixed()}::numeric` })
      .where('id', '=', accountId)
      .execute();
  });
}
