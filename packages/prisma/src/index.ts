export { PrismaPgExact } from './prisma-pg-exact.js';
export type { PgPoolLike, PrismaPgExactInput, PrismaPgExactOptions } from './prisma-pg-exact-config.js';
export { PrismaPGliteExact, type PrismaPGliteExactOptions } from './prisma-pglite-exact.js';
export type { PGliteLike } from './prisma-pglite-adapter.js';
export { exactExtension } from './exact-extension.js';
export { EXACT_RAW_PREFIX } from './exact-raw-query.js';
export { applyMigrations, presetToPrismaSql, writePresetMigration, type AppliedMigrations, type MigrationTarget } from './migrations/index.js';
