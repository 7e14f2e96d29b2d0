// pg-exact-test: zone-independent (ids, counters and connection faults: nothing reads the process TZ; runs under the first zone only, see scripts/test.mjs)
// Every pg-exact stack under load and faults, each scenario in a child process per stack (a crash
// ends that child, not vitest), against a private PostgreSQL 15 cluster this file starts, restarts and
// removes (never the shared server):
// - inserts: workers × inserts at once, every id the stack reports is the id stored with its row;
// - counter: concurrent transactions on the core gapless counter, every third rolled back → 1..N;
// - restart: `pg_ctl restart -m fast` under load (every server stack at once): in-flight operations
//   reject clearly, none hangs, later ones succeed, every acknowledged insert is stored;
// - pool: more checkouts than the pool holds → a clear timeout error, then service, no leaked connection;
// - stall: a link that goes silent (test/support/fault-proxy.ts) → rejections within the stack's
//   timeout options, then service with the right answers;
// - cut: every link reset under load → clear rejections, recovery, acknowledged inserts stored.
// Sizes are small by default (10×50 inserts, 20 transactions); PG_EXACT_RELIABILITY_INSERTS=50x200
// PG_EXACT_RELIABILITY_COUNTER=50 for the full ones. `npm run reliability` runs every stack and its
// vanilla twin at full size and writes docs/RELIABILITY.md.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { privateClusterAvailable, startPrivateCluster, type PrivateCluster } from '../support/private-cluster.js';
import { jobFor, runJobs, scenarioNames, sizesFromEnv, type Cell } from './run-scenarios.js';
import { appliesTo } from './scenarios.js';
import { stacks } from './stacks.js';

if (!privateClusterAvailable && process.env.CI === 'true') {
  throw new Error('CI=true and the PostgreSQL 15 server binaries are missing (/usr/lib/postgresql/15/bin, or PG_EXACT_PG_BIN)');
}
if (!privateClusterAvailable) console.warn('\n⚠ PostgreSQL server binaries not found: the load-and-faults suite is SKIPPED\n');

const sizes = sizesFromEnv();
const exactStacks = stacks.filter((stack) => stack.variant === 'exact');

(privateClusterAvailable ? describe.sequential : describe.skip)('load and faults: every pg-exact stack, a child process each', () => {
  let cluster: PrivateCluster | undefined;
  const cells = new Map<string, Cell>();

  // Every child first (three at a time: most of a child's time is waiting on timeouts and the server;
  // the restart scenario's all at once, one restart), then a test per cell.
  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const url = cluster.url();
    const jobs = scenarioNames.flatMap((scenario) =>
      exactStacks.filter((stack) => appliesTo(stack, scenario)).map((stack) => jobFor(stack.id, 'exact', scenario, url, sizes)),
    );
    for (const cell of await runJobs(jobs, { concurrency: Number(process.env.PG_EXACT_RELIABILITY_CONCURRENCY) || 3, timeoutMs: 90_000, cluster })) cells.set(`${cell.scenario} ${cell.stack}`, cell);
  }, 900_000);

  afterAll(() => cluster?.stop());

  for (const scenario of scenarioNames) {
    const applicable = exactStacks.filter((stack) => appliesTo(stack, scenario)).map((stack) => stack.id);
    describe(scenario, () => {
      test.each(applicable)('%s: no crash, no hang, the goal held', (id) => {
        const cell = cells.get(`${scenario} ${id}`);
        expect(cell, 'the child ran').toBeDefined();
        // One object, so a failure shows how the child ended and what did not hold, together.
        expect({ status: cell!.status, problems: cell!.outcome?.problems ?? [], exit: cell!.exit }).toEqual({ status: 'held', problems: [], exit: undefined });
      });
    });
  }
});
