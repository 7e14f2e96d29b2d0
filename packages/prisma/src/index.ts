export { PrismaPgExact } from './prisma-pg-exact.js';
export type { PgPoolLike, PrismaPgExactInput, PrismaPgExactOptions } from './prisma-pg-exact-config.js';
export { PrismaPGliteExact, type PrismaPGliteExactOptions } from './prisma-pglite-exact.js';
export type { PGliteLike } from './prisma-pglite-adapter.js';
export { exactExtension } from './exact-extension.js';
export { exactJson } from './exact-json.js';
export { EXACT_RAW_PREFIX } from './exact-raw-query.js';
export { wallClockRows } from './wall-clock-rows.js';
export { applyMigrations, presetToPrismaSql, prismaSchemaChange, writePresetMigration, type PrismaSchemaChange, type AppliedMigrations, type MigrationTarget } from './migrations/index.js';
// The values this package reads and writes, so an application needs no second install to build them.
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
export { Decimal, instantToWallClock, PgExactValueError, PreciseDate, wallClockToInstant } from '@pg-exact/core';
