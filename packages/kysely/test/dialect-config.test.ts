// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { PreciseDate } from '@pg-exact/core';
import { createPGlite } from '@pg-exact/pglite';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { ExactPGliteDialect, ExactPostgresDialect, IdentityReturningPlugin } from '../src/index.js';
import { databaseUrl } from './helpers.js';

const probe = sql<{ n: bigint; at: PreciseDate; tz: string }>`select 9223372036854775807::int8 as n, '2024-01-01 00:00:00.000001+00'::timestamptz as at, current_setting('TimeZone') as tz`;

describeServer('ExactPostgresDialect config forms', () => {
  it('{ connectionString, max } builds an exact, pinned pool and ends it on destroy', async () => {
    const config = { connectionString: databaseUrl, max: 2 };
    const copy = structuredClone(config);
    const db = new Kysely<any>({ dialect: new ExactPostgresDialect(config) });
    const { rows } = await probe.execute(db);
    expect(rows[0]?.n).toBe(9223372036854775807n);
    expect(rows[0]?.at).toBeInstanceOf(PreciseDate);
    expect(rows[0]?.at.getMicroseconds()).toBe(1);
    expect(rows[0]?.tz).toBe('UTC');
    await db.destroy();
    expect(config).toEqual(copy);
  });

  it('onCreateConnection runs on the new connection', async () => {
    let calls = 0;
    const db = new Kysely<any>({
      dialect: new ExactPostgresDialect({
        connectionString: databaseUrl,
        max: 1,
        onCreateConnection: async () => {
          calls++;
        },
      }),
    });
    await probe.execute(db);
    await probe.execute(db);
    await db.destroy();
    expect(calls).toBe(1);
  });
});

describe('ExactPGliteDialect config forms', () => {
  it('{} creates an in-memory exact instance and closes it on destroy', async () => {
    const db = new Kysely<any>({ dialect: new ExactPGliteDialect() });
    const { rows } = await probe.execute(db);
    expect(rows[0]?.n).toBe(9223372036854775807n);
    expect(rows[0]?.at.getMicroseconds()).toBe(1);
    await db.destroy();
  });

  it('leaves a passed-in instance open on destroy', async () => {
    const pglite = await createPGlite();
    const db = new Kysely<any>({ dialect: new ExactPGliteDialect({ pglite }) });
    await probe.execute(db);
    await db.destroy();
    expect((await pglite.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await pglite.close();
  });

  it('a failing query releases the connection', async () => {
    const db = new Kysely<any>({ dialect: new ExactPGliteDialect(), plugins: [new IdentityReturningPlugin()] });
    await expect(sql`select * from missing_table`.execute(db)).rejects.toThrow(/missing_table/);
    expect((await probe.execute(db)).rows[0]?.n).toBe(9223372036854775807n);
    const streamed: unknown[] = [];
    for await (const row of db.selectFrom(sql`generate_series(1, 5)`.as('g')).selectAll().stream(2)) streamed.push(row);
    expect(streamed).toHaveLength(5);
    await db.destroy();
  });
});
