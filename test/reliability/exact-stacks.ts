// The eight pg-exact stacks the value suites of test/reliability run through (the conformance
// adapters), each on the server where it can reach one, else on its embedded PGlite.
import { describe } from 'vitest';
import { describeServer } from '../support/vitest-server.js';
import type { ConformanceAdapter, TargetKind } from '../conformance/adapter.js';
import { drizzleNodePostgresExact, drizzlePGliteExact, drizzlePostgresJsExact } from '../conformance/adapters/drizzle.js';
import { kyselyExact } from '../conformance/adapters/kysely.js';
import { pgExact } from '../conformance/adapters/pg.js';
import { pgliteExact } from '../conformance/adapters/pglite.js';
import { postgresJsExact } from '../conformance/adapters/postgres-js.js';
import { prismaExact } from '../conformance/adapters/prisma.js';

export const exactStacks: readonly ConformanceAdapter[] = [
  pgExact,
  postgresJsExact,
  pgliteExact,
  kyselyExact,
  drizzleNodePostgresExact,
  drizzlePostgresJsExact,
  drizzlePGliteExact,
  prismaExact,
];

export { prismaExact };

/** `describe` for one stack on its target (`describeServer` when that is the server): `body(kind)`. */
export function describeStack(stack: ConformanceAdapter, title: string, body: (kind: TargetKind) => void): void {
  const kind: TargetKind = stack.targets.includes('server') ? 'server' : 'pglite';
  (kind === 'server' ? describeServer : describe)(`${stack.name} on ${kind}${title}`, () => body(kind));
}
