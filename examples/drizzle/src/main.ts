// The ledger: PGlite in memory by default, DATABASE_URL for a server.
//   npm start                     (or DATABASE_URL=postgres://… npm start)
import { fileURLToPath } from 'node:url';
import { Decimal, PreciseDate } from '@pg-exact/core';
import { drizzle as drizzleNodePostgres } from '@pg-exact/drizzle/node-postgres';
import { drizzle as drizzlePGlite } from '@pg-exact/drizzle/pglite';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePGlite } from 'drizzle-orm/pglite/migrator';
import { book, openAccount, statement, type LedgerDb } from './ledger.js';
import * as schema from './schema.js';

/** The migrations drizzle-kit generated from src/schema.ts (`npx drizzle-kit generate`). */
const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface LedgerReport {
  readonly balance: Decimal;
  readonly entries: ReadonlyArray<{ id: bigint; amount: Decimal; snowflake: bigint; bookedAt: PreciseDate }>;
}

/** Runs the ledger once and returns what it read back (through a relational query). */
export async function runLedger(db: LedgerDb): Promise<LedgerReport> {
  const alice = await openAccount(db, `alice-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`);
  // Amounts past float64's 15–17 digits, a snowflake past 2^53, microsecond timestamps.
  await book(db, alice, new Decimal('1234567890123456789.000000000000000001'), { provider: 'acme', snowflake: 9223372036854775807n }, new PreciseDate('2024-03-10T01:59:59.123456Z'));
  await book(db, alice, new Decimal('0.100000000000000002'), { provider: 'acme', snowflake: 9007199254740993n }, new PreciseDate('2024-03-10T01:59:59.123457Z'));
  const account = await statement(db, alice);
  if (!account) throw new Error('the account just opened is missing');
  return {
    balance: account.balance,
    entries: account.entries.map((row) => ({ id: row.id, amount: row.amount, snowflake: row.external.snowflake, bookedAt: row.bookedAt })),
  };
}

/** A migrated database: PGlite in memory, or the server at `url`. */
export async function openLedger(url?: string): Promise<{ db: LedgerDb; where: string; close(): Promise<void> }> {
  if (url) {
    const db = drizzleNodePostgres({ connection: url, schema });
    await migrateNodePostgres(db, { migrationsFolder });
    return { db: db as unknown as LedgerDb, where: 'PostgreSQL at DATABASE_URL', close: () => db.$client.end() };
  }
  const db = drizzlePGlite({ schema });
  await migratePGlite(db, { migrationsFolder });
  return { db: db as unknown as LedgerDb, where: 'embedded PGlite (in memory)', close: () => db.$client.close() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ledger = await openLedger(process.env.DATABASE_URL);
  try {
    const report = await runLedger(ledger.db);
    console.log(`Ledger on ${ledger.where}`);
    for (const entry of report.entries) {
      console.log(`  entry ${entry.id}: ${entry.amount.toFixed()} at ${entry.bookedAt.toISOString()} (snowflake ${entry.snowflake})`);
    }
    console.log(`  balance: ${report.balance.toFixed()}`);
  } finally {
    await ledger.close();
  }
}
