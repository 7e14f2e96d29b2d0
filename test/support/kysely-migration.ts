// Kysely's Migrator, wherever the installed Kysely keeps it: 0.29 moved it (and Migration,
// NO_MIGRATIONS…) to 'kysely/migration' and left type errors in the root. The version matrix runs
// the Kysely suites on 0.28 and 0.29, so tests take them from here. The workspace's types are
// 0.28's, hence the root module's types for both.
import * as root from 'kysely';

type MigrationModule = Pick<typeof root, 'Migrator' | 'NO_MIGRATIONS'>;

async function load(): Promise<MigrationModule> {
  const specifier = 'kysely/migration'; // a variable: 0.28 has no such entry point to resolve at build time
  try {
    return (await import(/* @vite-ignore */ specifier)) as MigrationModule;
  } catch {
    return root;
  }
}

export const { Migrator, NO_MIGRATIONS } = await load();
export type { Migration, Migrator as MigratorInstance } from 'kysely';
