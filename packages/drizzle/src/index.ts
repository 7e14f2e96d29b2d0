// The exact column builders (also in '@pg-exact/drizzle/pg-core', beside the rest of drizzle's
// pg-core) and the migration helpers. drizzle() is per driver: '@pg-exact/drizzle/node-postgres',
// '/postgres-js', '/pglite'.
export {
  bigint,
  date,
  decimal,
  identity,
  json,
  jsonb,
  numeric,
  timestamp,
  timestamptz,
  type IdentityOptions,
} from './pg-core/index.js';
export { timestamps } from './pg-core/timestamps.js';
export { presetToDrizzleSql, writePresetMigration, type WritePresetMigrationOptions } from './migrations/index.js';
// The values this package reads and writes, so an application needs no second install to build them.
export { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
