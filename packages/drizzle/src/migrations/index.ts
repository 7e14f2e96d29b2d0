// No drizzle-orm import here: the CLI loads this entry point on its own.
export { presetToDrizzleSql, STATEMENT_BREAKPOINT } from './preset-sql.js';
export { writePresetMigration, type WritePresetMigrationOptions } from './write-preset-migration.js';
