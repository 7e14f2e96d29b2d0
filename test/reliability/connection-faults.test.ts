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
import { afterAll, beforeAll, expect, test } from 'vitest';
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
type Run = { crashed: false; result: CaseResult } | { crashed: true; code: number | null; stderr: string };

let url: string;
let admin: pg.Client;
const vanillaRecord: string[] = [];

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

/** Runs one case in a child process, injecting the fault it asks for. */
async function runCase(stack: string, variant: 'exact' | 'vanilla', fault: string): Promise<Run> {
  const proxy = fault === 'socket destroyed' ? await startCuttingProxy({ host: new URL(url).hostname, port: Number(new URL(url).port || 5432) }) : undefined;
  try {
    const child = fork(childScript, [stack, variant, fault, proxy ? proxy.urlThrough(url) : url], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.resume();
    let result: CaseResult | undefined;
    child.on('message', (message: { fault?: string; pid?: string; result?: CaseResult }) => {
      if (message.result) {
        result = message.result;
        return;
      }
      const pid = Number(message.pid);
      void (async () => {
        if (message.fault === 'terminate') {
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await waitFor(() => isGone(pid), `backend ${pid} to end`);
          // The client learns of it when the server's FIN arrives: let that happen before the next step.
          await new Promise((resolve) => setTimeout(resolve, 200));
        } else {
          await waitFor(() => isActive(pid), `backend ${pid} to run pg_sleep`);
          if (message.fault === 'terminate-active') await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          else proxy!.cutAll();
        }
        if (child.connected) child.send({ done: true });
      })().catch((error: unknown) => {
        stderr += `parent: ${String(error)}`;
        child.kill();
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    if (code === 0 && result !== undefined) return { crashed: false, result };
    return { crashed: true, code, stderr: stderr.trim().split('\n').slice(0, 12).join('\n') };
  } finally {
    await proxy?.close();
  }
}

/** The crash's own line ("Error: Unhandled 'error' event", "TypeError: …"), for the record. */
function crashLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  return lines.find((line) => /^(\w*Error|Emitted 'error')/.test(line)) ?? lines.find(Boolean) ?? '(no output)';
}

describeServer.concurrent('no connection fault crashes the process', () => {
  beforeAll(async () => {
    url = await ensureDatabase('pg_exact_crash13_faults');
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    if (vanillaRecord.length > 0) console.log(`\nVanilla stacks under the same faults:\n${vanillaRecord.sort().join('\n')}\n`);
  });

  for (const stack of stacks) {
    for (const fault of faults) {
      test(`${stack}: backend ${fault === 'socket destroyed' ? 'socket destroyed mid-query' : `terminated ${fault}`}`, async () => {
        const [exact, vanilla] = await Promise.all([
          runCase(stack, 'exact', fault),
          noVanilla.has(stack) ? undefined : runCase(stack, 'vanilla', fault),
        ]);
        if (vanilla !== undefined) {
          vanillaRecord.push(`  ${stack} / ${fault}: ${vanilla.crashed ? `CRASH (exit ${vanilla.code}) ${crashLine(vanilla.stderr)}` : `no crash; next query ${vanilla.result.next}`}`);
        }
        if (exact.crashed) expect.fail(`the process crashed (exit ${exact.code}):\n${exact.stderr}`);
        const { inFlight, transaction, next } = exact.result;
        if (fault !== 'idle in pool') {
          expect(inFlight, 'the statement the fault hit').toMatch(/^rejected /);
          expect(transaction, 'the transaction').toMatch(/^rejected /);
        }
        // One client cannot reconnect: its next query is refused. Pools connect again.
        if (stack === 'pg ExactClient') expect(next, 'the next query').toMatch(/^rejected /);
        else expect(next, 'the next query, on a new connection').toBe('ok');
      });
    }
  }
});
