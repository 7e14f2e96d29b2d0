// What the fresh-install test installs: every quick start (one per adapter × driver, plus the bindings,
// core and the CLI) at the oldest supported and at the latest releases of its ORM and driver, on
// Node 20 and Node 24. The versions come from scripts/supported-versions.mjs; a release set whose
// versions differ by Node line (Kysely 0.29 needs Node 22) is installed once per line.
import { PEERS } from '../../scripts/supported-versions.mjs';

/**
 * Quick start id → the README it is in, how to check a CommonJS app's single ORM instance (`orm`),
 * and the drivers the package itself depends on (`brings`).
 */
export const QUICKSTARTS = {
  core: { readme: 'packages/core/README.md' },
  pg: { readme: 'packages/pg/README.md' },
  'postgres-js': { readme: 'packages/postgres-js/README.md' },
  pglite: { readme: 'packages/pglite/README.md' },
  'kysely-pg': { readme: 'packages/kysely/README.md', orm: 'kysely' },
  'kysely-pglite': { readme: 'packages/kysely/README.md', orm: 'kysely' },
  'kysely-postgres-js': { readme: 'packages/kysely/README.md', orm: 'kysely-postgres-js' },
  'drizzle-pg': { readme: 'packages/drizzle/README.md', orm: 'drizzle-node-postgres' },
  'drizzle-postgres-js': { readme: 'packages/drizzle/README.md', orm: 'drizzle-postgres-js' },
  'drizzle-pglite': { readme: 'packages/drizzle/README.md', orm: 'drizzle-pglite' },
  'prisma-pg': { readme: 'packages/prisma/README.md', orm: 'prisma' },
  'prisma-pglite': { readme: 'packages/prisma/README.md', orm: 'prisma' },
  // The CLI's audit connects with node-postgres: pg is its own dependency.
  cli: { readme: 'packages/cli/README.md', cli: true, brings: ['pg'] },
};

/** The drivers pg-exact binds; a project holds only those its install line names. */
export const DRIVERS = ['pg', 'postgres', '@electric-sql/pglite'];

/**
 * The version of `name` in a release set on Node `node`: `oldest`, `latest`, or `next` (the
 * pre-release CI also tests, e.g. drizzle-orm 1.0's release candidate; else the latest). Undefined
 * when pg-exact does not pin it.
 */
export function versionFor(name, which, node) {
  const peer = PEERS[name];
  if (!peer) return undefined;
  if (which === 'next') return peer.next ?? peer.latest;
  return which === 'latest' && node < 22 && peer.latestNode20 ? peer.latestNode20 : peer[which];
}
