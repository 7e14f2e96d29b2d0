// Reproductions of PGlite defects pg-exact guards against but cannot fix, for reporting upstream.
// Run in a child process by upstream-defects.test.ts (a hang must not block vitest); prints one JSON
// line per defect with what PGlite did.
import { PGlite } from '@electric-sql/pglite';

const results = {};
const db = await PGlite.create();
await db.exec('CREATE TABLE t (v jsonb)');

// 1. A jsonb document ~7,000 levels deep (the server stores ~14,000; PostgreSQL reports "stack depth
//    limit exceeded" beyond): PGlite fails with an unrelated protocol error.
const depth = 7000;
const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
results.deepJsonb = await db.query('INSERT INTO t VALUES ($1)', [text]).then(
  (r) => ({ resolved: true, rows: r.rows.length, affectedRows: r.affectedRows ?? null }),
  (e) => ({ resolved: false, message: String(e.message ?? e) }),
);
results.deepJsonbStored = (await db.query('SELECT count(*)::int AS n FROM t')).rows[0].n;

// 2. statement_timeout is accepted and ignored.
await db.exec(`SET statement_timeout = '50ms'`);
const started = Date.now();
results.statementTimeout = await db.query('SELECT pg_sleep(0.5)').then(
  () => ({ timedOut: false, ms: Date.now() - started }),
  (e) => ({ timedOut: /statement timeout/.test(String(e.message)), message: String(e.message ?? e) }),
);
console.log(JSON.stringify(results));
process.exit(0);
