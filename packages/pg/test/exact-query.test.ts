// exactQuery over a client pg-exact does not own (a vanilla pg.Pool), as @pg-exact/drizzle uses it.
import { PgExactValueError } from '@pg-exact/core';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { databaseUrl } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { exactQuery, exactTypes } from '../src/index.js';

describeServer('exactQuery over a vanilla pg.Pool', () => {
  let pool: pg.Pool;
  const send = (...args: unknown[]) => (pool.query as (...a: unknown[]) => unknown).apply(pool, args);

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
  });

  test('promise form: exact values both ways, the config untouched', async () => {
    const config = { text: 'SELECT $1::int8 AS n, $2::numeric AS d', values: [2n ** 63n - 1n, '1.50'] };
    const result = (await exactQuery(send, config, undefined, undefined, exactTypes)) as pg.QueryResult;
    expect(result.rows[0]).toMatchObject({ n: 2n ** 63n - 1n });
    expect(String(result.rows[0].d)).toBe('1.50'); // the scale PostgreSQL printed
    expect(config).toEqual({ text: 'SELECT $1::int8 AS n, $2::numeric AS d', values: [2n ** 63n - 1n, '1.50'] });
  });

  test('callback forms reach the callback (pg.Pool#query reads only the argument)', async () => {
    const viaValues = await new Promise((resolve, reject) =>
      exactQuery(send, 'SELECT $1::int8 AS n', [7n], (error: Error | null, result: pg.QueryResult) =>
        error ? reject(error) : resolve(result.rows[0].n), exactTypes),
    );
    expect(viaValues).toBe(7n);
    const viaSecond = await new Promise((resolve, reject) =>
      exactQuery(send, 'SELECT 9007199254740993::int8 AS n', (error: Error | null, result: pg.QueryResult) =>
        error ? reject(error) : resolve(result.rows[0].n), undefined, exactTypes),
    );
    expect(viaSecond).toBe(9007199254740993n);
  });

  test('a value that cannot be written is the error of the call, nothing sent', async () => {
    await expect(exactQuery(send, 'SELECT $1::jsonb', [{ x: Number.NaN }], undefined, exactTypes) as Promise<unknown>).rejects.toThrow(
      PgExactValueError,
    );
    const viaCallback = await new Promise((resolve) => exactQuery(send, 'SELECT $1::jsonb', [{ x: Number.NaN }], resolve, exactTypes));
    expect(viaCallback).toBeInstanceOf(PgExactValueError);
  });
});
