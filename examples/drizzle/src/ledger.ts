import type { Decimal, PreciseDate } from '@pg-exact/core';
import { eq, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

/** Any of the three drivers' databases over the ledger schema. */
export type LedgerDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Opens an account; the identity id comes back as a bigint through RETURNING. */
export async function openAccount(db: LedgerDb, name: string): Promise<bigint> {
  const [row] = await db.insert(schema.account).values({ name }).returning({ id: schema.account.id });
  return row!.id;
}

/** Books an amount in one transaction: the entry and the balance move together, to the last digit. */
export async function book(db: LedgerDb, accountId: bigint, amount: Decimal, external: schema.ExternalRef, bookedAt: PreciseDate): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(schema.entry).values({ accountId, amount, external, bookedAt });
    await tx
      .update(schema.account)
      .set({ balance: sql`${schema.account.balance} + ${amount}` })
      .where(eq(schema.account.id, accountId));
  });
}

/** The account with its entries, through a relational query (nested rows travel as JSON). */
export function statement(db: LedgerDb, accountId: bigint) {
  return db.query.account.findFirst({
    where: eq(schema.account.id, accountId),
    with: { entries: { orderBy: (entry, { asc }) => asc(entry.id) } },
  });
}
