// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// The gapless counter under concurrency: 20 transactions at once, every third rolled back, leave
// numbers 1..n with no gap and no duplicate, on the server (node-postgres pool) and on PGlite.
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { databaseUrl } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { gaplessCounter } from '../src/gapless-counter.js';

const schema = `pgx_gapless_${randomBytes(4).toString('hex')}`;
const counter = gaplessCounter({ schema, table: 'Counters' });

test('the SQL quotes names and the helper validates them', () => {
  expect(counter.createTableSql).toContain(`"${schema}"."Counters"`);
  expect(() => gaplessCounter({ table: '' })).toThrow(TypeError);
});

describeServer('gapless counter on the server', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
    await pool.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.invoice (number bigint PRIMARY KEY, worker int)`);
    await pool.query(counter.createTableSql);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  test('20 concurrent transactions, some rolled back: no gap, no duplicate', async () => {
    await Promise.all(
      Array.from({ length: 20 }, async (_, worker) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const number = await counter.next(client, 'invoice');
          await client.query(`INSERT INTO ${schema}.invoice VALUES ($1, $2)`, [number.toString(), worker]);
          await new Promise((resolve) => setTimeout(resolve, worker % 4)); // interleave commits
          await client.query(worker % 3 === 0 ? 'ROLLBACK' : 'COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await pool.query(`SELECT number::text FROM ${schema}.invoice ORDER BY invoice.number`);
    const committed = 20 - Math.ceil(20 / 3);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: committed }, (_, i) => String(i + 1)));
    const { rows: state } = await pool.query(`SELECT value::text FROM ${schema}."Counters" WHERE name = 'invoice'`);
    expect(state).toEqual([{ value: String(committed) }]);
  });
});

test('gapless counter on PGlite: rolled-back numbers are reused', async () => {
  const db = await PGlite.create();
  try {
    await db.exec(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.invoice (number bigint PRIMARY KEY)`);
    await db.exec(counter.createTableSql);
    const numbers: bigint[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction(async (tx) => {
            const number = await counter.next(tx, 'invoice');
            await tx.query(`INSERT INTO ${schema}.invoice VALUES ($1)`, [number.toString()]);
            if (i % 3 === 0) await tx.rollback();
            else numbers.push(number);
          })
          .catch(() => undefined),
      ),
    );
    const { rows } = await db.query<{ number: string }>(`SELECT number::text FROM ${schema}.invoice ORDER BY invoice.number`);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1)));
    expect(numbers.sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 13 }, (_, i) => BigInt(i + 1)));
  } finally {
    await db.close();
  }
});
