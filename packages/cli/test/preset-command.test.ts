// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// `pg-exact preset`: its SQL applied to a server database holding data keeps values, sequence
// positions and constraints, and a second apply changes nothing; the Kysely file runs as a
// migration; the Drizzle and Prisma formats come from those packages' ./migrations modules.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectRaw } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { runCli } from './run-cli.js';

const schema = `pgx_cli_preset_${randomBytes(4).toString('hex')}`;
let client: pg.Client;

beforeAll(async () => {
  client = await connectRaw();
  await client.query(`CREATE SCHEMA ${schema}`);
});
afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** Everything a preset could disturb, as the server prints it. */
async function state(table: string) {
  const q = (sql: string) => client.query(sql).then((r) => r.rows);
  return {
    columns: await q(`SELECT attname, format_type(atttypid, atttypmod) AS type, attidentity, attnotnull FROM pg_attribute
                       WHERE attrelid = '${schema}.${table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`),
    constraints: await q(`SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '${schema}.${table}'::regclass ORDER BY conname`),
    rows: await q(`SELECT * FROM ${schema}.${table} ORDER BY id`),
    sequence: await q(`SELECT s.last_value, s.data_type FROM pg_sequences s
                        WHERE format('%I.%I', s.schemaname, s.sequencename) = pg_get_serial_sequence('${schema}.${table}', 'id')`),
  };
}

async function presetSql(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli(['preset', ...args, '--schema', schema]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

describeServer('pg-exact preset --orm sql on a table with data', () => {
  test('each preset keeps values, sequence and constraints; a second apply is a no-op', async () => {
    await client.query(`
      CREATE TABLE ${schema}.orders (id serial PRIMARY KEY, price float8 CHECK (price >= 0), at timestamp NOT NULL, doc json);
      INSERT INTO ${schema}.orders (price, at, doc) VALUES (0.1, '2024-03-10 02:30:00', '{"n": 12345678901234567890}'), (19.99, '2024-07-01 12:00:00.123456', '[1, 2]');
      INSERT INTO ${schema}.orders (id, price, at) VALUES (50, 0.3, '2024-01-01');`);
    const steps: [string[], (before: Awaited<ReturnType<typeof state>>, after: Awaited<ReturnType<typeof state>>) => void][] = [
      [['resync-sequence', '--table', 'orders', '--column', 'id'], (_b, a) => expect(a.sequence).toEqual([{ last_value: '50', data_type: 'integer' }])],
      [['serial-to-identity', '--table', 'orders', '--column', 'id'], (b, a) => {
        expect(a.sequence).toEqual(b.sequence);
        expect(a.columns[0].attidentity).toBe('d');
      }],
      [['int4-to-int8', '--table', 'orders', '--column', 'id'], (_b, a) => {
        expect(a.columns[0].type).toBe('bigint');
        expect(a.sequence).toEqual([{ last_value: '50', data_type: 'bigint' }]);
      }],
      [['timestamp-to-timestamptz', '--table', 'orders', '--column', 'at', '--from-zone', 'America/New_York'], (_b, a) => {
        expect(a.columns[2].type).toBe('timestamp with time zone');
        expect(a.rows.map((r) => r.at)).toEqual(['2024-03-10 07:30:00+00', '2024-07-01 16:00:00.123456+00', '2024-01-01 05:00:00+00']);
      }],
      [['json-to-jsonb', '--table', 'orders', '--column', 'doc'], (_b, a) => {
        expect(a.rows.map((r) => r.doc)).toEqual(['{"n": 12345678901234567890}', '[1, 2]', null]);
      }],
      [['float-to-numeric', '--table', 'orders', '--column', 'price'], (_b, a) => {
        expect(a.rows.map((r) => r.price)).toEqual(['0.1', '19.99', '0.3']);
        expect(a.constraints.find((c) => c.contype === 'c')?.def).toMatch(/price\)::double precision >= /); // kept, now over a cast
      }],
    ];
    for (const [args, check] of steps) {
      const before = await state('orders');
      const sql = await presetSql(args);
      expect(sql).toMatch(/SET LOCAL lock_timeout = '5s'/);
      expect(sql).toContain('\\set ON_ERROR_STOP on\nBEGIN;'); // psql stops (exit 3) on the first error
      const forClient = sql.replace('\\set ON_ERROR_STOP on\n', ''); // a psql meta-command
      await client.query(forClient); // BEGIN … COMMIT; the down is a comment
      const after = await state('orders');
      expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
      expect(after.constraints.map((c) => c.conname)).toEqual(before.constraints.map((c) => c.conname));
      check(before, after);
      await client.query(forClient);
      expect(await state('orders'), `second apply of ${args[0]} changed something`).toEqual(after);
    }
    // The sequence still hands out the next id after everything.
    const { rows } = await client.query(`INSERT INTO ${schema}.orders (price, at) VALUES (1, now()) RETURNING id`);
    expect(rows[0].id).toBe('51');
  });

  test('--orm sql --out writes up and down files', async () => {
    const dir = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), '.tmp-sql-'));
    try {
      const { code, stdout } = await runCli(['preset', 'json-to-jsonb', '--table', 'events', '--column', 'doc', '--out', dir]);
      expect(code).toBe(0);
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(2);
      expect(files[0]).toMatch(/^\d{14}_json_to_jsonb_events_doc\.down\.sql$/);
      expect(stdout).toContain('wrote');
      expect(await readFile(join(dir, files[1]!), 'utf8')).toMatch(/ALTER COLUMN %I TYPE jsonb/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--orm kysely writes a migration file that runs through Kysely', async () => {
    await client.query(`CREATE TABLE ${schema}.ledger (id serial PRIMARY KEY, amount float8);
      INSERT INTO ${schema}.ledger (amount) VALUES (0.1), (2.675);`);
    // Inside the package, so the file resolves kysely and @pg-exact/kysely like an app's would.
    const dir = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), '.tmp-kysely-'));
    try {
      const { code } = await runCli(['preset', 'float-to-numeric', '--table', 'ledger', '--column', 'amount', '--schema', schema, '--orm', 'kysely', '--out', dir, '--precision', '12', '--scale', '3']);
      expect(code).toBe(0);
      const [file] = await readdir(dir);
      const migration = (await import(join(dir, file!))) as { up(db: unknown): Promise<void>; down(db: unknown): Promise<void> };
      const { Kysely } = await import('kysely');
      const { ExactPostgresDialect } = await import('@pg-exact/kysely');
      const { databaseUrl } = await import('../../../test/support/server.js');
      const db = new Kysely<any>({ dialect: new ExactPostgresDialect({ connectionString: databaseUrl, max: 1 }) });
      try {
        await migration.up(db);
        await migration.up(db); // idempotent
        const { rows } = await client.query(`SELECT amount FROM ${schema}.ledger ORDER BY id`);
        expect(rows.map((r) => r.amount)).toEqual(['0.100', '2.675']);
        await migration.down(db);
        const { rows: back } = await client.query(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = '${schema}.ledger'::regclass AND attname = 'amount'`);
        expect(back[0].t).toBe('double precision');
      } finally {
        await db.destroy();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('usage errors exit 2 and name the problem', async () => {
  const missingZone = await runCli(['preset', 'timestamp-to-timestamptz', '--table', 't', '--column', 'c']);
  expect(missingZone.code).toBe(2);
  expect(missingZone.stderr).toMatch(/--from-zone <IANA zone> is required/);
  expect((await runCli(['preset', 'serial-to-identity', '--table', 't'])).stderr).toMatch(/--column <value> is required/);
  expect((await runCli(['preset', 'nope', '--table', 't', '--column', 'c'])).stderr).toMatch(/unknown preset "nope"/);
  expect((await runCli(['preset', 'json-to-jsonb', '--table', 't', '--column', 'c', '--orm', 'typeorm'])).code).toBe(2);
  expect((await runCli(['preset', 'json-to-jsonb', '--table', 't', '--column', 'c', '--from-zone', 'UTC'])).stderr).toMatch(/only applies to timestamp-to-timestamptz/);
  expect((await runCli(['preset', 'timestamp-to-timestamptz', '--table', 't', '--column', 'c', '--from-zone', '+05:00'])).stderr).toMatch(/not an IANA zone/);
});

test('option values are kept as typed: names that look like numbers stay names', async () => {
  const { code, stdout } = await runCli(['preset', 'json-to-jsonb', '--table', '007', '--column', '1e3', '--schema', '0x10']);
  expect(code).toBe(0);
  expect(stdout).toContain(`'"0x10"."007"'`);
  expect(stdout).toContain(`'1e3'`);
  expect(stdout).not.toMatch(/"7"|'1000'|"16"/);
});

test('every command has --help', async () => {
  for (const command of [[], ['audit'], ['preset'], ['demo']]) {
    const { code, stdout } = await runCli([...command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage:/);
  }
});

test('--orm drizzle and --orm prisma print the SQL from those packages, and --out writes their migration layouts', async () => {
  const args = ['preset', 'json-to-jsonb', '--table', 't', '--column', 'c'];
  const drizzle = await runCli([...args, '--orm', 'drizzle']);
  const prisma = await runCli([...args, '--orm', 'prisma']);
  for (const result of [drizzle, prisma]) {
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TYPE jsonb/);
    expect(result.stdout).toMatch(/lock_timeout/);
  }
  expect(prisma.stdout).toMatch(/^BEGIN;$/m); // prisma migrate deploy opens no transaction itself

  const dir = await mkdtemp(join(tmpdir(), 'pgx-cli-orm-'));
  try {
    expect((await runCli([...args, '--orm', 'drizzle', '--out', join(dir, 'drizzle')])).code).toBe(0);
    const journal = JSON.parse(await readFile(join(dir, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(journal.entries.map((entry) => entry.tag)).toEqual([expect.stringMatching(/^0000_json_to_jsonb_t_c$/)]);
    expect(await readFile(join(dir, 'drizzle', `${journal.entries[0]!.tag}.sql`), 'utf8')).toMatch(/TYPE jsonb/);

    expect((await runCli([...args, '--orm', 'prisma', '--out', join(dir, 'prisma')])).code).toBe(0);
    const [migration] = await readdir(join(dir, 'prisma'));
    expect(migration).toMatch(/^\d{14}_json_to_jsonb_t_c$/);
    expect(await readFile(join(dir, 'prisma', migration!, 'migration.sql'), 'utf8')).toMatch(/TYPE jsonb/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
