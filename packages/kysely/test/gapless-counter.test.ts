// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// The core gapless counter through Kysely transactions (ExactPGliteDialect): 20 concurrent
// transactions, every third rolled back, leave 1..13 with no gap and no duplicate.
import { gaplessCounter } from '@pg-exact/core';
import { createPGlite } from '@pg-exact/pglite';
import { Kysely, sql, type Transaction } from 'kysely';
import { expect, test } from 'vitest';
import { ExactPGliteDialect } from '../src/index.js';

const counter = gaplessCounter();

/** The counter's helper over a Kysely transaction: its one query, with the name bound as a parameter. */
const next = async (trx: Transaction<any>, name: string) =>
  (await sql<{ value: string }>`INSERT INTO pgx_gapless_counter AS c (name, value) VALUES (${name}, 1)
    ON CONFLICT (name) DO UPDATE SET value = c.value + 1 RETURNING c.value::text AS value`.execute(trx)).rows[0]!.value;

test('20 concurrent Kysely transactions, some rolled back: no gap, no duplicate', async () => {
  const pglite = await createPGlite();
  const db = new Kysely<any>({ dialect: new ExactPGliteDialect({ pglite }) });
  try {
    await sql.raw(counter.createTableSql).execute(db);
    await sql`CREATE TABLE invoice (number bigint PRIMARY KEY)`.execute(db);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction()
          .execute(async (trx) => {
            const number = BigInt(await next(trx, 'invoice'));
            await trx.insertInto('invoice').values({ number }).execute();
            if (i % 3 === 0) throw new Error('roll back');
          })
          .catch((error: Error) => {
            if (error.message !== 'roll back') throw error;
          }),
      ),
    );
    const { rows } = await sql<{ n: string }>`SELECT number::text AS n FROM invoice ORDER BY number`.execute(db);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1)));
  } finally {
    await db.destroy();
  }
});
