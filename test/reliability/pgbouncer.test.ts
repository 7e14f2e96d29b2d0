// Behind PgBouncer in transaction pooling (one server connection shared by every client, default
// configuration otherwise): the pin must be accepted, hold for every pg-exact client whatever
// other clients SET, and values must stay exact. PgBouncer is started by the suite itself.
import { Decimal, PreciseDate } from '@pg-exact/core';
import { createPool } from '@pg-exact/pg';
import { createSql } from '@pg-exact/postgres-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { rawTextTypes } from '../support/server.js';
import { pgbouncerBinary, startPgBouncer, type RunningPgBouncer } from '../support/pgbouncer.js';
import { describeServer } from '../support/vitest-server.js';

if (!pgbouncerBinary && process.env.CI === 'true') {
  throw new Error('CI=true and pgbouncer is not installed: .ci/run installs the Debian package pgbouncer');
}
if (!pgbouncerBinary) console.warn('\n⚠ pgbouncer is not installed: the PgBouncer suite is SKIPPED (apt-get install pgbouncer)\n');

const probe = `SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds,
  '2024-03-10 12:00:00.123456+05:45'::timestamptz AS at, '2024-03-10 12:00:00.654321'::timestamp AS wall,
  9007199254740993::int8 AS n, '2024-01-01'::date AS d, '{"id": 12345678901234567890}'::jsonb AS j`;

function expectExact(row: Record<string, unknown>): void {
  expect(row.tz).toBe('UTC');
  expect(row.ds).toBe('ISO, MDY');
  expect(row.at).toBeInstanceOf(PreciseDate);
  expect((row.at as PreciseDate).toISOString()).toBe('2024-03-10T06:15:00.123456Z');
  expect((row.at as PreciseDate).getMicroseconds()).toBe(456);
  expect((row.wall as PreciseDate).getUTCHours()).toBe(12);
  expect((row.wall as PreciseDate).getMicroseconds()).toBe(321);
  expect(row.n).toBe(9007199254740993n);
  expect(row.d).toBe('2024-01-01');
  expect(row.j).toEqual({ id: 12345678901234567890n });
}

(pgbouncerBinary ? describeServer : describe.skip)('behind PgBouncer (transaction pooling, one server connection)', () => {
  let bouncer: RunningPgBouncer;
  let url: string;
  let other: pg.Client; // another application's client on the same PgBouncer, with its own settings
  const schema = `pgx_bouncer_${process.pid}`;

  beforeAll(async () => {
    const upstream = new URL(inject('conformanceUrl'));
    bouncer = await startPgBouncer({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    url = bouncer.url(upstream.pathname.slice(1)); // the conformance database: default TimeZone Asia/Kathmandu
    other = new pg.Client({ connectionString: url, types: rawTextTypes });
    await other.connect();
    await other.query(`SET TIME ZONE 'America/New_York'`);
    await other.query(`SET DateStyle = 'SQL, DMY'`);
    await other.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await other.query(`CREATE TABLE ${schema}.t (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz, wall timestamp, amount numeric(38,18), doc jsonb)`);
  });

  afterAll(async () => {
    await other?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await other?.end().catch(() => undefined);
    await bouncer?.stop();
  });

  test('pg: the default startup pin is refused by PgBouncer before 1.20, with an error that names the fix', async () => {
    const pool = createPool({ connectionString: url, max: 1 });
    try {
      const attempt = pool.query('SELECT 1');
      if (/^1\.1\d\./.test(bouncer.version)) {
        await expect(attempt).rejects.toThrow(/unsupported startup parameter.*pin: 'pooler'/s);
      } else {
        await attempt.catch(() => undefined); // 1.20+ parses `options`; what it accepts depends on its config
      }
    } finally {
      await pool.end();
    }
  });

  test("pg, pin: 'pooler': every client sees the pin and exact values while another client SETs its own zone", async () => {
    const pool = createPool({ connectionString: url, max: 4, pin: 'pooler' });
    try {
      const rounds = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          if (i % 3 === 0) {
            const { rows } = await other.query<{ tz: string; ds: string }>(
              `SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds`,
            );
            return rows[0];
          }
          return (await pool.query(probe)).rows[0] as Record<string, unknown>;
        }),
      );
      for (const [i, row] of rounds.entries()) {
        if (i % 3 === 0) expect(row).toEqual({ tz: 'America/New_York', ds: 'SQL, DMY' });
        else expectExact(row as Record<string, unknown>);
      }
    } finally {
      await pool.end();
    }
  });

  test("pg, pin: 'pooler': writes store exactly what was sent, in a transaction and outside one", async () => {
    const pool = createPool({ connectionString: url, max: 3, pin: 'pooler' });
    const at = new PreciseDate('2024-03-10T06:15:00.123456Z');
    const wall = new PreciseDate('2024-03-10T12:00:00.654321Z');
    try {
      const inserted = await pool.query(
        `INSERT INTO ${schema}.t (at, wall, amount, doc) VALUES ($1, $2, $3, $4) RETURNING id`,
        [at, wall, new Decimal('12345678901234567890.123456789012345678'), { id: 2n ** 64n + 1n }],
      );
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${schema}.t (at) VALUES ($1)`, [at]);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      const raw = new pg.Client({ connectionString: inject('conformanceUrl'), types: rawTextTypes }); // direct, not through PgBouncer
      await raw.connect();
      await raw.query(`SET TIME ZONE 'UTC'`);
      try {
        const { rows } = await raw.query(`SELECT id::text, at::text, wall::text, amount::text, doc::text FROM ${schema}.t`);
        expect(rows).toEqual([
          {
            id: String(inserted.rows[0].id),
            at: '2024-03-10 06:15:00.123456+00',
            wall: '2024-03-10 12:00:00.654321',
            amount: '12345678901234567890.123456789012345678',
            doc: '{"id": 18446744073709551617}',
          },
        ]);
      } finally {
        await raw.end();
      }
      expect(typeof inserted.rows[0].id).toBe('bigint');
    } finally {
      await pool.end();
    }
  });

  test("postgres.js: the default pin is refused by PgBouncer's default configuration; pin: 'pooler' is exact", async () => {
    const refused = createSql(url, { max: 1, prepare: false, connect_timeout: 5 });
    try {
      if (/^1\.1\d\./.test(bouncer.version)) {
        await expect(refused`SELECT 1`).rejects.toThrow(/unsupported startup parameter/);
      }
    } finally {
      await refused.end({ timeout: 1 });
    }
    const sql = createSql(url, { max: 3, prepare: false, pin: 'pooler' });
    try {
      const rows = await Promise.all(Array.from({ length: 8 }, () => sql.unsafe(probe)));
      for (const [row] of rows) expectExact(row as Record<string, unknown>);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
