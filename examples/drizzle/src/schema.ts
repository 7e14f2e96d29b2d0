// The ledger's tables. The only pg-exact line is the pg-core import.
import { relations, sql } from 'drizzle-orm';
import { bigint, identity, jsonb, numeric, pgTable, text, timestamptz } from '@pg-exact/drizzle/pg-core';

/** Metadata a payment provider attaches: its ids are 64-bit snowflakes, past 2^53. */
export interface ExternalRef {
  provider: string;
  snowflake: bigint;
}

export const account = pgTable('drizzle_account', {
  id: identity(),
  name: text().notNull().unique(),
  balance: numeric({ precision: 38, scale: 18 }).notNull().default(sql`0`),
});

export const entry = pgTable('drizzle_entry', {
  id: identity(),
  accountId: bigint('account_id')
    .notNull()
    .references(() => account.id),
  amount: numeric({ precision: 38, scale: 18 }).notNull(),
  external: jsonb<ExternalRef>().notNull(),
  bookedAt: timestamptz('booked_at', { precision: 6 }).notNull(),
});

export const accountRelations = relations(account, ({ many }) => ({ entries: many(entry) }));
export const entryRelations = relations(entry, ({ one }) => ({
  account: one(account, { fields: [entry.accountId], references: [account.id] }),
}));
