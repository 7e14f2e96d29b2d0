import type { TestProject } from 'vitest/node';
import type {} from './provided-context.js';
import { databaseUrl, ensureConformanceDatabase, probeServer } from './server.js';

/**
 * Server suites need a real PostgreSQL. Without one they skip, loudly; with CI=true a missing
 * server fails the run instead, so CI can never pass by skipping.
 */
export default async function setup(project: TestProject): Promise<void> {
  const problem = await probeServer();
  if (problem && process.env.CI === 'true') {
    throw new Error(`CI=true and no PostgreSQL server at ${databaseUrl}: ${problem}`);
  }
  if (problem) {
    const line = '!'.repeat(78);
    console.warn(`\n${line}\n  NO POSTGRESQL SERVER at ${databaseUrl}\n  ${problem}\n  Server suites are SKIPPED. Set DATABASE_URL or start PostgreSQL.\n${line}\n`);
  }
  project.provide('serverAvailable', problem === undefined);
  project.provide('conformanceUrl', problem === undefined ? await ensureConformanceDatabase() : '');
}
