import { expect, inject, test } from 'vitest';
import { Decimal } from '@pg-exact/core';
import { openDatabase, runLedger, type LedgerReport } from '../src/main.js';
import type {} from '../../../test/support/provided-context.js';

function expectExact(report: LedgerReport): void {
  expect(report.balance.equals(new Decimal('1234567890123456789.100000000000000003'))).toBe(true);
  expect(report.entries.map((entry) => typeof entry.id)).toEqual(['bigint', 'bigint']);
  expect(report.entries.map((entry) => entry.amount.toFixed())).toEqual(['1234567890123456789.000000000000000001', '0.100000000000000002']);
  expect(report.entries.map((entry) => entry.snowflake)).toEqual([9223372036854775807n, 9007199254740993n]);
  expect(report.entries.map((entry) => entry.bookedAt.toISOString())).toEqual(['2024-03-10T01:59:59.123456Z', '2024-03-10T01:59:59.123457Z']);
}

test('the Prisma ledger on PGlite keeps every digit and microsecond', async () => {
  const database = await openDatabase();
  try {
    expectExact(await runLedger(database));
  } finally {
    await database.close();
  }
});

test.skipIf(!inject('serverAvailable'))('the Prisma ledger on the server keeps every digit and microsecond', async () => {
  // The conformance database: its default TimeZone is Asia/Kathmandu, not UTC.
  const database = await openDatabase(inject('conformanceUrl'));
  try {
    expectExact(await runLedger(database));
  } finally {
    await database.close();
  }
});
