// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// `pg-exact preset <name> --online`: the same steps as core's onlineMigration, driven from the
// command line one at a time (plan, start, status, run, cleanup), on a server table.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectRaw, ensureDatabase } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { runCli } from './run-cli.js';

const schema = `online_cli_${randomBytes(4).toString('hex')}`;
let url: string;
let client: pg.Client;

beforeAll(async () => {
  url = await ensureDatabase('pg_exact_online_test');
  client = await connectRaw({ url });
  await client.query(`CREATE SCHEMA ${schema}`);
});
afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const online = (...args: string[]) =>
  runCli(['preset', 'int4-to-int8', '--table', 'orders', '--column', 'id', '--schema', schema, '--online', '--database-url', url, '--batch-size', '300', '--sleep', '0', ...args]);

describeServer('pg-exact preset --online', () => {
  test('plan, start, status, run (to the swap), cleanup', async () => {
    await client.query(`CREATE TABLE ${schema}.orders (id serial PRIMARY KEY, v text);
      INSERT INTO ${schema}.orders (v) SELECT 'v' || g FROM generate_series(1, 1000) g;
      CREATE TABLE ${schema}.lines (order_id integer REFERENCES ${schema}.orders (id));`);

    const plan = await online('--step', 'plan');
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain(`int4ToInt8:${schema}.orders.id: integer → bigint`);
    expect(plan.stdout).toContain('index orders_pkey: rebuilt CONCURRENTLY on id_pgx_new');
    expect(plan.stdout).toMatch(/foreign key lines_order_id_fkey on .*lines \(order_id integer\).*convert it too/);

    expect((await online('--step', 'start')).stdout).toContain(`int4ToInt8:${schema}.orders.id: started`);
    expect((await online('--step', 'status')).stdout).toContain(': started');
    const run = await online();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('swapped — the old values stay in id_pgx_old until --step cleanup');
    const cleanup = await online('--step', 'cleanup');
    expect(cleanup.stdout).toContain(': cleaned');

    const column = await client.query(`SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = '${schema}.orders'::regclass AND attname = 'id'`);
    expect(column.rows[0].type).toBe('bigint');
    const rows = await client.query(`SELECT count(*)::text AS n, min(id)::text AS min, max(id)::text AS max FROM ${schema}.orders`);
    expect(rows.rows[0]).toEqual({ n: '1000', min: '1', max: '1000' });
  });

  test('usage errors: a preset without an online form, an --online option without --online, no database', async () => {
    const identity = await runCli(['preset', 'serial-to-identity', '--table', 't', '--column', 'id', '--online', '--database-url', url]);
    expect(identity.code).toBe(2);
    expect(identity.stderr).toContain('--online applies to int4-to-int8');
    const step = await runCli(['preset', 'int4-to-int8', '--table', 't', '--column', 'id', '--step', 'swap']);
    expect(step.code).toBe(2);
    expect(step.stderr).toContain('--step only applies with --online');
    const out = await runCli(['preset', 'int4-to-int8', '--table', 't', '--column', 'id', '--online', '--out', 'migrations']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--out writes a migration file; --online runs the change on the database instead');
    const noUrl = await runCli(['preset', 'int4-to-int8', '--table', 't', '--column', 'id', '--online'], { DATABASE_URL: '' });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--online needs a database');
  });
});
