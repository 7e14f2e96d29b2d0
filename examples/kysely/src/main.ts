// The ledger: PGlite in memory by default, DATABASE_URL for a server.
//   npm start                     (or DATABASE_URL=postgres://… npm start)
import { Kysely, Migrator, type Dialect } from 'kysely';
import { Decimal, PreciseDate } from '@pg-exact/core';
import { ExactPGliteDialect, ExactPostgresDialect, IdentityReturningPlugin } from '@pg-exact/kysely';
import { book, migrations, openAccount } from './ledger.js';
import type { Database } from './schema.js';

export interface LedgerReport {
  readonly balance: Decimal;
  readonly entries: ReadonlyArray<{ id: bigint; amount: Decimal; snowflake: bigint; bookedAt: PreciseDate }>;
}

/** Runs the ledger once and returns what it read back. */
export async function runLedger(dialect: Dialect): Promise<LedgerReport> {
  const db = new Kysely<Database>({ dialect, plugins: [new IdentityReturningPlugin()] });
  try {
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    if (error) throw error;

    const alice = await openAccount(db, `alice-${Date.now()}`);
    // Amounts past float64's 15–17 digits, a snowflake past 2^53, microsecond timestamps.
    await book(db, alice, new Decimal('1234567890123456789.000000000000000001'), { provider: 'acme', snowflake: 9223372036854775807n }, new PreciseDate('2024-03-10T01:59:59.123456Z'));
    await book(db, alice, new Decimal('0.100000000000000002'), { provider: 'acme', snowflake: 9007199254740993n }, new PreciseDate('2024-03-10T01:59:59.123457Z'));

    const account = await db.selectFrom('account').select('balance').where('id', '=', alice).executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('entry')
      .select(['id', 'amount', 'external', 'booked_at'])
      .where('account_id', '=', alice)
      .orderBy('id')
      .execute();
    return {
      balance: account.balance,
      entries: rows.map((row) => ({ id: row.id, amount: row.amount, snowflake: row.external.snowflake, bookedAt: row.booked_at })),
    };
  } finally {
    await db.destroy();
  }
}

function dialectFromEnvironment(): { dialect: Dialect; where: string } {
  const url = process.env.DATABASE_URL;
  if (url) return { dialect: new ExactPostgresDialect({ connectionString: url }), where: 'PostgreSQL at DATABASE_URL' };
  return { dialect: new ExactPGliteDialect({}), where: 'embedded PGlite (in memory)' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { dialect, where } = dialectFromEnvironment();
  const report = await runLedger(dialect);
  console.log(`Ledger on ${where}`);
  for (const entry of report.entries) {
    console.log(`  entry ${entry.id}: ${entry.amount.toFixed()} at ${entry.bookedAt.toISOString()} (snowflake ${entry.snowflake})`);
  }
  console.log(`  balance: ${report.balance.toFixed()}`);
}
