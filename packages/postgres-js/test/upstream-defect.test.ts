// pg-exact-test: zone-independent (a driver crash: no value depends on the process TZ)
// KNOWN UPSTREAM DEFECT, postgres.js 3.4.x (porsager/postgres#1154, #1208, open): a connection lost
// inside `sql.begin` or on a reserved connection makes postgres.js throw from its own socket code
// (`TypeError: Cannot read properties of null (reading 'write')` in nextWrite, a setImmediate), which
// no public hook reaches: the process dies. pg-exact cannot contain it (only a process-wide
// 'uncaughtException' handler could, which is the application's to install), so the README says so.
// This test asserts the crash, in a child process, with pg-exact's options; it FAILS when a 3.4.x
// release fixes it — then drop the warning in the README. postgres.js 4 is not affected
// (test/reliability/connection-faults.test.ts).
//
// It runs on the newest 3.x, installed in the workspace as `postgres-3` (npm:postgres@3.4.10), and in
// the version matrix's oldest cell on its postgres 3.4.0 (PG_EXACT_PEERS_DIR), or on
// PG_EXACT_POSTGRES3_DIR=<a folder where `npm install postgres@3.4.x` ran>.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { databaseUrl } from './helpers.js';

const childScript = fileURLToPath(new URL('./upstream-defect.child.mjs', import.meta.url));

function postgres3(): { dir: string; name: string } {
  for (const dir of [process.env.PG_EXACT_PEERS_DIR, process.env.PG_EXACT_POSTGRES3_DIR]) {
    if (!dir) continue;
    const manifest = join(dir, 'node_modules', 'postgres', 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.startsWith('3.')) return { dir, name: 'postgres' };
  }
  // The workspace's own 3.x (a devDependency alias of this package).
  return { dir: fileURLToPath(new URL('..', import.meta.url)), name: 'postgres-3' };
}

const { dir, name } = postgres3();

describeServer('postgres.js 3.4.x: a connection lost inside a transaction crashes the process (known upstream defect)', () => {
  for (const mode of ['begin', 'reserve'] as const) {
    test(`sql.${mode}: the backend terminated, postgres.js crashes the process or never settles`, () => {
      const run = spawnSync(process.execPath, [childScript, dir, databaseUrl, mode, name], { encoding: 'utf8', timeout: 10_000 });
      expect(run.stdout, 'the process survived: upstream fixed #1154/#1208, drop the README warning').not.toMatch(/settled/);
      if (run.signal === 'SIGTERM') {
        // The other face of the defect (3.4.0 here): the transaction is left pending, never settled.
        expect(run.stdout).toBe('');
        return;
      }
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/Cannot read properties of null \(reading 'write'\)/);
    });
  }
});
