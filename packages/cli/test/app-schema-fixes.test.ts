// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// Issue 14: every fix `pg-exact audit` prints applies on a realistic application schema
// (fixtures/app-schema.sql: views, views on views, a materialized view with an index, grants and a
// comment, a rule, FK chains with composite keys, a users.id referenced by 26 int4 columns,
// partitioned tables, unowned and shared sequences, a CHECK calling json_typeof, a generated
// column, grants to an application role). Every printed fix is piped into psql (one database)
// and run with --apply (another), each twice; then data, next ids, views, the materialized view,
// grants and comments are what they were, the app role can still insert (ids past 2^31
// included), and a new audit finds only what it explained it cannot fix.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AuditFinding } from '@pg-exact/core';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { databaseUrl } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { runCli as runCliInProcess } from '../src/cli.js';

/**
 * Runs the CLI in this process (a spawn per call made the suite take minutes), capturing what it
 * writes; the bin itself is covered by the other CLI suites.
 */
async function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write.bind(process.stdout);
  const log = console.log;
  const error = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  console.log = (...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  };
  console.error = (...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  };
  try {
    const code = await runCliInProcess(['node', 'pg-exact', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write;
    console.log = log;
    console.error = error;
  }
}

const suffix = randomBytes(4).toString('hex');
const role = `pgx_presets14_app_${suffix}`;
const viaPsql = `pgx_presets14_psql_${suffix}`;
const viaApply = `pgx_presets14_apply_${suffix}`;
const fixture = fileURLToPath(new URL('./fixtures/app-schema.sql', import.meta.url));
const urlOf = (database: string, user?: string) => {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  if (user !== undefined) url.username = user;
  return url.toString();
};

type Finding = AuditFinding;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (text: string) => text } });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function psql(database: string, input: string, extra: string[] = []): { status: number | null; stderr: string } {
  const result = spawnSync('psql', ['-X', '-q', ...extra, urlOf(database)], { input, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stderr: result.stderr };
}

/** Everything the fixes must keep, as the server prints it. */
async function snapshot(database: string) {
  return withClient(urlOf(database), async (db) => {
    await db.query(`SET TimeZone = 'UTC'`); // a timestamp written in UTC and its timestamptz print the same as ::timestamp
    const q = async (sql: string) => (await db.query(sql)).rows.map((row) => Object.values(row).join('|')).join('\n');
    return {
      users: await q('SELECT id::text, email, created_at::timestamp::text FROM users ORDER BY id'),
      orders: await q('SELECT id::text, placed_on::text, user_id::text, unit_price::text, freight::text, taxes_rate::text, discount::text, payload::jsonb::text, total_with_freight::text FROM orders ORDER BY id'),
      memberships: await q('SELECT org_id::text, member_id::text, note FROM membership_audit ORDER BY id'),
      refs: await q('SELECT count(*)::text, sum(user_id)::text FROM user_ref_7'),
      invoices: await q('SELECT id::text, user_id::text, amount::text FROM invoices ORDER BY id'),
      userEmails: await q('SELECT id::text, email FROM user_emails ORDER BY id'),
      recent: await q('SELECT id::text, email FROM recent_user_emails ORDER BY id'),
      orderLines: await q('SELECT id::text, email, payload_kind, round(total_with_freight::numeric, 6)::text FROM order_lines ORDER BY id'),
      totals: await q('SELECT user_id::text, orders::text, round(spent::numeric, 6)::text FROM user_order_totals ORDER BY user_id'),
      matviewIndex: await q(`SELECT indexname FROM pg_indexes WHERE tablename = 'user_order_totals'`),
      comments: await q(`SELECT obj_description('recent_user_emails'::regclass, 'pg_class'), obj_description('user_order_totals'::regclass, 'pg_class'), col_description('users'::regclass, 2)`),
      viewOptions: await q(`SELECT reloptions::text FROM pg_class WHERE oid = 'order_lines'::regclass`),
      rule: await q(`SELECT rulename FROM pg_rules WHERE tablename = 'users'`),
      grants: await q(
        `SELECT has_table_privilege('${role}', 'user_emails', 'SELECT')::text, has_table_privilege('${role}', 'user_order_totals', 'SELECT')::text,
                has_table_privilege('${role}', 'order_lines', 'SELECT')::text, has_table_privilege('${role}', 'users', 'INSERT')::text`,
      ),
      checks: await q(`SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c' ORDER BY 1`),
      policies: await q(`SELECT policyname, cmd, roles::text FROM pg_policies WHERE tablename = 'invoices' ORDER BY 1`),
      triggers: await q(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal`),
      indexes: await q(`SELECT indexname, obj_description(indexname::regclass, 'pg_class') FROM pg_indexes WHERE indexname IN ('users_theme', 'orders_expensive') ORDER BY 1`),
      partitionIndexes: await q(`SELECT inhparent::regclass::text, count(*)::text FROM pg_inherits WHERE inhparent IN ('orders_expensive'::regclass, 'orders_total'::regclass) GROUP BY 1 ORDER BY 1`),
    };
  });
}

/** The position of the sequence behind each id column: the next default id depends on it. */
async function sequencePositions(database: string): Promise<Record<string, string>> {
  return withClient(urlOf(database), async (db) => {
    const out: Record<string, string> = {};
    for (const table of ['users', 'orders', 'notes', 'tags', 'orgs']) {
      const { rows } = await db.query(
        `SELECT pg_sequence_last_value(coalesce(pg_get_serial_sequence('${table}', 'id')::regclass,
                (SELECT substring(pg_get_expr(adbin, adrelid) FROM 'nextval[(]''([^'']+)''')::regclass
                   FROM pg_attrdef WHERE adrelid = '${table}'::regclass AND adnum = 1)))::text AS last_value`,
      );
      out[table] = String(rows[0]?.last_value);
    }
    return out;
  });
}

async function auditJson(database: string): Promise<Finding[]> {
  const result = await runCli(['audit', urlOf(database), '--format', 'json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Finding[];
}

/** The fix as CLI arguments (`pg-exact preset …` split as the shell would; the fixture's names need no quoting). */
const cliArgs = (fix: string) => fix.replace(/^pg-exact /, '').split(' ');

let findings: Finding[] = [];
let before: Awaited<ReturnType<typeof snapshot>>;
let positions: Record<string, string>;

describeServer('fixes printed by pg-exact audit apply on a realistic schema', () => {
  beforeAll(async () => {
    await withClient(databaseUrl, async (admin) => {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      for (const db of [viaPsql, viaApply]) await admin.query(`CREATE DATABASE ${db}`);
    });
    for (const db of [viaPsql, viaApply]) {
      const loaded = psql(db, readFileSync(fixture, 'utf8'), ['-v', 'ON_ERROR_STOP=1', '-v', `app_role=${role}`]);
      expect(loaded.stderr).toBe('');
      expect(loaded.status).toBe(0);
    }
    findings = await auditJson(viaPsql);
    before = await snapshot(viaPsql);
    positions = await sequencePositions(viaPsql);
  }, 120_000);

  afterAll(async () => {
    await withClient(databaseUrl, async (admin) => {
      for (const db of [viaPsql, viaApply]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    });
  });

  test('the audit sees every trap of the schema, unowned and shared sequences included, and says which fix cannot apply', () => {
    const found = (kind: string, table: string, column: string) => findings.find((f) => f.kind === kind && f.table === table && f.column === column);
    for (const table of ['users', 'orders', 'invoices', 'notes', 'tags', 'orgs']) expect(found('serial-column', table, 'id')).toBeDefined();
    expect(found('int4-sequence-exhaustion', 'users', 'id')?.fixable).toBe(true);
    expect(found('sequence-behind-max', 'invoices', 'id')).toBeDefined();
    // A bigint key whose referencing column is int4: reported against the int4 range.
    expect(found('int4-sequence-exhaustion', 'accounts', 'id')?.detail).toMatch(/1 int4 column references it \(public\.account_events\.account_id\)/);
    expect(found('json-column', 'orders', 'payload')?.fixable).toBe(true);
    for (const column of ['unit_price', 'freight', 'taxes_rate']) expect(found('float-money-column', 'orders', column)).toBeDefined();
    expect(found('float-money-column', 'orders', 'discount')).toBeUndefined(); // a ratio: CHECK (discount <= 1)
    // Rails' tables are there: UTC, with the reason; no finding needs the user to name a zone.
    expect(found('timestamp-without-time-zone', 'users', 'created_at')?.fix).toMatch(/--from-zone UTC$/);
    expect(findings.filter((f) => f.input !== null)).toEqual([]);
    // A partition key: no command, the manual path as an SQL comment.
    const key = found('timestamp-without-time-zone', 'events', 'at')!;
    expect(key.fixable).toBe(false);
    expect(key.fix).toMatch(/^-- no automatic fix: events\.at is part of the partition key of events\./);
    expect(found('timestamp-without-time-zone', 'sessions', 'started_at')?.blockers).toEqual([
      'sessions.started_at is used by the generated column started_on, whose expression would depend on the session TimeZone as timestamptz (not immutable)',
    ]);
    expect(findings.filter((f) => f.fixable).length).toBeGreaterThanOrEqual(30);
  });

  test('the text report explains each kind once, lists the columns, counts by schema and table, and filters', async () => {
    const report = await runCli(['audit', urlOf(viaPsql)]);
    expect(report.code).toBe(1);
    const serials = findings.filter((f) => f.kind === 'serial-column').length;
    expect(report.stdout.split('A nextval() default instead of an identity column').length - 1).toBe(1);
    expect(report.stdout).toContain(`✖ serial-column (${serials})`);
    expect(report.stdout).toMatch(/^By schema: public \d+$/m);
    expect(report.stdout).toMatch(/^By table: public\.orders \d+, /m);
    expect(report.stdout).toMatch(/2 without an automatic fix/);
    // About two lines per finding, not five.
    expect(report.stdout.split('\n').length).toBeLessThan(findings.length * 2 + 40);
    const filtered = await runCli(['audit', urlOf(viaPsql), '--format', 'json', '--kind', 'json-column', '--table', 'orders']);
    expect((JSON.parse(filtered.stdout) as Finding[]).map((f) => `${f.table}.${f.column}`)).toEqual(['orders.payload']);
    expect((await runCli(['audit', urlOf(viaPsql), '--kind', 'nope'])).code).toBe(2);
  }, 60_000);

  test('every printed fix piped into psql applies, twice (the second a no-op), and keeps data, ids, views, grants', async () => {
    const fixes = findings.filter((f) => f.fixable);
    const scripts: string[] = [];
    for (const f of fixes) {
      if (!f.fix.startsWith('pg-exact ')) {
        scripts.push(`\\set ON_ERROR_STOP on\n${f.fix}\n`);
        continue;
      }
      const printed = await runCli(cliArgs(f.fix));
      expect(printed.code, f.fix).toBe(0);
      expect(printed.stdout.startsWith('-- pg-exact preset')).toBe(true);
      expect(printed.stdout).toContain('\\set ON_ERROR_STOP on\nBEGIN;');
      scripts.push(printed.stdout);
    }
    for (const pass of [1, 2]) {
      const applied = psql(viaPsql, scripts.join('\n'));
      expect(applied.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('NOTICE:')), `pass ${pass}`).toEqual([]);
      expect(applied.status, `pass ${pass}`).toBe(0);
    }
    await expectKept(viaPsql);
  }, 120_000);

  test('every printed fix run with --apply applies, twice, and keeps the same', async () => {
    for (const pass of [1, 2]) {
      for (const f of findings.filter((x) => x.fixable && x.fix.startsWith('pg-exact '))) {
        const result = await runCli([...cliArgs(f.fix), '--apply', urlOf(viaApply)]);
        expect(result.stderr, `${f.fix} (pass ${pass})`).toBe('');
        expect(result.code, `${f.fix} (pass ${pass})`).toBe(0);
        expect(result.stdout).toMatch(/^Plan /);
      }
    }
    await expectKept(viaApply);
  }, 120_000);

  test('a failing migration stops psql and --apply with a non-zero exit', async () => {
    const printed = await runCli(['preset', 'json-to-jsonb', '--table', 'users', '--column', 'email']);
    expect(psql(viaPsql, printed.stdout).status).toBe(3);
    const applied = await runCli(['preset', 'json-to-jsonb', '--table', 'users', '--column', 'email', '--apply', urlOf(viaPsql)]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/has type text, expected json/);
    // --apply without a URL takes DATABASE_URL; --dry-run right after it is a flag, not the URL.
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = urlOf(viaPsql);
    try {
      const dry = await runCli(['preset', 'json-to-jsonb', '--table', 'users', '--column', 'prefs', '--apply', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^Plan json_to_jsonb_users_prefs\n {2}change {3}public\.users\.prefs/);
      expect(dry.stdout).toContain('--dry-run: nothing was changed.');
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    const blocked = await runCli(['preset', 'timestamp-to-timestamptz', '--table', 'events', '--column', 'at', '--from-zone', 'UTC', '--apply', urlOf(viaPsql)]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/blocked {2}events\.at is part of the partition key/);
  }, 60_000);
});

async function expectKept(database: string) {
  const after = await snapshot(database);
  // Type changes print some values differently (float text → numeric text is the same digits).
  expect(after).toEqual(before);
  expect(await sequencePositions(database)).toEqual({ ...positions });

  // Nothing fixable is left: only the partition key, explained.
  const left = await auditJson(database);
  expect(left.map((f) => `${f.kind} ${f.table}.${f.column} ${f.fixable}`)).toEqual([
    'timestamp-without-time-zone events.at false',
    'timestamp-without-time-zone sessions.started_at false',
  ]);

  // The application role still inserts: through the parent, straight into a partition, with an
  // id past 2^31 referenced by the widened foreign keys, and through the shared sequence.
  await withClient(urlOf(database, role), async (app) => {
    const { rows: user } = await app.query(`INSERT INTO users (email) VALUES ('new@example.com') RETURNING id::text`);
    expect(user[0]!.id).toBe(String(BigInt(positions.users!) + 1n));
    await app.query(`INSERT INTO users (id, email) OVERRIDING SYSTEM VALUE VALUES (3000000000, 'big@example.com')`);
    await app.query(`INSERT INTO user_ref_3 (user_id, reviewer_id) VALUES (3000000000, 3000000000)`);
    await app.query(`INSERT INTO memberships VALUES (1, 3000000000, 'member')`);
    await app.query(`INSERT INTO membership_audit (org_id, member_id, note) VALUES (1, 3000000000, 'big')`);
    const { rows: partition } = await app.query(
      `INSERT INTO orders_2025 (placed_on, user_id, unit_price, payload) VALUES ('2025-03-01', 3000000000, 1.10, '{"a":1}') RETURNING id::text`,
    );
    expect(partition[0]!.id).toBe(String(BigInt(positions.orders!) + 1n));
    const { rows: parent } = await app.query(`INSERT INTO orders (placed_on, user_id, unit_price) VALUES ('2024-07-01', 1, 2.20) RETURNING id::text`);
    expect(parent[0]!.id).toBe(String(BigInt(positions.orders!) + 2n));
    await app.query(`INSERT INTO accounts (id, name) VALUES (3000000001, 'big')`);
    await app.query(`INSERT INTO account_events (account_id, kind) VALUES (3000000001, 'opened')`);
    const { rows: note } = await app.query(`INSERT INTO notes (body) VALUES ('n') RETURNING id::text`);
    expect(note[0]!.id).toBe(String(BigInt(positions.notes!) + 1n));
    const { rows: invoice } = await app.query(`INSERT INTO invoices (user_id, amount) VALUES (1, 2.5) RETURNING id::text`);
    expect(invoice[0]!.id).toBe('1001'); // resynced past the imported id 1000
    await expect(app.query(`INSERT INTO orders (placed_on, user_id, unit_price, payload) VALUES ('2024-07-02', 1, 1, '[1]')`)).rejects.toThrow(/orders_payload_check/);
  });
}
