import { checkIdentifierText, quoteIdent } from './presets/preset-sql.js';
import type { Queryable } from './queryable.js';

/** Options of {@link gaplessCounter}. */
export interface GaplessCounterOptions {
  /** The counters table, as stored. Default `'pgx_gapless_counter'`. */
  table?: string;
  /** Its schema. Default `'public'`. */
  schema?: string;
}

/** The SQL of a gapless counter, for any driver or ORM, and a helper that runs it. */
export interface GaplessCounter {
  /** `CREATE TABLE IF NOT EXISTS …(name text PRIMARY KEY, value bigint NOT NULL)`: put it in a migration. */
  readonly createTableSql: string;
  /**
   * The next number of counter `$1`, as text in column `value`: `INSERT … ON CONFLICT DO UPDATE
   * SET value = value + 1 RETURNING value::text`. The first call for a name returns 1.
   */
  readonly nextSql: string;
  /**
   * Runs {@link nextSql} on `tx`, which must be inside the transaction that uses the number
   * (the row lock it takes is what makes the numbers gapless), and returns the number.
   */
  next(tx: Queryable, name: string): Promise<bigint>;
}

/**
 * A gapless counter (invoice numbers and the like): one row per counter, incremented with
 * `UPDATE … RETURNING` inside the caller's transaction. The row stays locked until that
 * transaction ends, so concurrent transactions take numbers one after another; a rollback undoes
 * its increment and the next transaction gets the same number. Sequences cannot do this (a
 * rolled-back `nextval` is gone: gaps by design).
 *
 * The price is that transactions drawing from the same counter run one at a time from the draw to
 * their commit: draw late in the transaction, and use one counter per series.
 *
 * ```ts
 * import pg from 'pg';
 * import { gaplessCounter } from '@pg-exact/core';
 *
 * const invoices = gaplessCounter();
 * await pool.query(invoices.createTableSql); // once, in a migration
 *
 * const client = await pool.connect();
 * await client.query('BEGIN');
 * const number = await invoices.next(client, 'invoice-2025'); // 1n, 2n, 3n…, never a gap
 * await client.query('INSERT INTO invoice (number, total) VALUES ($1, $2)', [number, total]);
 * await client.query('COMMIT');
 * client.release();
 * ```
 */
export function gaplessCounter(options: GaplessCounterOptions = {}): GaplessCounter {
  const table = checkIdentifierText('gaplessCounter', 'table', options.table ?? 'pgx_gapless_counter');
  const schema = checkIdentifierText('gaplessCounter', 'schema', options.schema ?? 'public');
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const createTableSql = `CREATE TABLE IF NOT EXISTS ${qualified} (name text PRIMARY KEY, value bigint NOT NULL CHECK (value > 0))`;
  const nextSql =
    `INSERT INTO ${qualified} AS c (name, value) VALUES ($1, 1) ` +
    'ON CONFLICT (name) DO UPDATE SET value = c.value + 1 RETURNING c.value::text AS value';
  return {
    createTableSql,
    nextSql,
    async next(tx, name) {
      if (typeof name !== 'string' || name === '') throw new TypeError('gaplessCounter.next: the counter name must be a non-empty string');
      const { rows } = await tx.query(nextSql, [name]);
      const value = rows[0]?.value;
      if (value === undefined || value === null) throw new Error('gaplessCounter.next: the INSERT … RETURNING returned no row');
      return BigInt(String(value));
    },
  };
}
