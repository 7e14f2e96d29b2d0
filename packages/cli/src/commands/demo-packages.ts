import { UsageError } from '../usage-error.js';

/**
 * What `pg-exact demo` needs beyond the CLI's own dependencies: every stack it compares, vanilla and
 * pg-exact. They are optional peers of @pg-exact/cli (a project that only audits installs none of
 * them); the pg-exact repository has them all, so `npm start` there runs the demo.
 */
export const DEMO_PACKAGES = [
  '@electric-sql/pglite',
  '@electric-sql/pglite-socket',
  'postgres',
  'kysely',
  'drizzle-orm',
  '@prisma/client',
  '@prisma/adapter-pg',
  '@pg-exact/pg',
  '@pg-exact/postgres-js',
  '@pg-exact/pglite',
  '@pg-exact/kysely',
  '@pg-exact/drizzle',
  '@pg-exact/prisma',
] as const;

function resolvable(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** The demo command, once every package it compares is installed; else a usage error naming the missing ones. */
export async function loadDemoCommand(): Promise<typeof import('./demo-command.js')> {
  const missing = DEMO_PACKAGES.filter((name) => !resolvable(name));
  if (missing.length > 0) {
    throw new UsageError(
      `the demo compares every stack side by side and needs ${missing.join(', ')}.\n` +
        `Install them (npm install --no-save ${missing.join(' ')}) or run it in the pg-exact repository (npm install && npm start).`,
    );
  }
  return import('./demo-command.js');
}
