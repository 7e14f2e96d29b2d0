// pg-exact-test: zone-independent (connection faults: no value depends on the process TZ)
// No connection fault crashes the process through a pg-exact entry point (DESIGN: Faults and bad
// input): a backend terminated while idle in the pool, while idle in a transaction or mid-query,
// and a socket destroyed mid-query each become a rejection of the query in flight (or of the
// next one), the broken connection is discarded and the next query runs. Each case runs in a
// child process (connection-faults.child.mjs), so a crash fails the case instead of killing
// vitest, and the same case runs through the vanilla stack, whose crashes are recorded (printed at
// the end), not asserted: they are what pg-exact fixes, and upstream may fix them too.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, test } from 'vitest';
import { startCuttingProxy } from '../support/cutting-proxy.js';
import { ensureDatabase } from '../support/server.js';
import { describeServer } from '../support/vitest-server.js';

const childScript = fileURLToPath(new URL('./connection-faults.child.mjs', import.meta.url));

const stacks = [
  'pg createPool',
  'pg ExactClient',
  'kysely { pool: createPool() }',
  'kysely { connectionString }',
  'kysely { pool: user pg.Pool with an error listener }',
  'kysely postgres-js { connectionString }',
  'drizzle node-postgres',
  'drizzle postgres-js',
  'prisma adapter',
  'postgres-js createSql',
] as const;
/** Stacks with no vanilla twin in the child (the same vanilla stack as another row, or none installed). */
const noVanilla = new Set<string>(['kysely { connectionString }', 'kysely postgres-js { connectionString }']);
const faults = ['idle in pool', 'idle in transaction', 'mid-query', 'socket destroyed'] as const;

interface CaseResult {
  inFlight: string;
  transaction?: string;
  next: string;
}
type Outcome = { crashed: false; result: CaseResult } | { crashed: true; code: number | null; stderr: string };

let url: string;
let admin: pg.Client;
const vanillaRecord: string[] = [];
const runs = new Map<string, Promise<[Map<string, Outcome>, Map<string, Outcome> | undefined]>>();

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const isActive = async (pid: number) =>
  (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`, [pid])).rowCount === 1;
const isGone = async (pid: number) => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0;

/** Runs `faults` in order through one stack in a child process; after a crash, the rest in a new one. */
async function runFaults(stack: string, variant: 'exact' | 'vanilla', faults: readonly string[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const server = new URL(url);
  const proxy = await startCuttingProxy({ host: server.hostname, port: Number(server.port || 5432) });
  try {
    while (outcomes.size < faults.length) {
      const left = faults.filter((fault) => !outcomes.has(fault));
      const child = fork(childScript, [stack, variant, left.join(','), url, proxy.urlThrough(url)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout!.resume();
      child.on('message', (message: { fault?: string; result?: CaseResult; inject?: string; pid?: string }) => {
        if (message.fault !== undefined && message.result !== undefined) {
          outcomes.set(message.fault, { crashed: false, result: message.result });
          return;
        }
        const pid = Number(message.pid);
        void (async () => {
          if (message.inject === 'terminate') {
            await admin.query('SELECT pg_terminate_backend($1)', [pid]);
            await waitFor(() => isGone(pid), `backend ${pid} to end`);
            // The client learns of it when the server's FIN arrives: let that happen before the next step.
            await new Promise((resolve) => setTimeout(resolve, 200));
          } else {
            await waitFor(() => isActive(pid), `backend ${pid} to run pg_sleep`);
            if (message.inject === 'terminate-active') await admin.query('SELECT pg_terminate_backend($1)', [pid]);
            else proxy.cutAll();
          }
          if (child.connected) child.send({ done: true });
        })().catch((error: unknown) => {
          stderr += `parent: ${String(error)}`;
          child.kill();
        });
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      if (code !== 0) {
        const crashed = faults.find((fault) => !outcomes.has(fault))!;
        outcomes.set(crashed, { crashed: true, code, stderr: stderr.trim().split('\n').slice(0, 12).join('\n') });
      }
    }
    return outcomes;
  } finally {
    await proxy.close();
  }
}

/** The crash's own line ("Error: Unhandled 'error' event", "TypeError: …"), for the record. */
function crashLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  return lines.find((line) => /^(\w*Error|Emitted 'error')/.test(line)) ?? lines.find(Boolean) ?? '(no output)';
}

describeServer('no connection fault crashes the process', () => {
  beforeAll(async () => {
    url = await ensureDatabase('pg_exact_crash13_faults');
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Every stack at once (vitest would run 5 tests at a time): the children mostly wait on the server.
    for (const stack of stacks) {
      const both = Promise.all([runFaults(stack, 'exact', faults), noVanilla.has(stack) ? undefined : runFaults(stack, 'vanilla', faults)]);
      both.catch(() => undefined); // reported by the stack's test
      runs.set(stack, both);
    }
  });

  afterAll(async () => {
    await admin?.end();
    if (vanillaRecord.length > 0) console.log(`\nVanilla stacks under the same faults:\n${vanillaRecord.sort().join('\n')}\n`);
  });

  for (const stack of stacks) {
    test(`${stack}: a backend terminated idle in the pool, idle in a transaction, mid-query; a socket destroyed mid-query`, async ({ expect }) => {
      const [exact, vanilla] = await runs.get(stack)!;
      for (const fault of faults) {
        const v = vanilla?.get(fault);
        if (v !== undefined) {
          vanillaRecord.push(`  ${stack} / ${fault}: ${v.crashed ? `CRASH (exit ${v.code}) ${crashLine(v.stderr)}` : `no crash; next query ${v.result.next}`}`);
        }
        const outcome = exact.get(fault)!;
        if (outcome.crashed) {
          expect.soft(outcome.crashed, `${fault}: the process crashed (exit ${outcome.code}):\n${outcome.stderr}`).toBe(false);
          continue;
        }
        const { inFlight, transaction, next } = outcome.result;
        if (fault !== 'idle in pool') {
          expect.soft(inFlight, `${fault}: the statement the fault hit`).toMatch(/^rejected /);
          expect.soft(transaction, `${fault}: the transaction`).toMatch(/^rejected /);
        }
        // One client cannot reconnect: its next query is refused. Pools connect again.
        if (stack === 'pg ExactClient') expect.soft(next, `${fault}: the next query`).toMatch(/^rejected /);
        else expect.soft(next, `${fault}: the next query, on a new connection`).toBe('ok');
      }
    });
  }
});
