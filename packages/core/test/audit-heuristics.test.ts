// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// The audit's judgement calls, without a server: which float columns hold money, and which zone
// the app wrote its `timestamp` columns in (never the database default as if certain).
import { expect, test } from 'vitest';
import { frameworkZoneAdvice, looksLikeMoney } from '../src/index.js';

test.each([
  // [column, CHECK text, max(abs(value)), money?]
  ['unit_price', '', 12.5, true],
  ['freight', '', 4.5, true],
  ['taxes_rate', '', 0.2, true],
  ['shippingCost', '', null, true],
  ['discount', '((discount >= (0)::double precision) AND (discount <= (1)::double precision))', 0.25, false],
  ['discount', '', 0.05, false], // a ratio by its values
  ['discount', '', 5, true], // an amount by its values
  ['discount', '', null, false], // no rows: not enough to call it money
  ['margin', 'CHECK ((margin < (1)::double precision))', 30, false],
  ['ratio', '', 40, false],
  ['latitude', '', 51.5, false],
] as const)('looksLikeMoney(%j, %j, %j) is %j', (name, checks, maxAbs, money) => {
  expect(looksLikeMoney(name, checks, maxAbs)).toBe(money);
});

test('Rails, Prisma and Drizzle write UTC: the advice is UTC, with why', () => {
  const rails = frameworkZoneAdvice(['schema_migrations', 'ar_internal_metadata'], 'America/Los_Angeles');
  expect(rails.zone).toBe('UTC');
  expect(rails.frameworks).toEqual(['Rails (Active Record)']);
  expect(rails.why).toMatch(/^--from-zone UTC because Rails .*default_timezone/);
  expect(frameworkZoneAdvice(['_prisma_migrations'], 'Europe/Paris').zone).toBe('UTC');
  expect(frameworkZoneAdvice(['__drizzle_migrations'], 'Europe/Paris').zone).toBe('UTC');
  // schema_migrations alone is not Rails (other tools use the name).
  expect(frameworkZoneAdvice(['schema_migrations'], 'UTC').zone).toBeNull();
});

test('where the zone depends on configuration, or nothing is known, no zone is suggested', () => {
  for (const tables of [['django_migrations'], ['kysely_migration'], ['knex_migrations'], ['typeorm_metadata'], ['flyway_schema_history'], ['databasechangelog'], []]) {
    const advice = frameworkZoneAdvice(tables, 'America/Los_Angeles');
    expect(advice.zone, tables.join()).toBeNull();
    expect(advice.why).toMatch(/only you know the zone/);
    expect(advice.why).toMatch(/database default \(America\/Los_Angeles\) is not it/);
  }
  expect(frameworkZoneAdvice(['django_migrations'], 'UTC').why).toMatch(/USE_TZ = False.*TIME_ZONE/);
  // Rails next to a framework that writes the process's zone: not certain either.
  expect(frameworkZoneAdvice(['schema_migrations', 'ar_internal_metadata', 'knex_migrations'], 'UTC').zone).toBeNull();
  // A generic `migrations` table next to Prisma's is not TypeORM.
  expect(frameworkZoneAdvice(['_prisma_migrations', 'migrations'], 'UTC')).toMatchObject({ zone: 'UTC', frameworks: ['Prisma'] });
});
