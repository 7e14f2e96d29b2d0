// postgres.js 3.4.x's known defect (porsager/postgres#1154, #1208), in a process of its own:
//   node upstream-defect.child.mjs <dir holding node_modules/postgres> <url> <begin|reserve> [<package name, default postgres>]
// Kills the backend of a transaction (or a reserved connection) with pg_terminate_backend, then
// queries on it. Prints 'settled …' and exits 0 if the process survives; postgres.js 3.4.x throws
// from its own socket code instead (`Cannot read properties of null (reading 'write')`).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { exactOptions } from '@pg-exact/postgres-js';
import pg from 'pg';

const [dir, url, mode, name = 'postgres'] = process.argv.slice(2);
const entry = createRequire(pathToFileURL(`${dir}/package.json`)).resolve(name);
const { default: postgres } = await import(pathToFileURL(entry).href);
const admin = new pg.Client(url);
await admin.connect();
const sql = postgres(url, exactOptions({ max: 1 }));
const terminate = async (pid) => {
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
};
let outcome;
try {
  if (mode === 'begin') {
    await sql.begin(async (tx) => {
      const [{ pid }] = await tx`SELECT pg_backend_pid() AS pid`;
      await terminate(pid);
      await tx`SELECT 1`;
    });
  } else {
    const reserved = await sql.reserve();
    const [{ pid }] = await reserved`SELECT pg_backend_pid() AS pid`;
    await terminate(pid);
    await reserved`SELECT 1`;
  }
  outcome = 'resolved';
} catch (error) {
  outcome = `rejected ${error.code}`;
}
await new Promise((r) => setTimeout(r, 300));
console.log(`settled ${outcome}`);
await admin.end();
process.exit(0);
