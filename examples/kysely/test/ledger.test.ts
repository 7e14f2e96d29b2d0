import { expect, inject, test } from 'vitest';
import { Decimal } from '@pg-exact/core';
import { ExactPGliteDialect, ExactPostgresDialect } from '@pg-exact/kysely';
import { runLedger, type LedgerReport } from '../src/main.js';
import type {} from '../../../test/support/provided-context.js';

function expectExact(report: LedgerReport): void {
  expect(report.balance.equals(new Decimal('1234567890123456789.100000000000000003'))).toBe(true);
  expect(report.entries.map((entry) => typeof entry.id)).toEqual(['bigint', 'bigint']);
  expect(report.entries.map((entry) => entry.snowflake)).toEqual([9223372036854775807n, 9007199254740993n]);
  expect(report.entries.map((entry) => entry.bookedAt.toISOString())).toEqual([
    '2024-03-10T01:59:59.123456Z',
    '2024-03-10T01:59:59.123457Z',
  ]);
}

test('the ledger on PGlite keeps every digit and microsecond', async () => {
  expectExact(await runLedger(new ExactPGliteDialect({})));
});

test.skipIf(!inject('serverAvailable'))('the ledger on the server keeps every digit and microsecond', async () => {
  // The conformance database: its default TimeZone is Asia/Kathmandu, not UTC.
  const dialect = new ExactPostgresDialect({ connectionString: inject('conformanceUrl') });
  expectExact(await runLedger(dialect));
});
