// WallClockPlugin: a `timestamp` column holding wall-clock time in a named zone, read and written as
// instants. What it writes must be the server's `instant AT TIME ZONE zone` (col::text) and what it
// reads the server's `col AT TIME ZONE zone`, around both 2024 DST changes, in any process TZ and a
// non-UTC session TimeZone (on the server; `node scripts/matrix.mjs` runs it under other Kysely versions).
import { PreciseDate } from '@pg-exact/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overridingSystemValue, WallClockPlugin } from '../src/index.js';
import { type DialectCase, type DialectTarget, serverCase } from './helpers.js';
import { describeServer } from '../../../test/support/vitest-server.js';

const ZONE = 'America/Los_Angeles';

/** Instants every 17 minutes within 3 hours of both 2024 changes in Los Angeles, with µs, and ±infinity. */
function instants(): PreciseDate[] {
  const changes = [Date.parse('2024-03-10T10:00:00Z'), Date.parse('2024-11-03T09:00:00Z')];
  const list = changes.flatMap((change) => Array.from({ length: 22 }, (_, i) => new PreciseDate(change + (i - 11) * 17 * 60_000, (i * 37) % 1000)));
  return [...list, PreciseDate.POSITIVE_INFINITY, PreciseDate.NEGATIVE_INFINITY];
}

const inOverlap = (at: Date) => at.getTime() >= Date.parse('2024-11-03T08:00:00Z') && at.getTime() < Date.parse('2024-11-03T09:00:00Z');

describe('WallClockPlugin options', () => {
  it('refuses a bad key or zone', () => {
    expect(() => new WallClockPlugin({ created_at: ZONE })).toThrow(/table\.column/);
    expect(() => new WallClockPlugin({ 'orders.created_at': '+05:00' })).toThrow(TypeError);
  });
});

// The plugin works on Kysely's query tree, the same for every dialect: the server only (the conversion
// does not depend on the driver), keeping PGlite's start-up out of the suite's time.
const dialect: DialectCase = serverCase;

describeServer('server, session TimeZone Asia/Kathmandu', () => {
  let target: DialectTarget;
  beforeAll(async () => {
    target = await dialect.open([new WallClockPlugin({ 'wall_orders.created_at': ZONE })], 1);
    await sql`set time zone 'Asia/Kathmandu'`.execute(target.db);
    await sql`create table wall_orders (id int8 generated always as identity primary key, created_at timestamp(6), instant timestamptz, back timestamptz)`.execute(target.db);
  });
  afterAll(() => target?.close());

  const serverText = async (query: string) => (await sql<{ t: string | null }>`select (${sql.raw(query)})::text as t`.execute(target.db)).rows[0]?.t ?? null;

  it('writes instants as the zone\'s wall clock, as the server computes it (col::text)', async () => {
    const list = instants();
    await target.db.insertInto('wall_orders').values(list.map((at) => ({ created_at: at, instant: at }))).execute();
    expect(
      await serverText(`select string_agg(instant::text || ' → ' || created_at::text, ', ') from wall_orders
                         where created_at::text is distinct from (instant at time zone '${ZONE}')::text`),
    ).toBeNull();
    expect(await serverText('select count(*) from wall_orders')).toBe(String(list.length));
  });

  it('reads wall clocks as the instants the server gives (DST gap: shifted forward; overlap: the later), by name, alias, selectAll and RETURNING', async () => {
    await sql`insert into wall_orders (created_at) values ('2024-03-10 02:00:00'), ('2024-03-10 02:59:59.999999'), ('2024-11-03 01:00:00'), ('2024-11-03 01:30:00.000001')`.execute(
      target.db,
    );
    await sql`update wall_orders set back = created_at at time zone ${sql.lit(ZONE)}`.execute(target.db);
    const rows = await target.db.selectFrom('wall_orders').selectAll().orderBy('id').execute();
    expect(rows.filter((row) => !row.created_at.equals(row.back)).map((row) => `${row.created_at.toISOString()} ≠ ${row.back.toISOString()}`)).toEqual([]);
    const roundTrip = rows.filter((row) => row.instant !== null && !inOverlap(row.instant));
    expect(roundTrip.filter((row) => !row.created_at.equals(row.instant)).map((row) => row.instant.toISOString())).toEqual([]);
    expect(roundTrip.length).toBeGreaterThan(40);

    const aliased = await target.db.selectFrom('wall_orders as o').select(['o.created_at as c', 'o.back']).where('o.back', 'is not', null).execute();
    expect(aliased.every((row) => row.c.equals(row.back))).toBe(true);
    const returned = await target.db
      .insertInto('wall_orders')
      .values({ created_at: new PreciseDate('2024-07-01T16:00:00.123456Z') })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(returned.created_at.toISOString()).toBe('2024-07-01T16:00:00.123456Z');
    expect(await target.text('wall_orders', 'created_at', returned.id)).toBe('2024-07-01 09:00:00.123456');
  });

  it('converts instants in where clauses (=, in), update set and on conflict do update set', async () => {
    const at = new PreciseDate('2024-12-24T20:00:00.000001Z');
    const { id } = await target.db.insertInto('wall_orders').values({ created_at: at }).returning('id').executeTakeFirstOrThrow();
    const found = await target.db.selectFrom('wall_orders').select('id').where('created_at', '=', at).execute();
    expect(found).toEqual([{ id }]);
    const listed = await target.db.selectFrom('wall_orders').select('id').where('wall_orders.created_at', 'in', [at, new PreciseDate(0)]).execute();
    expect(listed).toEqual([{ id }]);
    await target.db.updateTable('wall_orders').set({ created_at: new PreciseDate('2025-01-01T07:59:59.5Z') }).where('id', '=', id).execute();
    expect(await target.text('wall_orders', 'created_at', id)).toBe('2024-12-31 23:59:59.5');
    await overridingSystemValue(
      target.db
        .insertInto('wall_orders')
        .values({ id, created_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ created_at: new PreciseDate('2025-06-30T23:00:00Z') })),
    ).execute();
    expect(await target.text('wall_orders', 'created_at', id)).toBe('2025-06-30 16:00:00');
  });
});
