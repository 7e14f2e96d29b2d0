// exec() (simple protocol, several statements), transactions and file-backed data directories
// are exact too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPGlite, type ExactPGlite } from '../src/index.js';
import { render } from './render.js';

let db: ExactPGlite;

beforeAll(async () => {
  db = await createPGlite();
  await db.exec('CREATE TABLE ledger (id int8 PRIMARY KEY, amount numeric, at timestamptz, doc jsonb)');
});

afterAll(async () => {
  await db?.close();
});

describe('exec()', () => {
  test('parses every result set of a multi-statement string exactly', async () => {
    const results = await db.exec(`
      SELECT 9007199254740993::int8 AS i, '0.1'::numeric AS n;
      SET TIME ZONE 'Asia/Kolkata';
      SELECT '2024-03-10 01:59:59.123456+00'::timestamptz AS t, '{1,NULL}'::int8[] AS a, '{"x": 12345678901234567890}'::jsonb AS j;
      RESET TimeZone;
    `);
    expect(results.map((result) => render(result.rows))).toEqual([
      '[{i: 9007199254740993n, n: Decimal(0.1)}]',
      '[]',
      '[{t: PreciseDate(2024-03-10T01:59:59.123456Z), a: [1n, null], j: {x: 12345678901234567890n}}]',
      '[]',
    ]);
  });
});

describe('transactions', () => {
  test('tx.query, tx.sql and tx.exec read and write exactly', async () => {
    const at = new PreciseDate('2024-03-10T01:59:59.123456Z');
    const read = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO ledger VALUES ($1, $2, $3, $4)', [2n ** 63n - 1n, new Decimal('0.10000000000000000001'), at, { n: 2n ** 64n }]);
      await tx.sql`INSERT INTO ledger VALUES (${1n}, ${10n ** 30n}, ${new Date('2024-01-01T00:00:00Z')}, ${[1n, 'two']})`;
      const viaQuery = await tx.query('SELECT * FROM ledger ORDER BY id');
      const viaExec = await tx.exec('SELECT id, amount::text AS amount, at::text AS at, doc::text AS doc FROM ledger ORDER BY id');
      return { viaQuery: render(viaQuery.rows), viaExec: render(viaExec[0]?.rows) };
    });
    expect(read.viaQuery).toBe(
      '[{id: 1n, amount: Decimal(1000000000000000000000000000000), at: PreciseDate(2024-01-01T00:00:00.000000Z), doc: [1, "two"]}, ' +
        '{id: 9223372036854775807n, amount: Decimal(0.10000000000000000001), at: PreciseDate(2024-03-10T01:59:59.123456Z), doc: {n: 18446744073709551616n}}]',
    );
    expect(read.viaExec).toBe(
      '[{id: 1n, amount: "1000000000000000000000000000000", at: "2024-01-01 00:00:00+00", doc: "[1, \\"two\\"]"}, ' +
        '{id: 9223372036854775807n, amount: "0.10000000000000000001", at: "2024-03-10 01:59:59.123456+00", doc: "{\\"n\\": 18446744073709551616}"}]',
    );
  });

  test('bad input inside a transaction throws PgExactValueError and the transaction writes nothing', async () => {
    await db.exec('DELETE FROM ledger');
    const error = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO ledger (id) VALUES ($1)', [1n]);
        await tx.query('INSERT INTO ledger (id, amount) VALUES ($1, $2)', [2n, 0.1]); // an inexact float
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgExactValueError);
    const { rows } = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger');
    expect(rows[0]?.n).toBe(0n);
  });

  test("a SET TIME ZONE inside a transaction keeps instants exact", async () => {
    const text = await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL TIME ZONE 'America/St_Johns'`);
      await tx.query('INSERT INTO ledger (id, at) VALUES ($1, $2)', [3n, new Date('2024-03-10T12:00:00Z')]);
      const { rows } = await tx.query<{ at: PreciseDate; t: string }>('SELECT at, at::text AS t FROM ledger WHERE id = 3');
      return `${rows[0]?.at.toISOString()} ${rows[0]?.t}`;
    });
    expect(text).toBe('2024-03-10T12:00:00.000000Z 2024-03-10 09:30:00-02:30' /* DST began 02:00 local */);
  });
});

test('clone() is exact and pinned too', async () => {
  await db.exec(`DELETE FROM ledger; INSERT INTO ledger (id, amount) VALUES (9007199254740993, 0.10)`);
  const copy = await db.clone();
  try {
    const { rows } = await copy.query(`SELECT id, amount, current_setting('TimeZone') AS tz FROM ledger`);
    expect(render(rows)).toBe('[{id: 9007199254740993n, amount: Decimal(0.10), tz: "UTC"}]');
    const written = await copy.query<{ t: string }>('SELECT $1::timestamp::text AS t', [new Date('2024-03-10T12:00:00Z')]);
    expect(written.rows[0]?.t).toBe('2024-03-10 12:00:00');
  } finally {
    await copy.close();
  }
});

describe('a file-backed data directory', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-exact-pglite-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('is exact and pinned when written, and again when reopened', async () => {
    const at = new PreciseDate('2024-03-10T01:59:59.123456Z');
    const first = await createPGlite(dir);
    try {
      await first.exec('CREATE DOMAIN amount AS numeric; CREATE TABLE kept (id int8, a amount, b amount[], at timestamptz, ts timestamp)');
      await first.query('INSERT INTO kept VALUES ($1, $2, $3, $4, $5)', [
        9007199254740993n, new Decimal('12345678901234567890.5'), [new Decimal('0.1')], at, at,
      ]);
      // Stored in the data directory: would win over the command-line pin at the next start.
      await first.exec(`ALTER DATABASE postgres SET TimeZone = 'Asia/Kolkata'`);
    } finally {
      await first.close();
    }

    const second = await createPGlite(dir, { debug: 0 });
    try {
      const { rows } = await second.query('SELECT id, a, b, at, ts, ts::text AS tst, current_setting(\'TimeZone\') AS tz FROM kept');
      expect(render(rows[0])).toBe(
        '{id: 9007199254740993n, a: Decimal(12345678901234567890.5), b: [Decimal(0.1)], ' +
          'at: PreciseDate(2024-03-10T01:59:59.123456Z), ts: PreciseDate(2024-03-10T01:59:59.123456Z), ' +
          'tst: "2024-03-10 01:59:59.123456", tz: "UTC"}',
      );
    } finally {
      await second.close();
    }
  });
});
