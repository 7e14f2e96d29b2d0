// The trap suite over one pg-exact stack, on the server (non-UTC default TimeZone) and on PGlite;
// scripts/test.mjs runs it under four process time zones. Every path must be exact. Each stack
// family has its own *.test.ts file so vitest runs them in parallel.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { describeServer } from '../support/vitest-server.js';
import type { ConformanceAdapter, ConformanceSession } from './adapter.js';
import { trapCases } from './cases.js';
import { runCase } from './run-cases.js';
import { openTarget, type OpenTarget } from './targets.js';

export function defineConformance(adapter: ConformanceAdapter): void {
  if (!adapter.exact) throw new Error(`${adapter.name} is vanilla: the conformance suite judges pg-exact stacks only`);
  for (const kind of adapter.targets) {
    (kind === 'server' ? describeServer : describe)(`${adapter.name} on ${kind}`, () => {
      const schema = `pgx_conformance_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      let opened: OpenTarget;
      let session: ConformanceSession;

      beforeAll(async () => {
        opened = await openTarget(kind, inject('conformanceUrl'));
        session = await adapter.open(opened.target);
        await session.execute(`CREATE SCHEMA "${schema}"`);
      });

      afterAll(async () => {
        await session?.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await session?.close();
        await opened?.close();
      });

      test.each(trapCases)('$id $title', async (trap) => {
        for (const outcome of await runCase(session, schema, trap, adapter.knownLimit?.bind(adapter))) {
          // A documented limit (adapter.knownLimit) is accepted; the matrix shows it as one.
          expect.soft(outcome.exact || outcome.limit !== undefined, `${trap.id} ${outcome.path} path: got ${outcome.shown}`).toBe(true);
        }
      });
    });
  }
}
