// The `@pg-exact/prisma/migrations` entry point: no Prisma runtime import, so tools (the
// pg-exact CLI) can write and apply migrations without a generated client.
export { presetToPrismaSql, writePresetMigration, type WritePresetMigrationOptions } from './preset-migration.js';
export { prismaSchemaChange, type PrismaSchemaChange } from './schema-change.js';
export { applyMigrations, type AppliedMigrations, type ApplyMigrationsOptions, type MigrationTarget } from './migration-runner.js';
