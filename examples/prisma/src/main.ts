// The ledger on Prisma 7: PGlite in memory by default, DATABASE_URL for a server.
//   npm start -w examples/prisma          (or DATABASE_URL=postgres://… npm start -w examples/prisma)
import { fileURLToPath } from 'node:url';
import { Decimal, PreciseDate } from '@pg-exact/core';
import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { applyMigrations, PrismaPGliteExact, PrismaPgExact } from '@pg-exact/prisma';
import { PrismaClient } from '../generated/client.js';
import { book, ledgerClient, openAccount, type ExternalRef } from './ledger.js';

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export interface LedgerReport {
  readonly balance: Decimal;
  readonly entries: ReadonlyArray<{ id: bigint; amount: Decimal; snowflake: bigint; bookedAt: PreciseDate }>;
}

/** The database the ledger runs on: migrated with the project's runner, and its Prisma adapter. */
export interface LedgerDatabase {
  readonly adapter: PrismaPgExact | PrismaPGliteExact;
  close(): Promise<void>;
}

/** PGlite (embedded), or the server at `url`; the prisma/migrations SQL applied either way. */
export async function openDatabase(url?: string): Promise<LedgerDatabase> {
  if (url) {
    const pool = createPool({ connectionString: url, max: 4 });
    await applyMigrations(pool, { dir: migrationsDir });
    return { adapter: new PrismaPgExact(pool), close: () => pool.end() };
  }
  const db = await createPGlite();
  await applyMigrations(db, { dir: migrationsDir });
  return { adapter: new PrismaPGliteExact(db), close: () => db.close() };
}

/** Runs the ledger once and returns what it read back. */
export async function runLedger(database: LedgerDatabase): Promise<LedgerReport> {
  const prisma = ledgerClient(new PrismaClient({ adapter: database.adapter }));
  try {
    const alice = await openAccount(prisma, `alice-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`);
    // Amounts past float64's 15–17 digits, snowflakes past 2^53, microsecond booking times.
    await book(prisma, alice, new Decimal('1234567890123456789.000000000000000001'), { provider: 'acme', snowflake: 9223372036854775807n }, new PreciseDate('2024-03-10T01:59:59.123456Z'));
    await book(prisma, alice, new Decimal('0.100000000000000002'), { provider: 'acme', snowflake: 9007199254740993n }, new PreciseDate('2024-03-10T01:59:59.123457Z'));

    // A relation query: the account with its entries (Prisma loads them with a second query).
    const account = await prisma.account.findUniqueOrThrow({ where: { id: alice }, include: { entries: { orderBy: { id: 'asc' } } } });
    // DateTime model fields are ms Dates; the µs come through the exact raw path.
    const times = await prisma.$queryRawExact<{ id: bigint; bookedAt: PreciseDate }[]>`
      SELECT id, "bookedAt" FROM "Entry" WHERE "accountId" = ${alice} ORDER BY id`;
    return {
      balance: new Decimal(account.balance.toFixed()),
      entries: account.entries.map((entry, i) => ({
        id: entry.id,
        amount: new Decimal(entry.amount.toFixed()),
        snowflake: (entry.external as unknown as ExternalRef).snowflake,
        bookedAt: times[i]!.bookedAt,
      })),
    };
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  const database = await openDatabase(url);
  try {
    const report = await runLedger(database);
    console.log(`Ledger (Prisma) on ${url ? 'PostgreSQL at DATABASE_URL' : 'embedded PGlite (in memory)'}`);
    for (const entry of report.entries) {
      console.log(`  entry ${entry.id}: ${entry.amount.toFixed()} at ${entry.bookedAt.toISOString()} (snowflake ${entry.snowflake})`);
    }
    console.log(`  balance: ${report.balance.toFixed()}`);
  } finally {
    await database.close();
  }
}
