export { ExactPostgresDialect } from './exact-postgres-dialect.js';
export type { ExactPostgresDialectConfig, ExactPostgresDialectHooks } from './exact-postgres-dialect-config.js';
export { ExactPGliteDialect } from './exact-pglite-dialect.js';
export { ExactPGliteDriver } from './exact-pglite-driver.js';
export { ExactPGliteConnection } from './exact-pglite-connection.js';
export type { ExactPGliteDialectConfig, ExactPGliteDialectHooks, ExactPGliteInstance } from './exact-pglite-dialect-config.js';
export { IdentityReturningPlugin } from './identity-returning-plugin.js';
export type { IdentityReturningPluginOptions } from './identity-returning-plugin.js';
export { WallClockPlugin, type WallClockPluginColumns } from './wall-clock-plugin.js';
export { OverridingSystemValuePlugin, overridingSystemValue } from './overriding-system-value-plugin.js';
export type { DateText, Int8, Int8Identity, Jsonb, Numeric, Timestamp, Timestamptz } from './column-types.js';
export { migrationPresets, presetMigrations, presetToMigration, type PresetMigration, type PresetMigrationsOptions } from './migration-presets.js';
// The values this package reads and writes, so an application needs no second install to build them.
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
export { Decimal, instantToWallClock, PgExactValueError, PreciseDate, wallClockToInstant } from '@pg-exact/core';
